"""需求调研 needs-list form and tables."""
