"""Papers on agenda items: uploads checked by their content, versions, stored by hash."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path, PurePath
from typing import BinaryIO

from flask import current_app
from sqlalchemy import func, select

from network import audit
from network.errors import Conflict, ValidationFailed
from network.extensions import db
from network.members.models import Person
from network.workplan import storage
from network.workplan.models import AgendaItem, ItemStatus, Meeting, Paper, PaperVersion
from network.workplan.services.meetings import CLOSED, require

MIME_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
}
TYPE_LABELS = {"pdf": "PDF", "docx": "Word", "xlsx": "Excel", "pptx": "PowerPoint",
               "odt": "OpenDocument text"}
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
    """A PDF the pack can use: readable, not password-protected, with pages."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            _refuse("The PDF is password-protected: upload a copy without a password")
        if len(reader.pages) == 0:
            _refuse("The PDF has no pages")
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError):
        _refuse("The PDF could not be read: it may be damaged")
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
    sha, size, file_type = storage.save_stream(
        stream, current_app.config["MAX_PAPER_BYTES"], "file", check=detect_type)
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
                           size=size, sha256=sha, uploaded_by_id=actor.id)
    db.session.add(version)
    db.session.flush()
    audit.record("paper.uploaded", actor=actor, obj=paper, label=paper.title,
                 after={"item_id": item.id, "version": number, "filename": name,
                        "file_type": file_type, "size": size, "sha256": sha})
    return version
