"""The data foundation's reads and checks: the catalogue (catalog), quality checks as data and their scoring
(checks), the incremental run on each sync (quality), rectification items (rectify), exchange (exchange)."""
