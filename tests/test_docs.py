"""Every link in the README and docs/ works in a clone of the repository alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_points_at_a_file_in_the_repository(page):
    broken = []
    for target in LINK.findall(page.read_text()):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue  # a web address or an anchor on the same page
        path = (page.parent / target.split("#")[0]).resolve()
        if not path.exists() or ROOT not in path.parents and path != ROOT:
            broken.append(target)
    assert not broken, f"{page.name}: links to nothing in the repository: {broken}"


def test_no_page_points_outside_the_repository():
    for page in PAGES:
        assert ".." + "/shared" not in page.read_text(), page.name  # a clone has no shared/
