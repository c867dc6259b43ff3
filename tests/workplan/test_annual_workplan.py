"""The annual workplan: a financial year by quarter and workstream, exported to Excel and PDF
(opened with openpyxl and pypdf), milestones from the workstreams' provider."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from network.extensions import db as _db
from network.time import today
from network.workplan.forward import annual
from network.workplan.forward import services as plan_service
from network.workplan.items.models import ItemPurpose, ItemStatus
from network.workplan.workstreams.models import Workstream
from tests.conftest import sign_in_client
from tests.factories import AgendaItemFactory, MeetingFactory


@pytest.fixture
def plan(cast):
    """A workstream meeting in this financial year with an accepted item and a planned item."""
    growth = Workstream(name="Local growth", slug="local-growth")
    _db.session.add(growth)
    _db.session.flush()
    days = (date(annual.current_year() + 1, 3, 20) - today()).days  # before the year ends
    meeting = MeetingFactory(days=min(days, 30), actor=cast["officer"], title="Growth board",
                             workstream_id=growth.id)
    AgendaItemFactory(meeting=meeting, title="Skills devolution", workstream_id=growth.id,
                      status=ItemStatus.ACCEPTED, position=50)
    plan_service.plan_item(cast["officer"], meeting, {
        "title": "Bus franchising update", "purpose": ItemPurpose.DECISION, "notes": "",
        "minutes_planned": 20, "workstream_id": None, "lead_office_id": cast["office_a"].id})
    _db.session.commit()
    return {"meeting": meeting, "growth": growth}


def test_financial_years_and_quarters():
    assert annual.year_of(date(2027, 3, 31)) == 2026
    assert annual.year_of(date(2027, 4, 1)) == 2027
    quarters = annual._quarters(2026)
    assert [(q.starts_on, q.ends_on) for q in quarters] == [
        (date(2026, 4, 1), date(2026, 7, 1)), (date(2026, 7, 1), date(2026, 10, 1)),
        (date(2026, 10, 1), date(2027, 1, 1)), (date(2027, 1, 1), date(2027, 4, 1))]


def test_the_workplan_page_groups_by_quarter_and_workstream(client_request, plan):
    page = client_request.get("annual.index", _as="lead_a")
    assert page.h1.startswith("Annual workplan")
    captions = [c.text for c in page.find_all("caption")]
    assert any(c.startswith("Local growth, quarter") for c in captions)
    assert any(c.startswith(annual.NETWORK_WIDE) for c in captions)
    for shown in ("Growth board", "Skills devolution", "Bus franchising update"):
        assert shown in page.text
    client_request.get("annual.index", _as="lead_a", year="1999", _expected_status=400)
    empty = client_request.get("annual.index", _as="lead_a", year=str(annual.current_year() + 5))
    assert "Nothing planned in this quarter yet" in empty.text


def test_milestones_come_from_the_provider(client_request, plan, monkeypatch):
    # without a Milestone model (the workstreams engineer adds it) the provider gives none
    from network.workplan.workstreams import models as workstream_models

    if not hasattr(workstream_models, "Milestone"):
        assert annual.milestones_from_workstreams(date(2026, 4, 1), date(2027, 4, 1)) == []
    due = annual._quarters(annual.current_year())[3].starts_on + timedelta(days=10)
    monkeypatch.setattr(annual, "milestone_provider", lambda s, e: [
        annual.MilestoneRow(plan["growth"].id, due, "Devolution deal signed", "Not started"),
        annual.MilestoneRow(None, date(1990, 1, 1), "Out of the year")])
    page = client_request.get("annual.index", _as="officer")
    assert "Devolution deal signed" in page.text and "Out of the year" not in page.text


def test_the_workplan_exports_open(app, cast, plan):
    client = sign_in_client(app, cast["officer"])
    response = client.get("/workplan/workplan.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Quarter", "Workstream", "Date", "Type", "Title", "Status or purpose",
                       "Meeting")
    titles = {row[4]: row for row in rows[1:]}
    assert titles["Skills devolution"][1] == "Local growth"
    assert titles["Bus franchising update"][1] == annual.NETWORK_WIDE
    assert titles["Growth board"][3] == "Meeting"
    assert isinstance(titles["Growth board"][2], datetime)  # a real date cell
    pdf = client.get("/workplan/workplan.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    for shown in ("Annual workplan", "Growth board", "Skills devolution",
                  "Bus franchising update", "Quarter 1"):
        assert shown in text


def test_a_formula_in_a_title_is_not_run_by_the_spreadsheet(app, cast, plan):
    plan_service.plan_item(cast["officer"], plan["meeting"], {
        "title": "=HYPERLINK(\"http://evil\")", "purpose": ItemPurpose.DECISION, "notes": "",
        "minutes_planned": 5, "workstream_id": None, "lead_office_id": None})
    _db.session.commit()
    data = sign_in_client(app, cast["officer"]).get("/workplan/workplan.xlsx").data
    titles = [row[4] for row in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]
    assert "'=HYPERLINK(\"http://evil\")" in titles

