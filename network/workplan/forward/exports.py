"""The annual workplan as an Excel workbook (openpyxl) and an A4 PDF (WeasyPrint)."""

from __future__ import annotations

import io

from flask import current_app, render_template
from openpyxl import Workbook
from openpyxl.styles import Font

from network.inputs import clean_text
from network.workplan.actions.exports import safe_cell
from network.workplan.forward.annual import Workplan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = ["Quarter", "Workstream", "Date", "Type", "Title", "Status or purpose", "Meeting"]


def rows(plan: Workplan) -> list[list]:
    """One list of cells per line of the workplan, in HEADERS order (dates as dates)."""
    return [[f"Q{quarter.number}", group.workstream, row.on, row.kind, row.title, row.status,
             row.meeting]
            for quarter in plan.quarters for group in quarter.groups for row in group.rows]


def to_xlsx(plan: Workplan) -> bytes:
    """The workplan as one sheet with a bold header, real dates and a frozen header row."""
    book = Workbook()
    sheet = book.active
    sheet.title = f"Workplan {plan.year}-{str(plan.year + 1)[2:]}"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(plan):
        sheet.append([safe_cell(v) for v in row])
    for cell in sheet["C"][1:]:
        cell.number_format = "DD/MM/YYYY"
    for column, width in zip("ABCDEFG", (9, 30, 12, 14, 60, 20, 35), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_pdf(plan: Workplan) -> bytes:
    """The workplan as an A4 landscape PDF, a section per quarter."""
    from weasyprint import HTML

    html = render_template("workplan/forward/workplan_document.html", plan=plan,
                           network_name=current_app.config["NETWORK_NAME"])
    return HTML(string=clean_text(html), base_url=current_app.root_path).write_pdf()
