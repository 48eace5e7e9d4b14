"""The 维权诉求 tab and its dialogs."""
