"""Rules of a country, each in its own package (france/)."""
