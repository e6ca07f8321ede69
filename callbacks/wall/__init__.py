"""The wall (/wall/<profile>), its admin page (/walls) and the visitors' tour (/tour): scenes of the city's vital\nsigns, the playlist and the alert takeover."""
