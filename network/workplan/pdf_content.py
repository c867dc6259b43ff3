"""What a PDF paper holds before it goes into an agenda pack: its pages, how far its streams
inflate, and active content (JavaScript, launch actions, embedded files, form scripts), which
is refused at upload and stripped again from the merged pack.

Everything here is bounded: the page tree and the object graph are walked without recursion and
with a budget, and streams are inflated in chunks that stop at the limit, so a hostile file
costs at most the budget and never reaches pypdf's own (exception-raising) limits.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

# Actions a reader's viewer may follow: moving within the document, web and mail links, named
# navigation. Anything else (JavaScript, Launch, GoToR/GoToE, SubmitForm, ImportData, media)
# is active content.
SAFE_ACTIONS = {"/GoTo", "/URI", "/Named", "/Thread", "/SetOCGState", "/Hide", "/ResetForm",
                "/Trans"}
SAFE_SCHEMES = ("http://", "https://", "mailto:")
# Annotations that carry files, media or their own scripts.
ACTIVE_ANNOTATIONS = {"/FileAttachment": "embedded files", "/RichMedia": "embedded media",
                      "/Screen": "embedded media", "/Movie": "embedded media",
                      "/Sound": "embedded media", "/3D": "embedded media"}
ACTION_LABELS = {"/JavaScript": "JavaScript", "/Launch": "launch actions",
                 "/GoToE": "embedded files", "/SubmitForm": "form scripts",
                 "/ImportData": "form scripts"}
FORM_TYPES = {"/Btn", "/Tx", "/Ch", "/Sig"}
INFLATE_CHUNK = 1024 * 1024
MAX_OBJECTS = 500_000


class TooComplex(Exception):
    """The file has more pages or objects than a paper may have."""


@dataclass
class Contents:
    """What inspecting a PDF found."""

    pages: int = 0
    inflated: int = 0
    active: set[str] = field(default_factory=set)


def count_pages(reader, limit: int) -> int:
    """Leaves of the page tree as pypdf will expand them, stopping once past `limit` (a lying
    /Count, a shared or cyclic subtree cost at most the budget)."""
    budget, pages = 4 * limit + 100, 0
    stack = [reader.trailer["/Root"]["/Pages"]]
    while stack:
        budget -= 1
        if budget < 0 or pages > limit:
            return max(pages, limit + 1)
        node = stack.pop()
        node = node.get_object() if isinstance(node, IndirectObject) else node
        if not isinstance(node, DictionaryObject):
            continue
        kids = node.get("/Kids")
        if kids is None or node.get("/Type") == "/Page":
            pages += 1
            continue
        kids = kids.get_object() if isinstance(kids, IndirectObject) else kids
        if isinstance(kids, ArrayObject):
            stack.extend(reversed(kids))
    return pages


def _inflated_size(data: bytes, budget: int) -> int:
    """How many bytes zlib data inflates to, counting no further than `budget`."""
    inflater, total = zlib.decompressobj(), 0
    try:
        total += len(inflater.decompress(data, INFLATE_CHUNK))
        while inflater.unconsumed_tail and total <= budget:
            total += len(inflater.decompress(inflater.unconsumed_tail, INFLATE_CHUNK))
    except zlib.error:
        return total or len(data)
    return total


def _stream_size(stream: StreamObject, budget: int) -> int:
    """Decoded size of a stream pypdf may decode when merging (images stay encoded)."""
    if stream.get("/Subtype") == "/Image":
        return 0
    raw = getattr(stream, "_data", b"") or b""
    filters = stream.get("/Filter")
    first = filters[0] if isinstance(filters, ArrayObject) and filters else filters
    if first in ("/FlateDecode", "/Fl"):
        return _inflated_size(raw, budget)
    return len(raw)


def _resolve(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def _unsafe_action(action) -> str:
    """Why an action dictionary is active content ('' when it is a harmless one)."""
    action = _resolve(action)
    if not isinstance(action, DictionaryObject):
        return ""
    kind = action.get("/S")
    if kind is None and "/JS" in action:
        return "JavaScript"
    if kind is None or kind in SAFE_ACTIONS:
        if kind == "/URI":
            target = str(action.get("/URI", "")).strip().lower()
            if not target.startswith(SAFE_SCHEMES):
                return "JavaScript" if target.startswith("javascript:") else "unsafe links"
        return ""
    return ACTION_LABELS.get(kind, "other active content")


def _visit(obj: DictionaryObject, found: set[str], clean: bool) -> None:
    """Note (and, cleaning, remove) the active content held directly by one dictionary."""
    if "/AA" in obj:  # actions run on opening, viewing, focusing or typing
        triggers = _resolve(obj["/AA"])
        if isinstance(triggers, DictionaryObject):
            found.update(filter(None, (_unsafe_action(a) for a in triggers.values())))
        if obj.get("/FT") in FORM_TYPES or obj.get("/Subtype") == "/Widget":
            found.add("form scripts")
        if clean:
            if isinstance(triggers, DictionaryObject):
                for action in triggers.values():  # emptied too, in case another holds them
                    if isinstance(_resolve(action), DictionaryObject):
                        _resolve(action).clear()
            del obj["/AA"]
    if "/JS" in obj:
        found.add("JavaScript")
        if clean:
            del obj["/JS"]
    # /S names other things too (structure elements, groups, borders): only an explicit
    # action is judged here; actions in their places (/A, /OpenAction, /AA, /Next) below
    why = _unsafe_action(obj) if obj.get("/Type") == "/Action" else ""
    if why:
        found.add(why)
        if clean:
            for key in list(obj.keys()):
                del obj[key]
            return
    for key in ("/A", "/OpenAction", "/PA"):
        if key in obj and (why := _unsafe_action(obj[key])):
            found.add(why)
            if clean:
                del obj[key]
    # an action's chain (outline items' /Next is their next sibling): keep none of a chain
    # rather than judge each link
    if "/Next" in obj and "/S" in obj and "/Title" not in obj:
        nxt = _resolve(obj["/Next"])
        chain = nxt if isinstance(nxt, ArrayObject) else [nxt]
        for action in chain:
            if why := _unsafe_action(action):
                found.add(why)
        if clean:
            del obj["/Next"]
    names = _resolve(obj.get("/Names")) if "/Names" in obj else None
    if isinstance(names, DictionaryObject):
        for key, label in (("/JavaScript", "JavaScript"), ("/EmbeddedFiles", "embedded files")):
            if key in names:
                found.add(label)
                if clean:
                    del names[key]
    for key in ("/EF", "/RF"):
        if key in obj:
            found.add("embedded files")
            if clean:
                del obj[key]
    if obj.get("/Type") == "/EmbeddedFile":
        found.add("embedded files")
    if obj.get("/Subtype") in ACTIVE_ANNOTATIONS:
        found.add(ACTIVE_ANNOTATIONS[obj["/Subtype"]])
    if "/XFA" in obj:
        found.add("form scripts")
        if clean:
            del obj["/XFA"]
    if clean and "/Annots" in obj:
        annots = _resolve(obj["/Annots"])
        if isinstance(annots, ArrayObject):
            kept = []
            for annot in annots:
                kind = _resolve(annot).get("/Subtype") if isinstance(
                    _resolve(annot), DictionaryObject) else None
                if kind in ACTIVE_ANNOTATIONS:
                    found.add(ACTIVE_ANNOTATIONS[kind])
                else:
                    kept.append(annot)
            if len(kept) != len(annots):
                annots[:] = kept


def walk(root, clean: bool = False, inflate_budget: int | None = None) -> Contents:
    """Visit every object reachable from `root`: the active content found (removed when
    `clean`) and, given a budget, the inflated size of the streams, stopping past it."""
    contents = Contents()
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > MAX_OBJECTS:
                raise TooComplex("too many objects")
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            _visit(obj, contents.active, clean)
            if isinstance(obj, StreamObject) and inflate_budget is not None:
                left = inflate_budget - contents.inflated
                contents.inflated += _stream_size(obj, left)
                if contents.inflated > inflate_budget:
                    return contents
            stack.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return contents


def inspect(reader, max_pages: int, max_inflated: int) -> Contents:
    """Pages, inflated size (up to just past the limit) and active content of a PDF."""
    pages = count_pages(reader, max_pages)
    if pages > max_pages:
        return Contents(pages=pages)
    contents = walk(reader.trailer, inflate_budget=max_inflated)
    contents.pages = pages
    return contents


def strip_active_content(writer) -> set[str]:
    """Remove JavaScript, launch and other unsafe actions, embedded files and media, and form
    scripts from everything a PdfWriter holds, and the objects no longer used (pypdf would
    write them all the same); returns what was removed."""
    removed = walk(writer.root_object, clean=True).active
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    return removed
