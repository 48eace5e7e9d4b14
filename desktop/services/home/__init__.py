"""工作台: this month's agenda and the chart figures."""
