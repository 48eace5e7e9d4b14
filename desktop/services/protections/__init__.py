"""四期保护: protection cases, the rules in force, post conflicts, ledger, notices, reminders."""
