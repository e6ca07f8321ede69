"""Emergency command pages (/emergency, /emergency/incident)."""
