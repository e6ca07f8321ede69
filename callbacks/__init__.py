"""Dash callbacks, one module per page (same name as in layouts/); helpers start with an underscore."""
