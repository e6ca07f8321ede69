"""统一报表 as XLSX (openpyxl): a template's form for one department and period, prefilled with the values the shared
dictionary holds; the same sheet read back (the department fills column E offline and uploads it)."""

from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

HEADER_ROW = 6
MAX_ROWS = 200


class SheetError(ValueError):
    """The upload is not a report sheet this app exported."""


def export(form: dict, department_name: str = "") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "报表"
    ws["A1"], ws["B1"] = "统一报表", form["code"]
    ws["A2"], ws["B2"] = "报表名称", form["name"]
    ws["A3"], ws["B3"], ws["C3"] = "填报单位", form["department"], department_name
    ws["A4"], ws["B4"] = "报告期", form["period"]
    for cell in ("A1", "A2", "A3", "A4"):
        ws[cell].font = Font(bold=True)
    heads = ("字段编码", "字段名称", "单位", "必填", "值", "来源")
    for i, h in enumerate(heads, start=1):
        c = ws.cell(HEADER_ROW, i, h)
        c.font = Font(bold=True, color="FFFFFF")
        c.fill = PatternFill("solid", fgColor="C8102E")
    for r, f in enumerate(form["fields"], start=HEADER_ROW + 1):
        ws.cell(r, 1, f["key"])
        ws.cell(r, 2, f["label"])
        ws.cell(r, 3, f["unit"])
        ws.cell(r, 4, "是" if f["required"] else "")
        value = f["value"]
        if value != "" and f["kind"] == "int":
            ws.cell(r, 5, int(value))
        elif value != "" and f["kind"] == "decimal":
            ws.cell(r, 5, float(value))
        else:
            ws.cell(r, 5, value)
        ws.cell(r, 5).alignment = Alignment(horizontal="left")
        ws.cell(r, 6, f["source"] and f"已由 {f['source']} 填报")
        if f["kind"] == "choice" and f["choices"]:
            dv = DataValidation(type="list", formula1='"' + ",".join(f["choices"]) + '"', allow_blank=True)
            ws.add_data_validation(dv)
            dv.add(ws.cell(r, 5))
    for col, width in zip("ABCDEF", (20, 26, 8, 6, 24, 20), strict=True):
        ws.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, datetime):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def read(data: bytes) -> tuple[str, str, str, dict[str, str]]:
    """(template code, department code, period, {field key: value}) from an uploaded sheet."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # why: openpyxl raises many types for a file that is not XLSX
        raise SheetError("not an XLSX file") from exc
    ws = wb["报表"] if "报表" in wb.sheetnames else wb.worksheets[0]
    rows = list(ws.iter_rows(min_row=1, max_row=HEADER_ROW + MAX_ROWS, max_col=6, values_only=True))
    if len(rows) < HEADER_ROW or _text(rows[0][0]) != "统一报表":
        raise SheetError("not a report sheet exported by this system")
    code, dept, period = _text(rows[0][1]), _text(rows[2][1]), _text(rows[3][1])
    values = {}
    for row in rows[HEADER_ROW:]:
        key = _text(row[0]) if row else ""
        if key:
            values[key] = _text(row[4] if len(row) > 4 else None)
    wb.close()
    return code, dept, period, values
