"""User Markdown becomes sanitised HTML, and is kept per process within bounds."""

from __future__ import annotations

from network import templating
from network.templating import MEMO_CHARS, MEMO_SIZE, render_markdown


def test_markdown_is_sanitised_each_time_it_is_shown():
    hostile = "**Agreed** <script>alert(1)</script> [x](javascript:alert(1))"
    first, second = render_markdown(hostile), render_markdown(hostile)
    assert first == second
    assert "<strong>Agreed</strong>" in first
    assert "<script" not in first and "href=\"javascript" not in first


def test_only_short_texts_are_kept_and_only_so_many():
    templating._sanitised.cache_clear()
    render_markdown("a decision")
    assert templating._sanitised.cache_info().currsize == 1
    long = "word " * (MEMO_CHARS // 5 + 1)
    assert "<p>word word" in render_markdown(long)
    assert templating._sanitised.cache_info().currsize == 1, "a long text is not kept"
    for n in range(MEMO_SIZE + 10):
        render_markdown(f"decision {n}")
    assert templating._sanitised.cache_info().currsize == MEMO_SIZE
