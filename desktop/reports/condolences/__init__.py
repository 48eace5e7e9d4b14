"""慰问帮扶 forms (sign-off sheet, approval, hardship file) and workbook."""
