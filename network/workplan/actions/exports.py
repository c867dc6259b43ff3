"""The action log as CSV and Excel, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font

from network.inputs import clean_text
from network.workplan.actions.models import Action
from network.workplan.actions.queries import OPEN

HEADERS = ["Reference", "Action", "Owner office", "Owner person", "Due", "Status", "Overdue",
           "Meeting", "Workstream"]
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text without control characters; text a spreadsheet would run as a formula gets a
    leading single quote."""
    if isinstance(value, str):
        value = clean_text(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def rows(actions: list[Action], today: date) -> list[list]:
    """One list of cell values per action, in HEADERS order (dates as dates)."""
    return [[f"A{a.id}", a.description, a.owner_office.name if a.owner_office else "",
             a.owner_person.name if a.owner_person else "", a.due_on, a.status.label,
             "Yes" if a.status in OPEN and a.due_on < today else "No",
             a.meeting.title if a.meeting else "", a.workstream.name if a.workstream else ""]
            for a in actions]


def to_csv(actions: list[Action], today: date) -> str:
    """The actions as CSV text (every field quoted, dates ISO 8601)."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow(HEADERS)
    for row in rows(actions, today):
        writer.writerow([safe_cell(v.isoformat() if isinstance(v, date) else v) for v in row])
    return out.getvalue()


def to_xlsx(actions: list[Action], today: date) -> bytes:
    """The actions as an Excel workbook with one sheet, a bold header and real date cells."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Actions"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(actions, today):
        sheet.append([safe_cell(v) for v in row])
    for cell in sheet["E"][1:]:
        cell.number_format = "DD/MM/YYYY"
    for column, width in zip("ABCDEFGHI", (10, 60, 30, 25, 12, 12, 9, 35, 25), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
