"""一张图 GIS (/gis): the 2D map's layers, drawer and grid drill, the 3D core view, and their pure renderers."""
