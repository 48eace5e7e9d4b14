"""特种病保险: enrolments, claims, renewal reminders and the ledger."""
