"""The 需求调研 tab and its dialogs."""
