"""体检与两癌筛查: exam plans, appointments, scheduling, coverage, notices and export."""

from desktop.services.areas import Contributions

# What this area adds to the shared registries (loaded by name on first use, see desktop.services.areas).
CONTRIBUTES = Contributions(forms=("printing",), reminders=("reminders.exam_reminders",), profile=("profile",))
