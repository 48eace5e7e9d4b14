"""The 职工名册 tab and the worker dialog."""
