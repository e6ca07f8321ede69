"""The write path's error types: any of them means nothing was written."""

from __future__ import annotations


class WriteError(ValueError):
    """Bad input for the write API: nothing was written."""


class InvalidTransition(WriteError):
    """The action is not allowed in the ticket's (or incident's) current state."""


class VersionConflict(WriteError):
    """Someone else changed the record first."""
