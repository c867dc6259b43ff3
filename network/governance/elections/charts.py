"""Server-rendered SVG charts (no JavaScript): votes per candidate at the first and last stage."""

from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup, escape

BAR_HEIGHT, GAP, LABEL_WIDTH, WIDTH = 22, 14, 220, 640
FONT = "arial, sans-serif"  # the house font (assets/main.scss); SVG text is serif otherwise


def result_chart(result: dict | None) -> Markup | None:
    """A horizontal bar chart of first-stage and final-stage votes, or None without stages."""
    if not result or not result.get("stages"):
        return None
    first, last = result["stages"][0]["votes"], result["stages"][-1]["votes"]
    names = list(first)
    peak = max([Decimal(v) for v in first.values()] + [Decimal(v) for v in last.values()]
               + [Decimal(1)])
    elected = set(result.get("elected", []))
    row = 2 * BAR_HEIGHT + GAP
    height = row * len(names) + 40
    scale = Decimal(WIDTH - LABEL_WIDTH - 80) / peak
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" font-family="{FONT}" aria-labelledby="chart-title">'
        f'<title id="chart-title">Votes per '
        f'candidate at the first and the last stage</title>',
        f'<rect x="{LABEL_WIDTH}" y="4" width="14" height="14" fill="#1d70b8"/>'
        f'<text x="{LABEL_WIDTH + 20}" y="16" font-size="14">First stage</text>'
        f'<rect x="{LABEL_WIDTH + 130}" y="4" width="14" height="14" fill="#f0b323"/>'
        f'<text x="{LABEL_WIDTH + 150}" y="16" font-size="14">Last stage</text>',
    ]
    for i, name in enumerate(names):
        top = 30 + i * row
        label = escape(name) + (" (elected)" if name in elected else "")
        parts.append(f'<text x="0" y="{top + BAR_HEIGHT + 4}" font-size="14">{label}</text>')
        for j, (votes, colour) in enumerate(((first.get(name, "0"), "#1d70b8"),
                                             (last.get(name, "0"), "#f0b323"))):
            width = int(Decimal(votes) * scale)
            y = top + j * BAR_HEIGHT
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" '
                         f'height="{BAR_HEIGHT - 4}" fill="{colour}"/>'
                         f'<text x="{LABEL_WIDTH + width + 6}" y="{y + 14}" font-size="13">'
                         f'{escape(votes)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text node above is escaped
