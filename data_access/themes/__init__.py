"""Reads of the thematic applications (/theme/...): one module per theme."""
