"""Plain-text count sheet: one row per candidate, one column per stage."""

from __future__ import annotations

from .model import CountResult


def format_result(result: CountResult) -> str:
    """Render a count result as a readable text table followed by stage notes."""
    lines = []
    title = f"{result.title} - " if result.title else ""
    lines.append(f"{title}{result.method}, {result.seats} seat(s)")
    facts = [f"valid ballots {result.valid}"]
    if result.invalid:
        facts.append(f"invalid (no standing candidate ranked) {result.invalid}")
    if result.quota is not None:
        facts.append(f"quota {result.quota}")
    if result.withdrawn:
        facts.append("withdrawn: " + ", ".join(result.withdrawn))
    facts.append(f"seed {result.seed!r}")
    lines.append("; ".join(facts))
    lines.append("")

    stages = result.stages
    labels = [f"{s.number}:{s.action}" for s in stages]
    rows: list[tuple[str, list[str]]] = []
    for name in result.candidates:
        mark = " *" if name in result.elected else ""
        rows.append((name + mark, [str(s.votes.get(name, "")) for s in stages]))
    rows.append(("Non-transferable", [str(s.non_transferable) for s in stages]))
    if any(s.loss for s in stages):
        rows.append(("Lost to truncation", [str(s.loss) for s in stages]))
    first_width = max([len("Candidate")] + [len(r[0]) for r in rows])
    widths = [max([len(label)] + [len(r[1][i]) for r in rows]) for i, label in enumerate(labels)]
    header = "Candidate".ljust(first_width) + "".join(
        "  " + label.rjust(w) for label, w in zip(labels, widths, strict=True))
    lines.append(header)
    lines.append("-" * len(header))
    for label, cells in rows:
        lines.append(label.ljust(first_width) + "".join(
            "  " + cell.rjust(w) for cell, w in zip(cells, widths, strict=True)))
    lines.append("")
    lines.append("Stages:")
    for s in stages:
        lines.append(f"  {s.number}. {s.description}")
        for lot in s.lots:
            lines.append(f"     Lot ({lot.reason}) among {', '.join(lot.among)}: {lot.chosen}")
    lines.append("")
    lines.append("Elected: " + (", ".join(result.elected) if result.elected else "(none)"))
    if len(result.elected) < result.seats:
        lines.append(f"Unfilled seats: {result.seats - len(result.elected)}")
    return "\n".join(lines) + "\n"
