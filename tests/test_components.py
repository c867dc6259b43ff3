"""The template macros in network/templates/components/, rendered with sample data: tables of
records, summary lists, status tags, empty states and pagination."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from flask import render_template_string
from jinja2.exceptions import UndefinedError
from markupsafe import Markup

from network.governance.constitution.models import AmendmentStatus
from network.governance.elections.models import ElectionStatus
from network.governance.motions.models import MotionStatus
from network.members.models import OfficeStatus
from network.workplan.actions.models import ActionStatus
from network.workplan.items.models import ItemStatus
from network.workplan.meetings.models import MeetingStatus
from network.workplan.workstreams.models import MilestoneStatus, WorkstreamStatus

VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr"}


class Node:
    """An element of a parsed fragment: enough of a DOM to find things and read their text."""

    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None = None):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    @property
    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text for c in self.children]
        return " ".join(" ".join(parts).split())

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.classes):
                    found.append(child)
                found.extend(child.find_all(tag, cls))
        return found

    def find(self, tag: str | None = None, cls: str | None = None) -> Node:
        found = self.find_all(tag, cls)
        assert found, f"no <{tag or '*'} class={cls}> in the output"
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#root", {})

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node.parent is not None and node.tag != tag:
            node = node.parent
        assert node.tag == tag, f"</{tag}> closes nothing"
        self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> Node:
    """The fragment as a tree; fails if an element is left open."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.current is builder.root, f"<{builder.current.tag}> left open"
    return builder.root


@pytest.fixture
def render(app):
    """Render a template string in a request (url_for needs one), parsed."""

    def rendered(source: str, **context) -> Node:
        with app.test_request_context("/"):
            return parse(render_template_string(source, **context))

    return rendered


TABLE = """{% from "components/table.html" import record_table, cell, row_header %}
{% call(office) record_table(offices, caption, ["Office", "Region",
                                                 {"text": "Actions", "hidden": true}, "People"],
                             numeric=[3], empty="No offices yet.", caption_size=size) %}
  {{ row_header(office.name) }}{{ cell(office.region) }}
  {% call cell() %}<a class="govuk-link" href="/offices/{{ office.id }}">Manage</a>{% endcall %}
  {{ cell(office.people, numeric=true) }}
{% endcall %}"""

OFFICES = [{"id": 1, "name": "North <Test> CA", "region": "North East", "people": 12},
           {"id": 2, "name": "West Test CA", "region": None, "people": 0}]


def test_record_table_has_caption_headings_with_scope_and_rows(render):
    page = render(TABLE, offices=OFFICES, caption="2 offices", size="m")
    table = page.find("table", "govuk-table")
    caption = table.find("caption")
    assert caption.text == "2 offices" and "govuk-table__caption--m" in caption.classes
    headers = table.find("thead").find_all("th")
    assert [h.text for h in headers] == ["Office", "Region", "Actions", "People"]
    assert all(h.attrs["scope"] == "col" for h in headers)
    assert "govuk-visually-hidden" in headers[2].find("span").classes
    assert "govuk-table__header--numeric" in headers[3].classes
    assert not any("govuk-table__header--numeric" in h.classes for h in headers[:3])

    rows = table.find("tbody").find_all("tr", "govuk-table__row")
    assert len(rows) == 2
    first = rows[0]
    assert first.find("th").attrs["scope"] == "row"
    assert first.find("th").text == "North <Test> CA"  # escaped, so read back as text
    cells = first.find_all("td", "govuk-table__cell")
    assert [c.text for c in cells] == ["North East", "Manage", "12"]
    assert cells[1].find("a").attrs["href"] == "/offices/1"
    assert "govuk-table__cell--numeric" in cells[2].classes
    second = rows[1].find_all("td")
    assert second[0].text == "" and second[2].text == "0"  # None is blank, 0 is still shown


def test_record_table_scrolls_inside_a_named_focusable_region(render):
    page = render(TABLE, offices=OFFICES, caption="2 offices", size="m")
    wrapper = page.find("div", "ukmn-table-wrapper")
    assert wrapper.attrs["role"] == "region"
    assert wrapper.attrs["tabindex"] == "0"
    assert wrapper.attrs["aria-label"] == "2 offices"
    assert wrapper.find("table", "govuk-table")


def test_record_table_empty_state_spans_every_column(render):
    page = render(TABLE, offices=[], caption="No offices", size="hidden")
    assert "govuk-visually-hidden" in page.find("caption").classes
    rows = page.find("tbody").find_all("tr")
    assert len(rows) == 1
    only = rows[0].find("td")
    assert only.text == "No offices yet." and only.attrs["colspan"] == "4"
    assert page.find_all("th", None)[0].text == "Office"  # the headings stay


