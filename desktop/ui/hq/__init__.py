"""The HQ workbook dialogs: export for HQ, merge at HQ."""
