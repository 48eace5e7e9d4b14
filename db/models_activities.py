"""Models of branded activities and honours (#6); imported at the end of db.models so Base.metadata holds them."""

from __future__ import annotations
