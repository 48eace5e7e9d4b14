"""职工名册: workers, the roster import and export, its form, the worker profile, the demo people and units."""

from desktop.services.areas import Contributions

# What this area adds to the shared registries (loaded by name on first use, see desktop.services.areas).
CONTRIBUTES = Contributions(forms=("printing",))
