"""Models of exams and screening (#4); imported at the end of db.models so Base.metadata holds them."""

from __future__ import annotations
