"""需求调研: surveys, answers, results and the 职工需求清单."""

from desktop.services.areas import Contributions

# What this area adds to the shared registries (loaded by name on first use, see desktop.services.areas).
CONTRIBUTES = Contributions(forms=("outputs",))
