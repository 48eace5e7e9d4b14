"""特种病保险 ledger form and tables."""
