"""Models of condolence visits and hardship files (#5); imported at the end of db.models so Base.metadata holds them."""

from __future__ import annotations
