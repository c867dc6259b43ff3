"""A version of the Constitution as PDF (WeasyPrint) and Word (python-docx): the title, the
date it took effect, a table of contents, every part and clause, and the decision rules."""

from __future__ import annotations

import io
import re

from flask import current_app, render_template

from network.governance.constitution.models import ConstitutionVersion
from network.governance.constitution.queries import rules_in_words
from network.inputs import clean_text

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def _context(version: ConstitutionVersion) -> dict:
    return {"version": version, "rules": rules_in_words(version),
            "network_name": current_app.config["NETWORK_NAME"]}


def version_pdf(version: ConstitutionVersion) -> bytes:
    """The version as an A4 PDF with a contents page (parts and their page numbers)."""
    from weasyprint import HTML

    html = render_template("governance/constitution/document.html", **_context(version))
    return HTML(string=clean_text(html), base_url=current_app.root_path).write_pdf()


def _plain(markdown: str) -> str:
    """Markdown emphasis markers taken off (Word gets the words, not the asterisks)."""
    return _EMPHASIS.sub(r"\2", clean_text(markdown))


def _clause_paragraphs(document, text: str) -> None:
    for block in re.split(r"\n\s*\n", text.strip()):
        for line in block.splitlines():
            if _LIST_ITEM.match(line):
                document.add_paragraph(_plain(_LIST_ITEM.sub("", line)),
                                       style="List Number" if line.strip()[0].isdigit()
                                       else "List Bullet")
            elif line.strip():
                document.add_paragraph(_plain(line.strip()))


def version_docx(version: ConstitutionVersion) -> bytes:
    """The version as a Word document: title, effective date, contents, text, rules."""
    from docx import Document

    context = _context(version)
    document = Document()
    document.core_properties.title = clean_text(f"{version.title}: {version.label.lower()}")
    document.add_paragraph(context["network_name"])
    document.add_heading(clean_text(version.title), level=0)
    document.add_paragraph(f"{version.label}, in force from "
                           f"{version.effective_from:%-d %B %Y}.")
    document.add_heading("Contents", level=1)
    for part in version.parts:
        document.add_paragraph(clean_text(f"Part {part.number}: {part.title}"),
                               style="List Bullet")
        for clause in part.clauses:
            document.add_paragraph(clean_text(f"{clause.number} {clause.heading}".strip()),
                                   style="List Bullet 2")
    document.add_paragraph("Decision rules", style="List Bullet")
    for part in version.parts:
        document.add_heading(clean_text(f"Part {part.number}: {part.title}"), level=1)
        for clause in part.clauses:
            document.add_heading(clean_text(f"{clause.number} {clause.heading}".strip()),
                                 level=2)
            _clause_paragraphs(document, clause.text)
    document.add_heading("Decision rules", level=1)
    for decision_type, terms in context["rules"]:
        document.add_heading(decision_type.label, level=2)
        for key, value in terms:
            document.add_paragraph(clean_text(f"{key}: {value}"), style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
