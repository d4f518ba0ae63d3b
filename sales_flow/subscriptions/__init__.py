"""Subscriptions: billing periods and proration (pure functions on dates), the recurring invoice
generator (billing.py), statuses (status.py) and plan changes and cancelations (changes.py)."""
