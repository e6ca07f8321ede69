"""Video reads and writes: channels and alerts, saved wall layouts, alert review."""
