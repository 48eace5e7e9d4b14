"""The 四期保护 tab, its lists and dialogs."""
