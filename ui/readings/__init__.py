"""Self-monitoring readings typed in by hand: the list, the chart over time, adding one."""
