"""The agenda pack as one PDF (WeasyPrint cover and agenda, papers merged with pypdf,
bookmarks, page numbers) and the agenda as a Word document (python-docx)."""

from __future__ import annotations

import io
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app, render_template

from network.inputs import clean_text
from network.time import show as london
from network.workplan import pdf_content, storage
from network.workplan.items.models import TYPE_LABELS, AgendaItem, Paper, PaperVersion
from network.workplan.meetings.models import Meeting


@dataclass
class PackPaper:
    """The latest version of one paper, and where it starts in the pack (if merged)."""

    paper: Paper
    version: PaperVersion
    pages: int = 0
    start: int | None = None  # 0-based page index in the pack
    problem: str = ""

    @property
    def note(self) -> str:
        """How the agenda refers to the paper."""
        if self.start is not None:
            return f"page {self.start + 1}"
        if self.problem:
            return f"{self.problem}: available in the portal"
        return f"{TYPE_LABELS[self.version.file_type]} document: available in the portal"


@dataclass
class PackRow:
    """An agenda line of the pack."""

    number: int
    item: AgendaItem
    starts_at: datetime
    papers: list[PackPaper] = field(default_factory=list)


def pack_rows(meeting: Meeting, with_confidential: bool) -> list[PackRow]:
    """The agenda (items, papers and versions loaded), numbered and timed over the full
    agenda; the observers' variant leaves confidential items out."""
    rows, clock = [], meeting.starts_at
    items = sorted((i for i in meeting.items if i.is_on_agenda), key=lambda i: i.position or 0)
    for number, item in enumerate(items, start=1):
        if with_confidential or not item.is_confidential:
            papers = [PackPaper(p, p.versions[-1]) for p in item.papers if p.versions]
            rows.append(PackRow(number, item, clock, papers))
        clock += timedelta(minutes=item.duration_minutes or item.minutes_requested or 0)
    return rows


