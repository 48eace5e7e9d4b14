"""The 慰问帮扶 tab, its pages and dialogs."""
