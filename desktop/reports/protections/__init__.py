"""四期保护 forms (ledger, notice) and ledger workbook."""