def test_record_table_without_empty_message_has_no_rows(render):
    source = TABLE.replace(', empty="No offices yet."', "")
    page = render(source, offices=[], caption="Offices", size="m")
    assert page.find("tbody").find_all("tr") == []


SUMMARY = """{% from "components/summary_list.html" import summary_list %}
{% set link %}<a class="govuk-link" href="/meetings/3">Spring meeting</a>{% endset %}
{{ summary_list([
  {"key": "Name", "value": name},
  {"key": "Meeting", "value": link},
  {"key": "Left", "value": none},
  {"key": "Replaces", "value": "D-1"} if replaces,
  {"key": "Password", "value": "Last changed today",
   "actions": [{"href": "/account/password", "text": "Change", "hidden": "password"}]},
]) }}"""


def test_summary_list_rows_values_and_actions(render):
    page = render(SUMMARY, name="Ada <script>", replaces=False)
    dl = page.find("dl", "govuk-summary-list")
    rows = dl.find_all("div", "govuk-summary-list__row")
    assert [r.find("dt", "govuk-summary-list__key").text for r in rows] == [
        "Name", "Meeting", "Left", "Password"]  # the falsy "Replaces" row is left out
    values = [r.find("dd", "govuk-summary-list__value") for r in rows]
    assert values[0].text == "Ada <script>" and not values[0].find_all("script")  # escaped
    assert values[1].find("a").attrs["href"] == "/meetings/3"  # markup is kept
    assert values[2].text == ""
    action = rows[3].find("dd", "govuk-summary-list__actions").find("a")
    assert action.attrs["href"] == "/account/password"
    assert action.text == "Change password"
    assert "govuk-visually-hidden" in action.find("span").classes
    # rows without actions line up with those that have them
    assert all("govuk-summary-list__row--no-actions" in r.classes for r in rows[:3])
    assert "govuk-summary-list__row--no-actions" not in rows[3].classes


def test_summary_list_keeps_a_conditional_row_when_true(render):
    page = render(SUMMARY, name="Ada", replaces=True)
    keys = [dt.text for dt in page.find_all("dt")]
    assert keys == ["Name", "Meeting", "Left", "Replaces", "Password"]


def test_summary_list_with_several_actions_lists_them(render):
    page = render("""{% from "components/summary_list.html" import summary_list %}
{{ summary_list([{"key": "Voter", "value": "Ann", "actions": [
  {"href": "/a", "text": "Change"}, {"href": "/b", "text": "Remove", "hidden": "voter"}]}]) }}""")
    items = page.find("ul", "govuk-summary-list__actions-list").find_all("li")
    assert [li.text for li in items] == ["Change", "Remove voter"]


STATUS_ENUMS = {"meeting": MeetingStatus, "item": ItemStatus, "action": ActionStatus,
                "election": ElectionStatus, "office": OfficeStatus, "motion": MotionStatus,
                "workstream": WorkstreamStatus, "milestone": MilestoneStatus,
                "amendment": AmendmentStatus}


def test_every_status_has_a_tag_colour(app):
    with app.app_context():
        colours = app.jinja_env.get_template("components/tag.html").module.STATUS_COLOURS
    for kind, statuses in STATUS_ENUMS.items():
        assert set(colours[kind]) == {s.value for s in statuses}, kind


@pytest.mark.parametrize(("kind", "status", "colour"), [
    ("meeting", MeetingStatus.CANCELLED, "govuk-tag--red"),
    ("meeting", MeetingStatus.MINUTES_APPROVED, "govuk-tag--green"),
    ("item", ItemStatus.DECLINED, "govuk-tag--red"),
    ("action", ActionStatus.DONE, "govuk-tag--green"),
    ("action", ActionStatus.DROPPED, "govuk-tag--grey"),
    ("election", ElectionStatus.DECLARED, "govuk-tag--green"),
])
def test_status_tag_shows_the_label_in_its_colour(render, kind, status, colour):
    page = render('{% from "components/tag.html" import status_tag %}'
                  "{{ status_tag(status, kind) }}", status=status, kind=kind)
    tag = page.find("strong", "govuk-tag")
    assert tag.text == status.label
    assert colour in tag.classes


def test_status_tag_default_colour_and_own_words(render):
    page = render('{% from "components/tag.html" import status_tag %}'
                  '{{ status_tag(status, "election", text="Draft (not published)") }}'
                  '{{ status_tag(open, "action") }}',
                  status=ElectionStatus.DRAFT, open=ActionStatus.OPEN)
    draft, opened = page.find_all("strong", "govuk-tag")
    assert draft.text == "Draft (not published)" and "govuk-tag--grey" in draft.classes
    assert opened.text == "Open" and opened.classes == ["govuk-tag"]


