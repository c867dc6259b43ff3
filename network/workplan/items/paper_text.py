"""The words of a paper, read once at upload so that search finds papers by what they say:
the text of a PDF's pages (pypdf) or a Word document's paragraphs and tables (its
word/document.xml, read as a stream).

Reading is bounded and never refuses a file: at most MAX_PAPER_TEXT_CHARS characters, the
first MAX_PAPER_TEXT_PAGES pages, MAX_PAPER_TEXT_SECONDS of reading (checked page by page and
paragraph by paragraph), and a Word document whose text part inflates past
MAX_PAPER_TEXT_XML_BYTES is not read. A file that cannot be read (damaged, hostile, a
parser's limit reached) is stored all the same, without text: the upload's own checks, not
this module, decide whether a file is accepted.
"""

from __future__ import annotations

import logging
import re
import time
import zipfile
from pathlib import Path

from flask import current_app

log = logging.getLogger(__name__)

WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# NUL and the other control characters (PostgreSQL text cannot hold NUL); tabs and line
# breaks become spaces and newlines, runs of blank space one space.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
BLANKS = re.compile(r"[ \t\r\f\v\u00a0]+")
BLANK_LINES = re.compile(r"\n\s*\n+")


class _Budget:
    """Characters left and the moment reading stops."""

    def __init__(self, chars: int, seconds: float):
        self.limit, self.chars = chars, chars
        self.stop_at, self.parts = time.monotonic() + seconds, []

    def add(self, text: str) -> bool:
        """Keep `text` (up to what is left); False once the characters or the time are used."""
        text = clean(text)
        if text:
            self.parts.append(text[: self.chars])
            self.chars -= min(len(text), self.chars)
        return self.chars > 0 and time.monotonic() < self.stop_at

    def text(self) -> str:
        return clean("\n".join(self.parts))[: self.limit]


def clean(text: str) -> str:
    """Text without control characters or runs of blank space."""
    text = CONTROL.sub(" ", text or "")
    text = BLANKS.sub(" ", text)
    return BLANK_LINES.sub("\n\n", text).strip()


def _pdf_text(path: Path, budget: _Budget, max_pages: int) -> None:
    from pypdf import PdfReader

    reader = PdfReader(path, strict=False)
    for number, page in enumerate(reader.pages):
        if number >= max_pages or not budget.add(page.extract_text() or ""):
            return


def _docx_text(path: Path, budget: _Budget, max_xml: int) -> None:
    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("word/document.xml")
        if info.file_size > max_xml:
            return
        with archive.open(info) as part:
            # no entities, no network, no huge trees: a hostile part costs at most its size
            events = etree.iterparse(part, events=("end",), resolve_entities=False,
                                     no_network=True, huge_tree=False, load_dtd=False)
            paragraph: list[str] = []
            for _event, element in events:
                if element.tag == WORD + "t" and element.text:
                    paragraph.append(element.text)
                elif element.tag == WORD + "tab":
                    paragraph.append(" ")
                elif element.tag == WORD + "p":
                    if not budget.add("".join(paragraph)):
                        return
                    paragraph = []
                    element.clear()  # keep memory flat on a long document
            budget.add("".join(paragraph))


def extract_text(path: Path, file_type: str) -> str:
    """The paper's text for search ('' for other types and for files that cannot be read)."""
    config = current_app.config
    budget = _Budget(config["MAX_PAPER_TEXT_CHARS"], config["MAX_PAPER_TEXT_SECONDS"])
    try:
        if file_type == "pdf":
            _pdf_text(path, budget, config["MAX_PAPER_TEXT_PAGES"])
        elif file_type == "docx":
            _docx_text(path, budget, config["MAX_PAPER_TEXT_XML_BYTES"])
        else:
            return ""
    except Exception as error:  # a parser failing on a hostile file: less text, never a 500
        log.warning("paper text not read from %s (%s): %s", path.name, file_type,
                    type(error).__name__)
    return budget.text()  # what was read before a failure still helps search
