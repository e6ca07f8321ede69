"""Smart dispatch (智能派单): placeholder until the model lands."""

from __future__ import annotations


def cached_evaluation(session):
    return None


def suggest_for_ticket(session, ticket_no: str):
    return None
