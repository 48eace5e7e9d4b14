"""慰问帮扶: condolence visits, standards, payout batches, hardship files (一户一档), forms and export."""

from desktop.services.areas import Contributions

# What this area adds to the shared registries (loaded by name on first use, see desktop.services.areas).
CONTRIBUTES = Contributions(
    forms=("printing",),
    reminders=("reminders.hardship_review_reminders", "reminders.batch_reminders"),
    profile=("profile",),
)
