"""The 专项合同 tab and its dialogs."""
