"""Dialogs: each opened through a classmethod (``ask``) so tests can replace it."""
