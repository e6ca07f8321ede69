"""Dash callbacks: one package per domain (hotline, gis, video, wall), each page's module named like its page in
layouts/; the Dash side of the panel engine (refresh). Callbacks parse, call one command or read, render."""
