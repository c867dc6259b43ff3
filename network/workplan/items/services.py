"""Agenda items: member offices submit them, the secretariat triages and orders them; their
papers."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path, PurePath
from typing import BinaryIO

from flask import current_app
from sqlalchemy import func, select

from network import audit
from network.db import utcnow
from network.email import queue_email
from network.errors import Conflict, ValidationFailed
from network.extensions import db
from network.members.models import Person
from network.members.policy import require, why_not
from network.workplan import pdf_content, storage
from network.workplan.items import paper_text
from network.workplan.items.models import AgendaItem, ItemEvent, ItemStatus, Paper, PaperVersion
from network.workplan.items.rules import deadline_passed
from network.workplan.meetings import services as meeting_services
from network.workplan.meetings.models import CLOSED, Meeting, MeetingStatus

ITEM_FIELDS = ["title", "purpose", "summary", "minutes_requested", "presenter", "workstream_id",
               "is_confidential"]


def _event(item: AgendaItem, actor: Person | None, action: str, detail: str = "") -> None:
    db.session.add(ItemEvent(item_id=item.id, actor_id=getattr(actor, "id", None),
                             action=action, detail=detail))


def _check_open(meeting: Meeting) -> None:
    if meeting.status in CLOSED:
        raise Conflict(f"This meeting is {meeting.status.label.lower()}: items can no longer "
                       "be added")


def _check_fields(data: dict) -> None:
    minutes = data.get("minutes_requested")
    if minutes is None or not 1 <= minutes <= 240:
        raise ValidationFailed("Time requested must be between 1 and 240 minutes",
                               "minutes_requested")


def submit_item(actor: Person, meeting: Meeting, data: dict) -> AgendaItem:
    """A member office submits an item before the deadline."""
    require(actor, "item.submit", meeting)
    _check_open(meeting)
    if reason := why_not(actor, "item.submit", meeting):
        raise Conflict(reason.text)
    _check_fields(data)
    item = AgendaItem(meeting_id=meeting.id, office_id=actor.office_id, submitted_by_id=actor.id,
                      status=ItemStatus.SUBMITTED, **{k: data.get(k) for k in ITEM_FIELDS})
    db.session.add(item)
    db.session.flush()
    _event(item, actor, "submitted")
    audit.record("item.submitted", actor=actor, obj=item,
                 after=audit.changes(item, ITEM_FIELDS))
    return item


def add_item(actor: Person, meeting: Meeting, data: dict, late_reason: str = "") -> AgendaItem:
    """The secretariat puts an item straight on the agenda; after the deadline it is late."""
    require(actor, "meeting.manage", meeting)
    _check_open(meeting)
    _check_fields(data)
    late = deadline_passed(meeting)
    if late and not late_reason.strip():
        raise ValidationFailed("The deadline has passed: give the reason this item is late",
                               "late_reason")
    item = AgendaItem(meeting_id=meeting.id, submitted_by_id=actor.id,
                      status=ItemStatus.ACCEPTED, is_late=late, late_reason=late_reason.strip(),
                      position=_next_position(meeting),
                      duration_minutes=data.get("minutes_requested"),
                      **{k: data.get(k) for k in ITEM_FIELDS})
    db.session.add(item)
    db.session.flush()
    _event(item, actor, "added", "late: " + late_reason if late else "")
    audit.record("item.added", actor=actor, obj=item, after=audit.changes(item, ITEM_FIELDS))
    return item


def update_submission(actor: Person, item: AgendaItem, data: dict) -> AgendaItem:
    """The submitting office edits its item until triage."""
    require(actor, "item.edit", item)
    _check_fields(data)
    before = audit.changes(item, ITEM_FIELDS)
    for key in ITEM_FIELDS:
        setattr(item, key, data.get(key))
    _event(item, actor, "edited")
    audit.record("item.edited", actor=actor, obj=item, before=before,
                 after=audit.changes(item, ITEM_FIELDS))
    return item


def withdraw_submission(actor: Person, item: AgendaItem) -> AgendaItem:
    """The submitting office withdraws its item before triage."""
    require(actor, "item.edit", item)
    item.status = ItemStatus.WITHDRAWN
    _event(item, actor, "withdrawn")
    audit.record("item.withdrawn", actor=actor, obj=item)
    return item


def _next_position(meeting: Meeting) -> int:
    top = db.session.scalar(select(func.max(AgendaItem.position)).where(
        AgendaItem.meeting_id == meeting.id, AgendaItem.position < 10_000))
    return (top or 0) + 10


def _tell_office(item: AgendaItem, outcome: str, meeting: Meeting, **context) -> None:
    if item.submitted_by_id is None or item.office_id is None:
        return
    person = db.session.get(Person, item.submitted_by_id)
    if person is None or not person.is_active:
        return
    queue_email(f"item-{outcome}:{item.id}:{utcnow():%Y%m%d%H%M%S%f}", person.email,
                f"Your item '{item.title}': {outcome}", "item_outcome", person=person,
                item=item, outcome=outcome, meeting=meeting, **context)


def _triageable(actor: Person, item: AgendaItem) -> Meeting:
    require(actor, "item.triage", item)
    if item.status != ItemStatus.SUBMITTED:
        raise Conflict(f"This item is already {item.status.label.lower()}")
    meeting = db.session.get(Meeting, item.meeting_id)
    _check_open(meeting)
    return meeting


def accept_item(actor: Person, item: AgendaItem, duration: int | None) -> AgendaItem:
    """Place a submitted item on the agenda (after the items already there)."""
    meeting = _triageable(actor, item)
    duration = duration or item.minutes_requested
    if not 1 <= duration <= 240:
        raise ValidationFailed("Duration must be between 1 and 240 minutes", "duration")
    item.status, item.position, item.duration_minutes = (ItemStatus.ACCEPTED,
                                                         _next_position(meeting), duration)
    _event(item, actor, "accepted", f"{duration} minutes")
    audit.record("item.accepted", actor=actor, obj=item, after={"duration": duration})
    _tell_office(item, "accepted", meeting)
    return item


def defer_item(actor: Person, item: AgendaItem, target: Meeting) -> AgendaItem:
    """Move a submitted item to a later meeting; it keeps its history and stays submitted."""
    meeting = _triageable(actor, item)
    if target.id == meeting.id or target.starts_at <= meeting.starts_at:
        raise ValidationFailed("Choose a later meeting", "target")
    if target.status in CLOSED:
        raise ValidationFailed(f"That meeting is {target.status.label.lower()}", "target")
    item.meeting_id = target.id
    _event(item, actor, "deferred", f"from meeting {meeting.id} to meeting {target.id}")
    audit.record("item.deferred", actor=actor, obj=item,
                 before={"meeting_id": meeting.id}, after={"meeting_id": target.id})
    _tell_office(item, "deferred", meeting, target=target)
    return item


def decline_item(actor: Person, item: AgendaItem, reason: str) -> AgendaItem:
    """Decline a submitted item with a reason the office sees."""
    meeting = _triageable(actor, item)
    if not reason.strip():
        raise ValidationFailed("Give the reason the item is declined", "reason")
    item.status, item.decline_reason = ItemStatus.DECLINED, reason.strip()
    _event(item, actor, "declined", reason.strip())
    audit.record("item.declined", actor=actor, obj=item, after={"reason": reason.strip()})
    _tell_office(item, "declined", meeting)
    return item


def move_item(actor: Person, item: AgendaItem, direction: int) -> None:
    """Swap an agenda item with its neighbour (-1 up, +1 down); standing items stay put."""
    meeting = db.session.get(Meeting, item.meeting_id)
    require(actor, "meeting.manage", meeting)
    _check_open(meeting)
    movable = list(db.session.scalars(select(AgendaItem).where(
        AgendaItem.meeting_id == meeting.id, AgendaItem.status == ItemStatus.ACCEPTED)
        .order_by(AgendaItem.position)))
    if item not in movable:
        raise Conflict("Only accepted items can be moved")
    index = movable.index(item)
    other = index + direction
    if 0 <= other < len(movable):
        neighbour = movable[other]
        item.position, neighbour.position = neighbour.position, item.position
        audit.record("item.moved", actor=actor, obj=item,
                     after={"position": item.position})


MIME_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
}


# The main part each Office Open XML kind declares in [Content_Types].xml, and its folder.
OOXML = {
    "docx": ("word/", "application/vnd.openxmlformats-officedocument.wordprocessingml"
                      ".document.main+xml"),
    "xlsx": ("xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/", "application/vnd.openxmlformats-officedocument.presentationml"
                     ".presentation.main+xml"),
}


ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


WRONG_TYPE = ("The file must be a PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX) or "
              "OpenDocument text (ODT) document")


MAX_ZIP_ENTRIES = 10_000


UPLOAD_STATUSES = (ItemStatus.SUBMITTED, ItemStatus.ACCEPTED, ItemStatus.STANDING)


def _refuse(message: str = WRONG_TYPE):
    raise ValidationFailed(message, "file")


def _zip_type(path: Path) -> str:
    """DOCX, XLSX, PPTX or ODT from the container's own declarations, or a refusal."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        _refuse()
    with archive:
        entries = archive.infolist()
        limit = current_app.config["MAX_PAPER_UNZIPPED_BYTES"]
        if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > limit:
            _refuse("The file expands to far more than a document should: it cannot be "
                    "accepted")
        names = {e.filename for e in entries}
        try:
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    if member.read(len(ODT_MIMETYPE) + 1).strip() == ODT_MIMETYPE:
                        return "odt"
            if "[Content_Types].xml" in names:
                with archive.open("[Content_Types].xml") as member:
                    declared = member.read(1024 * 1024).decode("utf-8", "replace")
                for kind, (folder, main_type) in OOXML.items():
                    if main_type in declared and any(n.startswith(folder) for n in names):
                        return kind
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
            _refuse()  # damaged, encrypted or an unknown compression method
    _refuse()


