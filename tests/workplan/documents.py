"""Small real documents made in the tests: PDF (WeasyPrint), DOCX (python-docx), and XLSX,
PPTX and ODT containers built by hand with zipfile."""

from __future__ import annotations

import io
import zipfile
from html import escape

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package'
                 '.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/{part}" ContentType="{main}"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="{part}"/></Relationships>')


def pdf(*pages: str) -> bytes:
    """A PDF with one A4 page per text."""
    from weasyprint import HTML

    body = "".join(f'<section style="break-after: page"><h1>{escape(text)}</h1></section>'
                   for text in pages)
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def docx(text: str = "A briefing paper") -> bytes:
    """A Word document with a heading and a paragraph."""
    from docx import Document

    document = Document()
    document.add_heading(text, level=1)
    document.add_paragraph("For decision.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _zip(entries: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def xlsx() -> bytes:
    """A minimal spreadsheet container."""
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    return _zip({"[Content_Types].xml": CONTENT_TYPES.format(part="xl/workbook.xml", main=main),
                 "_rels/.rels": RELS.format(part="xl/workbook.xml"),
                 "xl/workbook.xml": '<workbook xmlns="http://schemas.openxmlformats.org/'
                                    'spreadsheetml/2006/main"><sheets/></workbook>'})


def pptx() -> bytes:
    """A minimal presentation container."""
    main = ("application/vnd.openxmlformats-officedocument.presentationml.presentation"
            ".main+xml")
    return _zip({"[Content_Types].xml": CONTENT_TYPES.format(part="ppt/presentation.xml",
                                                             main=main),
                 "_rels/.rels": RELS.format(part="ppt/presentation.xml"),
                 "ppt/presentation.xml": "<presentation/>"})


def odt() -> bytes:
    """A minimal OpenDocument text: the mimetype entry first, stored."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
    return out.getvalue()


def fake_docx() -> bytes:
    """A zip that only pretends to be a Word document (no content types, no word/ part)."""
    return _zip({"readme.txt": "not a document", "payload.bin": b"\x00" * 100})


def exe() -> bytes:
    """The start of a Windows executable."""
    return b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200 + b"This program cannot be run in DOS"


def zip_bomb(uncompressed: int) -> bytes:
    """A docx-looking container whose one part expands to `uncompressed` bytes."""
    main = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            ".main+xml")
    return _zip({"[Content_Types].xml": CONTENT_TYPES.format(part="word/document.xml",
                                                             main=main),
                 "word/document.xml": b"\x00" * uncompressed})
