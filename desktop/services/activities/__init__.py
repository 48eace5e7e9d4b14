"""品牌活动: brands, activities, participants, honours, reach, their forms, reminders and export."""
