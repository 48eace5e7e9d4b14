"""PyInstaller runtime hook: the bundle may sit in a read-only Program Files folder and must never write there.

Alembic imports the migration scripts (shipped as .py files inside the bundle) by path; without this Python
would try to put __pycache__ folders beside them.
"""

import sys

sys.dont_write_bytecode = True
