"""Map reads for 一张图 GIS: layer frames, drawer details and the 3D core view."""
