"""The command line, ``union-desk``: headless subcommands over services and reports. Errors are one clear line,
never a traceback.

program.py parses and runs; session.py opens, locks and signs in to the data file; each command group has its
own module (new_file, roster, exports, pdf, files, accounts, hq_key, records, contracts, reminders).
"""

from desktop.cli.errors import EXIT_FAIL, EXIT_OK, CliError
from desktop.cli.program import main

__all__ = ["EXIT_FAIL", "EXIT_OK", "CliError", "main"]
