"""The demo's papers as small PDFs, rendered with WeasyPrint like the agenda packs."""

from __future__ import annotations

from html import escape

from network.workplan.demo.content import PaperSpec

STYLE = """
@page { size: A4; margin: 22mm 20mm; @bottom-right { content: "Page " counter(page);
  font-size: 9pt; color: #505a5f; } }
body { font-family: sans-serif; font-size: 11pt; line-height: 1.45; color: #0b0c0c; }
.mark { font-size: 9pt; letter-spacing: .05em; text-transform: uppercase; color: #505a5f; }
h1 { font-size: 20pt; margin: 4mm 0 2mm; }
.meta { color: #505a5f; margin-bottom: 8mm; }
table { border-collapse: collapse; width: 100%; margin-top: 6mm; }
th, td { border-bottom: 1px solid #b1b4b6; padding: 2mm; text-align: left; }
"""


def paper_pdf(paper: PaperSpec, meeting_title: str, item_title: str, author: str) -> bytes:
    """A paper for an agenda item: heading, who it is from, its paragraphs and table."""
    from weasyprint import HTML

    rows = "".join(f"<tr><th scope='row'>{escape(k)}</th><td>{escape(v)}</td></tr>"
                   for k, v in paper.table)
    body = "".join(f"<p>{escape(p)}</p>" for p in paper.paragraphs)
    html = (f"<html lang='en'><head><meta charset='utf-8'><title>{escape(paper.title)}</title>"
            f"<style>{STYLE}</style></head><body><p class='mark'>UK Mayors Network</p>"
            f"<h1>{escape(paper.title)}</h1><p class='meta'>{escape(meeting_title)}, item: "
            f"{escape(item_title)}. From {escape(author)}.</p>{body}"
            f"{'<table>' + rows + '</table>' if rows else ''}</body></html>")
    return HTML(string=html).write_pdf()
