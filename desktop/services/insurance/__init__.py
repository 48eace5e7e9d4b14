"""特种病保险: enrolments, claims, renewal reminders and the ledger."""

from desktop.services.areas import Contributions

# What this area adds to the shared registries (loaded by name on first use, see desktop.services.areas).
CONTRIBUTES = Contributions(forms=("outputs",), reminders=("reminders.insurance_reminders",), profile=("profile",))
