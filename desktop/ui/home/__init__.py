"""The 工作台 tab: agenda, charts, opening a record in its tab."""
