"""What the law of one country adds to the sales cycle, one package per country."""