def test_status_tag_for_an_unknown_kind_fails_loudly(render):
    with pytest.raises(UndefinedError, match="poll"):
        render('{% from "components/tag.html" import status_tag %}'
               '{{ status_tag(status, "poll") }}', status=ActionStatus.OPEN)


def test_tag_with_own_words(render):
    page = render('{% from "components/tag.html" import tag %}{{ tag("Overdue", "red") }}'
                  '{{ tag("Latest") }}')
    overdue, latest = page.find_all("strong")
    assert overdue.text == "Overdue" and overdue.classes == ["govuk-tag", "govuk-tag--red"]
    assert latest.classes == ["govuk-tag"]


def test_empty_state_is_a_body_paragraph(render):
    page = render('{% from "components/empty_state.html" import empty_state %}'
                  '{{ empty_state("No papers yet.") }}'
                  '{% call empty_state() %}None yet: <a href="/new">add one</a>{% endcall %}')
    plain, with_link = page.find_all("p", "govuk-body")
    assert plain.text == "No papers yet."
    assert with_link.find("a").attrs["href"] == "/new"


PAGES = """{% from "components/pagination.html" import pagination %}
{{ pagination(page, has_next, "audit.index", {"person": "7"}, label="Pages of the audit log",
              previous_text=previous_text, next_text=next_text, last_page=last_page) }}"""


def _pages(render, page, has_next, previous_text=None, next_text=None, last_page=None):
    return render(PAGES, page=page, has_next=has_next, previous_text=previous_text,
                  next_text=next_text, last_page=last_page)


def _numbers(nav: Node) -> list[str]:
    return [li.text for li in nav.find_all("li", "govuk-pagination__item")]


def test_pagination_is_left_out_on_a_single_page(render):
    assert _pages(render, 1, False).find_all("nav") == []


def test_pagination_first_page_links_to_the_next(render):
    nav = _pages(render, 1, True, "Newer entries", "Older entries").find("nav", "govuk-pagination")
    assert nav.attrs["aria-label"] == "Pages of the audit log"
    assert nav.find_all("div", "govuk-pagination__prev") == []
    following = nav.find("div", "govuk-pagination__next").find("a")
    assert following.text == "Older entries" and following.attrs["rel"] == "next"
    assert following.attrs["href"] == "/audit/?page=2&person=7"
    assert _numbers(nav) == ["1", "2"]
    current = nav.find("li", "govuk-pagination__item--current").find("a")
    assert current.text == "1" and current.attrs["aria-current"] == "page"


def test_pagination_later_page_shows_known_numbers_with_a_gap(render):
    nav = _pages(render, 5, True).find("nav", "govuk-pagination")
    previous = nav.find("div", "govuk-pagination__prev").find("a")
    assert previous.text == "Previous page" and previous.attrs["rel"] == "prev"
    assert previous.attrs["href"] == "/audit/?page=4&person=7"
    assert nav.find("div", "govuk-pagination__next").find("a").text == "Next page"
    assert _numbers(nav) == ["1", "⋯", "4", "5", "6"]
    links = [a.attrs["href"] for a in nav.find("ul").find_all("a")]
    assert links == [f"/audit/?page={n}&person=7" for n in (1, 4, 5, 6)]


def test_pagination_last_page_has_no_next_link(render):
    nav = _pages(render, 3, False).find("nav", "govuk-pagination")
    assert nav.find_all("div", "govuk-pagination__next") == []
    assert _numbers(nav) == ["1", "2", "3"]


def test_pagination_with_a_known_last_page(render):
    nav = _pages(render, 4, True, last_page=9).find("nav", "govuk-pagination")
    assert _numbers(nav) == ["1", "⋯", "3", "4", "5", "⋯", "9"]
    assert nav.find("div", "govuk-pagination__next").find("a").attrs["href"] == (
        "/audit/?page=5&person=7")


def test_markup_values_are_not_escaped_twice(render):
    page = render('{% from "components/table.html" import record_table, cell %}'
                  '{% call(r) record_table(rows, "Rows", ["Text"]) %}{{ cell(r) }}{% endcall %}',
                  rows=[Markup("<em>kept</em>"), "<em>escaped</em>"])
    first, second = page.find("tbody").find_all("td")
    assert first.find("em").text == "kept"
    assert second.find_all("em") == [] and second.text == "<em>escaped</em>"
