"""四期保护: protection cases, the rules in force, post conflicts, ledger, notices, reminders."""

from desktop.services.areas import Contributions

# What this area adds to the shared registries (loaded by name on first use, see desktop.services.areas).
CONTRIBUTES = Contributions(forms=("printing",), reminders=("reminders.protection_reminders",), profile=("profile",))
