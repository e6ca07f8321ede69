"""数据底座 data foundation: the catalogue (/data), a resource (/data/resource), a department (/data/dept)."""