def _pdf_check(path: Path) -> str:
    """A PDF the pack can use: readable, not password-protected, with pages (not too many),
    streams that do not inflate past the limit, and no active content."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PyPdfError

    config = current_app.config
    max_pages, max_inflated = config["MAX_PAPER_PAGES"], config["MAX_PAPER_INFLATED_BYTES"]
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            _refuse("The PDF is password-protected: upload a copy without a password")
        contents = pdf_content.inspect(reader, max_pages, max_inflated)
    except (LimitReachedError, pdf_content.TooComplex):
        contents = pdf_content.Contents(pages=1, inflated=max_inflated + 1)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError):
        _refuse("The PDF could not be read: it may be damaged")
    if contents.pages == 0:
        _refuse("The PDF has no pages")
    if contents.pages > max_pages:
        _refuse(f"The PDF has more than {max_pages:,} pages: split it into smaller papers")
    if contents.inflated > max_inflated:
        _refuse(f"The PDF expands to more than {max_inflated // (1024 * 1024)} MB when opened, "
                "far more than a paper should: save it again (for example with 'Print to "
                "PDF') and upload that copy")
    if contents.active:
        found = sorted(contents.active)
        listed = ", ".join(found[:-1]) + " and " + found[-1] if len(found) > 1 else found[0]
        _refuse(f"The PDF contains {listed}, which could run on the computers of everyone "
                "who opens the agenda pack: save it again without them (for example with "
                "'Print to PDF') and upload that copy")
    return "pdf"


def detect_type(path: Path) -> str:
    """The paper's type from its content (never its name or the browser's word for it)."""
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(b"%PDF-"):
        return _pdf_check(path)
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(path)
    _refuse()


def clean_filename(name: str | None) -> str:
    """The last part of the name the browser sent, without control characters."""
    base = PurePath((name or "").replace("\\", "/")).name
    base = "".join(c for c in unicodedata.normalize("NFC", base)
                   if unicodedata.category(c)[0] != "C").strip(" .")
    return base[:200]


def _type_and_text(path: Path) -> tuple[str, str]:
    """The received file's type (refusing what is not a paper) and its text for search, both
    read before the file is stored."""
    file_type = detect_type(path)
    return file_type, paper_text.extract_text(path, file_type)


def download_name(version: PaperVersion) -> str:
    """The name to save a version as: its stem with the extension its content has."""
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", version.filename) or "paper"
    return f"{stem}.{version.file_type}"


def upload_paper(actor: Person, item: AgendaItem, stream: BinaryIO, filename: str | None,
                 title: str = "", paper: Paper | None = None) -> PaperVersion:
    """Attach a file to an item: a new paper, or a new version of one of its papers."""
    require(actor, "paper.upload", item)
    meeting = db.session.get(Meeting, item.meeting_id)
    if meeting.status in CLOSED:
        raise Conflict(f"This meeting is {meeting.status.label.lower()}: papers can no longer "
                       "be added")
    if item.status not in UPLOAD_STATUSES:
        raise Conflict(f"This item is {item.status.label.lower()}: papers can no longer be "
                       "added")
    if paper is not None and paper.item_id != item.id:
        raise ValidationFailed("Choose one of this item's papers", "paper")
    name = clean_filename(filename)
    if not name:
        raise ValidationFailed("Choose a file to upload", "file")
    title = (title or "").strip()
    if len(title) > 300:
        raise ValidationFailed("The title must be 300 characters or fewer", "title")
    sha, size, (file_type, text) = storage.save_stream(
        stream, current_app.config["MAX_PAPER_BYTES"], "file", check=_type_and_text)
    if paper is None:
        paper = Paper(item_id=item.id, title=title or re.sub(r"\.[^.]+$", "", name) or name)
        db.session.add(paper)
        db.session.flush()
        number = 1
    else:
        if title:
            paper.title = title
        number = (db.session.scalar(select(func.max(PaperVersion.number)).where(
            PaperVersion.paper_id == paper.id)) or 0) + 1
    version = PaperVersion(paper_id=paper.id, number=number, filename=name, file_type=file_type,
                           size=size, sha256=sha, uploaded_by_id=actor.id, text=text)
    paper.latest_text = text
    db.session.add(version)
    db.session.flush()
    audit.record("paper.uploaded", actor=actor, obj=paper, label=paper.title,
                 after={"item_id": item.id, "version": number, "filename": name,
                        "file_type": file_type, "size": size, "sha256": sha})
    meeting_services.request_pack(meeting)  # a published pack carries the latest versions
    return version


def _removable(actor: Person, paper: Paper) -> tuple[AgendaItem, Meeting]:
    item = db.session.get(AgendaItem, paper.item_id)
    meeting = db.session.get(Meeting, item.meeting_id)
    require(actor, "meeting.manage", meeting)
    if meeting.status == MeetingStatus.MINUTES_APPROVED:
        raise Conflict("The minutes of this meeting are approved: its papers are part of the "
                       "record and cannot be removed")
    if paper.removed_at is not None:
        raise Conflict("This paper has already been removed")
    return item, meeting


def remove_paper(actor: Person, paper: Paper) -> Paper:
    """The secretariat removes a paper with all its versions; a published pack is rebuilt
    without it. The files stay stored for the record and the audit log says who and why."""
    item, meeting = _removable(actor, paper)
    paper.removed_at, paper.removed_by_id = utcnow(), actor.id
    audit.record("paper.removed", actor=actor, obj=paper, label=paper.title,
                 after={"item_id": item.id})
    meeting_services.request_pack(meeting)
    return paper


def remove_version(actor: Person, version: PaperVersion) -> PaperVersion:
    """The secretariat removes one version (the one before becomes the latest again; the last
    one takes the paper with it); a published pack is rebuilt."""
    paper = db.session.get(Paper, version.paper_id)
    item, meeting = _removable(actor, paper)
    if version.removed_at is not None:
        raise Conflict("This version has already been removed")
    version.removed_at, version.removed_by_id = utcnow(), actor.id
    left = db.session.scalar(select(func.count()).select_from(PaperVersion).where(
        PaperVersion.paper_id == paper.id, PaperVersion.removed_at.is_(None),
        PaperVersion.id != version.id))
    if not left:
        paper.removed_at, paper.removed_by_id = version.removed_at, actor.id
    paper.latest_text = db.session.scalar(
        select(PaperVersion.text).where(PaperVersion.paper_id == paper.id,
                                        PaperVersion.removed_at.is_(None),
                                        PaperVersion.id != version.id)
        .order_by(PaperVersion.number.desc()).limit(1)) or ""
    audit.record("paper.version_removed", actor=actor, obj=paper, label=paper.title,
                 after={"item_id": item.id, "version": version.number,
                        "sha256": version.sha256, "paper_removed": not left})
    meeting_services.request_pack(meeting)
    return version


def read_missing_paper_text(batch: int = 100) -> tuple[int, int]:
    """Read the text of PDF and Word versions stored without any (uploaded before papers'
    text was searched, or whose file could not be read then) and refresh each paper's latest
    text; committed per batch. Returns (versions read, versions still without text)."""
    read = empty = 0
    last_id = 0
    while True:
        versions = list(db.session.scalars(
            select(PaperVersion).where(PaperVersion.id > last_id,
                                       PaperVersion.file_type.in_(("pdf", "docx")),
                                       PaperVersion.text == "")
            .order_by(PaperVersion.id).limit(batch)))
        if not versions:
            return read, empty
        for version in versions:
            last_id = version.id
            try:
                with storage.local_path(version.sha256) as path:
                    text = paper_text.extract_text(path, version.file_type)
            except storage.FileMissing:
                text = ""
            if not text:
                empty += 1
                continue
            version.text = text
            read += 1
            latest = db.session.scalar(
                select(PaperVersion.id).where(PaperVersion.paper_id == version.paper_id,
                                              PaperVersion.removed_at.is_(None))
                .order_by(PaperVersion.number.desc()).limit(1))
            if latest == version.id:
                db.session.get(Paper, version.paper_id).latest_text = text
        db.session.commit()
