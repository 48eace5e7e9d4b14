"""The 品牌活动 tab, its pages and dialogs."""
