"""Callbacks of the thematic applications (/theme/...), one module per page."""
