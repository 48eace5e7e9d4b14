"""Pure rules: no Qt, no database. Everything here is plain functions over dates and dataclasses."""