def _open_papers(rows: list[PackRow], files: ExitStack) -> dict[int, object]:
    """pypdf readers for the PDF papers that can be merged; the rest get a note. Papers stored
    before upload checked pages and inflated size are checked here again, so one of them can
    only be left out, never stop the pack. Each reader reads its file from this machine's disk
    (the stored file, or with the database backend a copy made in one sequential read, since
    pypdf jumps about a file), closed and removed with `files`, so a pack of large papers is
    not read into memory before it is written."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    config = current_app.config
    max_pages, max_inflated = config["MAX_PAPER_PAGES"], config["MAX_PAPER_INFLATED_BYTES"]
    readers = {}
    for row in rows:
        for entry in row.papers:
            if entry.version.file_type != "pdf":
                continue
            try:
                path = files.enter_context(storage.local_path(entry.version.sha256))
                handle = files.enter_context(open(path, "rb"))  # noqa: SIM115 - files closes it
                reader = PdfReader(handle, strict=False)
                if reader.is_encrypted:
                    raise ValueError("encrypted")
                contents = pdf_content.inspect(reader, max_pages, max_inflated)
                if not 0 < contents.pages <= max_pages or contents.inflated > max_inflated:
                    raise ValueError("too large")
                entry.pages = len(reader.pages)
            except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
                    RecursionError, OSError, pdf_content.TooComplex, storage.FileMissing):
                entry.problem = "could not be included in the pack"
                continue
            readers[entry.version.id] = reader
    return readers


def _render(template: str, **context) -> bytes:
    from weasyprint import HTML

    html = render_template(template, **context)
    return HTML(string=clean_text(html), base_url=current_app.root_path).write_pdf()


def _page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _front(meeting, rows, context) -> tuple[bytes, bytes]:
    """Cover and agenda; the agenda says on which page each paper starts."""
    cover = _render("workplan/meetings/pack/cover.html", meeting=meeting, **context)
    agenda_pages, agenda = 1, b""
    for _attempt in range(4):  # page references may lengthen the agenda; settle it
        start = _page_count(cover) + agenda_pages
        for row in rows:
            for entry in row.papers:
                if entry.pages:
                    entry.start, start = start, start + entry.pages
        agenda = _render("workplan/meetings/pack/agenda.html", meeting=meeting, rows=rows,
                         **context)
        if _page_count(agenda) == agenda_pages:
            break
        agenda_pages = _page_count(agenda)
    return cover, agenda


def _stamp(writer, label: str) -> None:
    """'Page n of N' at the foot of every page, on a page of the same size."""
    from pypdf import PdfReader

    sizes, pages = [], []
    for page in writer.pages:
        if page.get("/Rotate", 0):
            page.transfer_rotation_to_content()
        box = page.mediabox
        size = (round(float(box.width), 2), round(float(box.height), 2))
        if size not in sizes:
            sizes.append(size)
        pages.append(sizes.index(size))
    stamp_pdf = _render("workplan/meetings/pack/stamp.html", sizes=sizes, pages=pages, label=label)
    stamps = PdfReader(io.BytesIO(stamp_pdf))
    for page, stamp in zip(writer.pages, stamps.pages, strict=True):
        box = page.mediabox
        if float(box.left) or float(box.bottom):
            from pypdf import Transformation

            page.merge_transformed_page(stamp, Transformation().translate(
                float(box.left), float(box.bottom)))
        else:
            page.merge_page(stamp)


def build_pack(meeting: Meeting, with_confidential: bool, published_at: datetime,
               is_late: bool) -> bytes:
    """One PDF: cover, agenda, then each PDF paper in agenda order, with bookmarks per item
    and paper and page numbers on every page."""
    with ExitStack() as files:
        return _build_pack(meeting, pack_rows(meeting, with_confidential), files,
                           with_confidential, published_at, is_late)


def _build_pack(meeting, rows, files, with_confidential, published_at, is_late) -> bytes:
    from pypdf import PdfWriter

    readers = _open_papers(rows, files)
    context = {"with_confidential": with_confidential, "published_at": published_at,
               "is_late": is_late, "network_name": current_app.config["NETWORK_NAME"]}
    cover, agenda = _front(meeting, rows, context)
    writer = PdfWriter()
    writer.append(io.BytesIO(cover), import_outline=False)
    agenda_start = len(writer.pages)
    writer.append(io.BytesIO(agenda), import_outline=False)
    for row in rows:
        for entry in row.papers:
            if entry.version.id in readers:
                writer.append(readers[entry.version.id], import_outline=False)
    writer.add_outline_item(title="Cover", page_number=0)
    writer.add_outline_item(title="Agenda", page_number=agenda_start)
    for row in rows:
        merged = [e for e in row.papers if e.start is not None]
        parent = writer.add_outline_item(
            title=f"{row.number}. {row.item.title}",
            page_number=merged[0].start if merged else agenda_start)
        for entry in merged:
            writer.add_outline_item(title=entry.paper.title, page_number=entry.start,
                                    parent=parent)
    writer.page_mode = "/UseOutlines"
    _stamp(writer, meeting.title)
    writer.add_metadata({"/Title": f"{meeting.title}: agenda pack",
                         "/Author": current_app.config["NETWORK_NAME"]})
    pdf_content.strip_active_content(writer)  # papers stored before upload refused it
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def agenda_docx(meeting: Meeting, with_confidential: bool) -> bytes:
    """The agenda as a Word document: heading, meeting details and a table of items."""
    from docx import Document

    document = Document()
    document.core_properties.title = clean_text(f"{meeting.title}: agenda")
    document.add_paragraph(current_app.config["NETWORK_NAME"])
    document.add_heading(clean_text(meeting.title), level=0)
    place = ", ".join(p for p in (meeting.venue, meeting.room) if p) or "Online only"
    details = [("When", f"{london(meeting.starts_at)} to {london(meeting.ends_at, '%-I:%M%p')}"),
               ("Where", place), ("Online", meeting.online_link or "No online joining link"),
               ("Chair", meeting.chair or "To be confirmed")]
    for label, value in details:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(clean_text(value))
    if not with_confidential:
        document.add_paragraph("Confidential items are not included in this copy.")
    document.add_heading("Agenda", level=1)
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("No.", "Time", "Item", "Purpose", "Presenter"),
                          strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in pack_rows(meeting, with_confidential):
        title = row.item.title + (" (confidential)" if row.item.is_confidential else "")
        papers = "; ".join(e.paper.title for e in row.papers)
        cells = table.add_row().cells
        values = (str(row.number), london(row.starts_at, "%H:%M"),
                  title + (f"\nPapers: {papers}" if papers else ""), row.item.purpose.label,
                  row.item.presenter or "")
        for cell, value in zip(cells, values, strict=True):
            cell.text = clean_text(value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
