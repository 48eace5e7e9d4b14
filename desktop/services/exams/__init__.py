"""体检与两癌筛查: exam plans, appointments, scheduling, coverage, notices and export."""
