"""Fetch pages by endpoint as someone of the cast and check what every page must hold.

`ClientRequest` is behind the `client_request` fixture (tests/conftest.py):

    page = client_request.get("meetings.detail", meeting_id=m.id, _as="lead_a")
    page = client_request.post("items.new", meeting_id=m.id, _as="member_lead",
                               _data={...}, _expected_status=400)

`_as` is a cast key (`"lead_b"`), a role name (`"member_lead"`: office a's), a Person, or
None for signed out. Every HTML response is checked with `page_problems`: the expected
status, exactly one <h1>, a <title> saying more than the service name (and, for 200 pages,
different from the title of any other path fetched in the test), no duplicate `id`, and the
Content-Security-Policy nonce on every <script>. Parsing uses the standard library only.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from flask import url_for

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Node:
    """An element of a parsed page: its tag, attributes, children and text."""

    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None = None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def get(self, name: str, default=None):
        return self.attrs.get(name, default)

    @property
    def text(self) -> str:
        """The element's text, whitespace collapsed."""
        parts: list[str] = []

        def walk(node):
            for child in node.children:
                parts.append(child) if isinstance(child, str) else walk(child)

        walk(self)
        return " ".join("".join(parts).split())

    def inside(self, tag: str) -> bool:
        """Whether an ancestor of this element has the tag."""
        node = self.parent
        while node is not None and node.tag != tag:
            node = node.parent
        return node is not None

    def iter(self):
        """This element and every element inside it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        """Elements with the tag (any if None) whose attributes equal `attrs` (`class_` for
        class matches one of the element's classes)."""
        wanted_class = attrs.pop("class_", None)
        return [n for n in self.iter() if (tag is None or n.tag == tag)
                and all(n.attrs.get(k) == v for k, v in attrs.items())
                and (wanted_class is None or wanted_class in (n.get("class") or "").split())]

    def find(self, tag: str | None = None, **attrs: str) -> Node | None:
        found = self.find_all(tag, **attrs)
        return found[0] if found else None


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:  # close what was left open
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


class Page(Node):
    """A response and, when it is HTML, its parsed document (`find`, `find_all`, `text`)."""

    def __init__(self, response):
        super().__init__("#document", {})
        self.response = response
        self.status_code = response.status_code
        self.data = response.data
        self.location = response.headers.get("Location")
        self.is_html = response.mimetype == "text/html"
        if self.is_html:
            builder = _TreeBuilder()
            builder.feed(response.get_data(as_text=True))
            builder.close()
            self.children = builder.root.children

    @property
    def title(self) -> str:
        node = self.find("title")
        return node.text if node else ""

    @property
    def h1(self) -> str:
        node = self.find("h1")
        return node.text if node else ""


def csp_nonce(response) -> str | None:
    """The nonce that the Content-Security-Policy header allows scripts to carry."""
    match = re.search(r"script-src[^;]*'nonce-([^']+)'",
                      response.headers.get("Content-Security-Policy", ""))
    return match.group(1) if match else None


def page_problems(page: Page, expected_status: int, service_name: str) -> list[str]:
    """What is wrong with a page, as sentences (empty when nothing is)."""
    problems = []
    if page.status_code != expected_status:
        problems.append(f"status {page.status_code}, expected {expected_status}")
    if not page.is_html:
        return problems
    headings = page.find_all("h1")
    if len(headings) != 1:
        problems.append(f"{len(headings)} <h1> elements, expected exactly one: "
                        f"{[h.text for h in headings]}")
    titles = [t for t in page.find_all("title") if not t.inside("svg")]  # not an SVG's
    own = page.title.replace(service_name, "").strip(" –-|:")
    if len(titles) != 1 or not own:
        problems.append(f"the <title> {page.title!r} must say what the page is, not only "
                        f"{service_name!r}")
    seen: set[str] = set()
    for node in page.iter():
        if (element_id := node.get("id")) is not None:
            if element_id in seen:
                problems.append(f"duplicate id={element_id!r}")
            seen.add(element_id)
    nonce = csp_nonce(page.response)
    for script in page.find_all("script"):
        if nonce is None or script.get("nonce") != nonce:
            problems.append(f"<script src={script.get('src')!r}> without the CSP nonce "
                            f"(the header's is {nonce!r})")
    return problems


class ClientRequest:
    """Pages by endpoint as someone of the cast, each one checked (see the module doc)."""

    def __init__(self, app, cast, sign_in):
        self.app, self.cast, self._sign_in = app, cast, sign_in
        self._clients: dict[object, object] = {}
        self.titles: dict[str, str] = {}  # path -> title of the 200 pages fetched so far

    def client(self, who=None):
        """The signed-in test client for `who` (one per person for the test)."""
        person = self.cast.person(who) if isinstance(who, str) else who
        key = None if person is None else person.id
        if key not in self._clients:
            self._clients[key] = (self.app.test_client() if person is None
                                  else self._sign_in(self.app, person))
        return self._clients[key]

    def url(self, endpoint: str, **values) -> str:
        """The path of an endpoint; values that are not URL arguments become the query."""
        with self.app.test_request_context():
            return url_for(endpoint, **values)

    def get(self, endpoint: str, _as=None, _expected_status: int = 200, _follow: bool = False,
            _test_page: bool = True, **values) -> Page:
        """GET the endpoint's page as `_as`; check it; return it parsed."""
        return self.open("GET", self.url(endpoint, **values), _as, _expected_status, _follow,
                         _test_page)

    def post(self, endpoint: str, _as=None, _data=None, _expected_status: int | None = None,
             _follow: bool = False, _expected_redirect: str | None = None,
             _test_page: bool = True, **values) -> Page:
        """POST `_data` as `_as`; 302 is expected unless told (200 when following); returns
        the response as a Page (parsed and checked when it is HTML)."""
        if _expected_status is None:
            _expected_status = 200 if _follow else 302
        page = self.open("POST", self.url(endpoint, **values), _as, _expected_status, _follow,
                         _test_page, data=_data or {})
        if _expected_redirect is not None:
            assert page.location == _expected_redirect, (
                f"POST {endpoint} redirected to {page.location}, expected {_expected_redirect}")
        return page

    def open(self, method: str, url: str, who, expected_status: int, follow: bool = False,
             test_page: bool = True, **kwargs) -> Page:
        """Fetch a path (not an endpoint) and check the page."""
        response = self.client(who).open(url, method=method, follow_redirects=follow,
                                         **kwargs)
        page = Page(response)
        if test_page:
            problems = page_problems(page, expected_status, self.app.config["NETWORK_NAME"])
            path = response.request.path
            if page.is_html and page.status_code == 200 and not problems:
                other = next((p for p, t in self.titles.items()
                              if t == page.title and p != path), None)
                if other:
                    problems.append(f"the same <title> {page.title!r} as {other}")
                self.titles[path] = page.title
            heading = f"{method} {url} as {who or 'signed out'}:"
            assert not problems, "\n  ".join([heading, *problems])
        return page
