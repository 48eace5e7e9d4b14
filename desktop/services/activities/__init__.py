"""品牌活动: brands, activities, participants, honours, reach, their forms, reminders and export."""

from desktop.services.areas import Contributions

# What this area adds to the shared registries (loaded by name on first use, see desktop.services.areas).
CONTRIBUTES = Contributions(forms=("printing",), reminders=("reminders.activity_reminders",), profile=("profile",))
