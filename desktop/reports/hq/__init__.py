"""The HQ workbook: its format, writer and guarded reader."""
