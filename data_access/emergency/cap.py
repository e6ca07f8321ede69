"""CAP 1.2 (OASIS) XML for warning messages, and an Atom index of them (the CAP feed). Times in +08:00; the
identifier is the GB/T 35965.1 form (data_access/writes/emergency.py); a drill's messages carry status Exercise;
Update and Cancel reference the warning's earlier messages ("sender,identifier,sent" each)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from lxml import etree

from data_access.emergency import catalog as C
from data_access.worktime import to_local

NS = "urn:oasis:names:tc:emergency:cap:1.2"
ATOM = "http://www.w3.org/2005/Atom"
XSD = Path(__file__).resolve().parent / "schemas" / "CAP-v1.2.xsd"
SENDER_NAME = "灵武市突发事件预警信息发布中心"
RESPONSE = {"Alert": "Prepare", "Update": "Prepare", "Cancel": "AllClear"}


def cap_time(at: datetime) -> str:
    return to_local(at).strftime("%Y-%m-%dT%H:%M:%S+08:00")


def _el(parent, name: str, text: str | None = None):
    e = etree.SubElement(parent, f"{{{NS}}}{name}")
    if text is not None:
        e.text = text
    return e


def _pair(parent, name: str, key: str, value: str) -> None:
    e = _el(parent, name)
    _el(e, "valueName", key)
    _el(e, "value", value)


def alert_element(m: dict, *, lang: str = "zh-CN"):
    """One CAP <alert> for a warning message (from data_access.emergency.warnings.messages)."""
    root = etree.Element(f"{{{NS}}}alert", nsmap={None: NS})
    _el(root, "identifier", m["identifier"])
    _el(root, "sender", C.SENDER)
    _el(root, "sent", cap_time(m["sent"]))
    _el(root, "status", "Exercise" if m["exercise"] else "Actual")
    _el(root, "msgType", m["msg_type"])
    _el(root, "scope", "Public")
    if m["exercise"]:
        _el(root, "note", "演练 Exercise")
    if m["references"]:
        _el(root, "references", " ".join(f"{C.SENDER},{i},{cap_time(s)}" for i, s in m["references"]))
    name, category, _dept = C.HAZARDS[m["hazard"]]
    info = _el(root, "info")
    _el(info, "language", lang)
    _el(info, "category", category)
    _el(info, "event", f"{name}预警")
    _el(info, "responseType", RESPONSE[m["msg_type"]])
    _el(info, "urgency", "Past" if m["msg_type"] == "Cancel" else C.CAP_URGENCY[m["color"]])
    _el(info, "severity", C.CAP_SEVERITY[m["color"]])
    _el(info, "certainty", "Likely")
    _pair(info, "eventCode", "GB/T 35965.1 color", m["color"])
    _el(info, "effective", cap_time(m["effective"]))
    if m["expires"] is not None:
        _el(info, "expires", cap_time(m["expires"]))
    _el(info, "senderName", SENDER_NAME)
    _el(info, "headline", m["headline"])
    if m["description"]:
        _el(info, "description", m["description"])
    if m["instruction"]:
        _el(info, "instruction", m["instruction"])
    area = _el(info, "area")
    _el(area, "areaDesc", m["area_desc"])
    if m["polygon"]:
        _el(area, "polygon", m["polygon"])
    for code in m["area_codes"] or [C.AREA_CODE]:
        _pair(area, "geocode", "GB/T 2260", code)
    return root


def alert_xml(m: dict) -> bytes:
    return etree.tostring(alert_element(m), xml_declaration=True, encoding="UTF-8", pretty_print=True)


def feed_xml(messages: list[dict], *, base: str, updated: datetime) -> bytes:
    """An Atom feed: one entry per message, linking its CAP XML (the CAP-feeds convention)."""
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    etree.SubElement(feed, f"{{{ATOM}}}id").text = f"urn:cap:{C.SENDER}:feed"
    etree.SubElement(feed, f"{{{ATOM}}}title").text = f"{SENDER_NAME} CAP"
    etree.SubElement(feed, f"{{{ATOM}}}updated").text = cap_time(updated)
    etree.SubElement(feed, f"{{{ATOM}}}author").append(_atom("name", SENDER_NAME))
    for m in messages:
        e = etree.SubElement(feed, f"{{{ATOM}}}entry")
        e.append(_atom("id", f"urn:cap:{m['identifier']}"))
        e.append(_atom("title", ("【演练】" if m["exercise"] else "") + m["headline"]))
        e.append(_atom("updated", cap_time(m["sent"])))
        e.append(_atom("summary", f"{m['msg_type']} · {m['color']} · {m['area_desc']}"))
        link = etree.SubElement(e, f"{{{ATOM}}}link")
        link.set("rel", "alternate")
        link.set("type", "application/cap+xml")
        link.set("href", f"{base}/api/cap/{m['identifier']}.xml")
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _atom(name: str, text: str):
    e = etree.Element(f"{{{ATOM}}}{name}")
    e.text = text
    return e


def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))
