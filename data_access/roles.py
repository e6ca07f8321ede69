"""The roles and the role sets every layer checks against (one place: the data layer masks by them, the web layer
guards callbacks and routes with them)."""

from __future__ import annotations

ROLES = ("wall", "visitor", "officer", "supervisor", "admin", "auditor", "inspector", "landlord", "grid")
ALL_ROLES = frozenset(ROLES)
PUBLIC_ROLES = frozenset({"wall", "visitor", "anonymous"})  # see masked data only; "anonymous": nobody signed in
SEAT_ROLES = frozenset({"officer", "supervisor", "admin", "auditor"})  # the hall's seats (auditors read, never act)
MEDIA_ROLES = SEAT_ROLES | {"wall"}  # may see camera pictures: the seats and the hall's wall
ACT_ROLES = frozenset({"officer", "supervisor", "admin"})  # may act on tickets, alarms, alerts; may reveal and export
SUPERVISE_ROLES = frozenset({"supervisor", "admin"})  # decisions above an officer: extensions, cancelling, sharing
INSPECT_ROLES = frozenset({"inspector", "supervisor", "admin"})  # may log a shop inspection (一铺一码)
CODE_ROLES = frozenset({"supervisor", "admin"})  # may print plates and revoke plate codes
TENANT_ROLES = frozenset({"landlord", "grid", "admin"})  # keep a rental unit's tenant register (see it unmasked)
