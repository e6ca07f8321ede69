"""12345 and 数字城管 reads: the ticket grid and feed, one ticket for the drawer, statistics, Open311 records,\nreminders and smart-dispatch history."""
