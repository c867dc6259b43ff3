"""The redline between two texts: words inserted and deleted (marked with <ins>/<del> and
words for screen readers), clauses inserted, deleted, moved and renumbered (recognised by
their key), in any script."""

from __future__ import annotations

import re

from network.governance.constitution.document import Clause, Document, Part
from network.governance.constitution.redline import compare, word_diff

_END = re.compile(r'<span class="govuk-visually-hidden"> \(end of \w+\)</span>')


def _plain(markup) -> str:
    """The redline without its "end of insertion" markers, for short assertions."""
    return _END.sub("", str(markup))


def _doc(*parts) -> Document:
    return Document(tuple(Part(key, number, title, tuple(Clause(*c) for c in clauses))
                          for key, number, title, clauses in parts))


BASE = _doc(
    ("members", "1", "Membership", [("m1", "1.1", "Members", "Each mayor is a member."),
                                    ("m2", "1.2", "Leaving", "A member may leave."),
                                    ("m3", "1.3", "Fees", "Members pay fees.")]),
    ("votes", "2", "Decisions", [("v1", "2.1", "", "One vote each."),
                                 ("v2", "2.2", "", "Simple majority.")]))


def test_words_inserted_and_deleted_are_marked_and_spoken():
    html = _plain(word_diff("A member may leave.", "A member may leave at any time."))
    assert ('<ins class="ukmn-redline__ins"><span class="govuk-visually-hidden">inserted: '
            '</span> at any time') in html
    html = _plain(word_diff("Members pay fees.", "Members pay subscriptions."))
    assert "deleted: </span>fees</del>" in html and "inserted: </span>subscriptions</ins>" in html
    assert "Members pay " in html


def test_text_is_escaped_in_the_redline():
    html = _plain(word_diff("Old", "<script>alert(1)</script>"))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_unicode_words_are_compared_whole():
    html = _plain(word_diff("Le maire élu décide.", "Le maire élue décide. 市長が決める"))
    assert "deleted: </span>élu</del>" in html and "inserted: </span>élue</ins>" in html
    assert "市長が決める" in html


def test_an_inserted_clause_and_a_deleted_one():
    new = _doc(
        ("members", "1", "Membership", [("m1", "1.1", "Members", "Each mayor is a member."),
                                        ("m3", "1.3", "Fees", "Members pay fees."),
                                        ("m4", "1.4", "Observers", "Observers may attend.")]),
        ("votes", "2", "Decisions",
                                     [("v1", "2.1", "", "One vote each."),
                                      ("v2", "2.2", "", "Simple majority.")]))
    red = compare(BASE, new)
    lines = {c.key: c for c in red.parts[0].clauses}
    assert [c.key for c in red.parts[0].clauses] == ["m1", "m2", "m3", "m4"]  # m2 where it was
    assert lines["m2"].state == "deleted" and "deleted: </span>A member may leave." in _plain(
        lines["m2"].text)
    assert lines["m4"].state == "inserted"
    assert lines["m1"].state == "unchanged" and not lines["m1"].is_changed
    assert red.counts == {"inserted": 1, "deleted": 1, "amended": 0, "moved": 0,
                          "renumbered": 0}


def test_a_moved_and_renumbered_clause_is_the_same_clause():
    new = _doc(
        ("members", "1", "Membership", [("m1", "1.1", "Members", "Each mayor is a member."),
                                        ("m2", "1.2", "Leaving", "A member may leave.")]),
        ("votes", "2", "Decisions", [("v1", "2.1", "", "One vote each."),
                                     ("v2", "2.2", "", "Simple majority."),
                                     ("m3", "2.3", "Fees", "Members pay fees.")]))
    red = compare(BASE, new)
    fees = next(c for c in red.parts[1].clauses if c.key == "m3")
    assert fees.state == "unchanged" and fees.moved_from == "Part 1, clause 1.3"
    assert fees.is_renumbered and fees.old_number == "1.3" and fees.number == "2.3"
    assert "<ins" not in str(fees.text) and "<del" not in str(fees.text)  # not delete+insert
    assert red.counts["moved"] == 1 and red.counts["inserted"] == 0


def test_order_changed_within_a_part_is_a_move_and_renumbering_alone_is_not():
    new = _doc(
        ("members", "1", "Membership", [("m3", "1.1", "Fees", "Members pay fees."),
                                        ("m1", "1.2", "Members", "Each mayor is a member."),
                                        ("m2", "1.3", "Leaving", "A member may leave.")]),
        ("votes", "2", "Decisions", [("v1", "2.1", "", "One vote each."),
                                     ("v2", "2.5", "", "Simple majority.")]))
    red = compare(BASE, new)
    by_key = {c.key: c for p in red.parts for c in p.clauses}
    assert by_key["m3"].moved_from and not by_key["m1"].moved_from
    assert by_key["v2"].is_renumbered and not by_key["v2"].moved_from


def test_identical_texts_give_an_empty_redline():
    assert compare(BASE, BASE).is_empty
