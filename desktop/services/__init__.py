"""Use cases: small functions that take a Session and do one unit of work. No Qt, no dialogs."""
