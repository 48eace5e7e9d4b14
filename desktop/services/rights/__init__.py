"""维权诉求: requests, their steps, the list and the yearly summary."""

from desktop.services.areas import Contributions

# What this area adds to the shared registries (loaded by name on first use, see desktop.services.areas).
CONTRIBUTES = Contributions(forms=("outputs",))
