"""专项集体合同: contracts, clauses, the yearly compliance check and the stricter-wins feeds."""

from desktop.services.areas import Contributions

# What this area adds to the shared registries (loaded by name on first use, see desktop.services.areas).
CONTRIBUTES = Contributions(forms=("outputs",), reminders=("reminders.contract_reminders",), profile=("profile",))
