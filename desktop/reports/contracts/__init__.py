"""专项集体合同 compliance-check form and tables."""
