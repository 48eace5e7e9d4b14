"""Widgets shared by every tab: lazy table, filter bar, record dialog, detail pane, pickers."""
