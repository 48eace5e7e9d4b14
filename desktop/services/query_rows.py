"""Query rows typed for unpacking.

mypy reads a Row of more than ten columns, or of columns it cannot type (a model chosen at run time, a
``select(*keys)``), as ``object`` when it is unpacked, so ``for a, b in session.execute(stmt)`` would need a
cast per value. ``Result.tuples()`` gave the same rows typed as tuples but is deprecated from SQLAlchemy 2.1.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any


def tuples(result: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of ``result`` as they are (a Row unpacks like a tuple), typed as tuples of Any."""
    return iter(result)
