"""Use cases: small functions that take a Session and do one unit of work. No Qt, no dialogs."""

# Every record the ORM writes is held to the free-text rules (length per field, no control characters).
from desktop.services import text_guard as _text_guard  # noqa: F401
