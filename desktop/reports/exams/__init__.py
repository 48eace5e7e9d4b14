"""体检筛查 forms (notice, sign-in sheet) and tables."""
