"""The 特种病保险 tab and its dialogs."""
