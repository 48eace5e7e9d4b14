"""职工名册: workers, the roster import and export, the worker profile."""
