"""The 体检筛查 tab and its dialogs."""
