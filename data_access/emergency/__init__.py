"""Emergency command reads (incidents, clocks, warnings, plans, resources, duty, hazards) and its pure rules."""
