"""Wall reads: the city's vital signs, what should take the wall over, and the playlist."""
