"""Hostile PDFs built in the tests with pypdf itself: active content of each kind, a
decompression bomb, a file of too many pages; and a walk over every object of a PDF."""

from __future__ import annotations

import io
import zlib

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

ACTIVE_KINDS = ["page_aa", "open_action", "names_javascript", "launch", "embedded_file",
                "form_script", "javascript_uri"]


def _name(value: str) -> NameObject:
    return NameObject(value)


def _dict(**entries) -> DictionaryObject:
    return DictionaryObject({_name(f"/{k}"): v for k, v in entries.items()})


def _js(code: str) -> DictionaryObject:
    return _dict(Type=_name("/Action"), S=_name("/JavaScript"), JS=TextStringObject(code))


def _rect() -> ArrayObject:
    return ArrayObject([NumberObject(10), NumberObject(10), NumberObject(100), NumberObject(40)])


def _annotate(writer: PdfWriter, page, annotation: DictionaryObject) -> None:
    ref = writer._add_object(annotation)  # noqa: SLF001 - the only way to add a raw object
    annots = page.get("/Annots") or ArrayObject()
    annots.append(ref)
    page[_name("/Annots")] = annots


def _link(action: DictionaryObject) -> DictionaryObject:
    return _dict(Type=_name("/Annot"), Subtype=_name("/Link"), Rect=_rect(), A=action)


def _to_bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def active_pdf(kind: str, with_link: bool = True) -> bytes:
    """A one-page PDF with one kind of active content and (unless told not to) a harmless
    https link, which must survive."""
    writer = PdfWriter()
    page = writer.add_blank_page(300, 300)
    if kind == "page_aa":
        page[_name("/AA")] = _dict(O=writer._add_object(_js("app.alert('page open')")))  # noqa: SLF001
    elif kind == "open_action":
        writer._root_object[_name("/OpenAction")] = writer._add_object(  # noqa: SLF001
            _js("app.alert('document open')"))
    elif kind == "names_javascript":
        from pypdf.actions import JavaScript

        writer.add_open_action(JavaScript("app.alert('name tree')"))
    elif kind == "launch":
        _annotate(writer, page, _link(_dict(S=_name("/Launch"),
                                            F=TextStringObject("calc.exe"))))
    elif kind == "embedded_file":
        writer.add_attachment("payload.exe", b"MZ pretend executable")
        _annotate(writer, page, _dict(
            Type=_name("/Annot"), Subtype=_name("/FileAttachment"), Rect=_rect(),
            FS=_dict(Type=_name("/Filespec"), F=TextStringObject("second.exe"),
                     EF=_dict(F=writer._add_object(DecodedStreamObject())))))  # noqa: SLF001
    elif kind == "form_script":
        field = _dict(Type=_name("/Annot"), Subtype=_name("/Widget"), FT=_name("/Tx"),
                      T=TextStringObject("amount"), Rect=_rect(),
                      AA=_dict(K=_js("event.value = app.alert('keystroke')")))
        ref = writer._add_object(field)  # noqa: SLF001
        page[_name("/Annots")] = ArrayObject([ref])
        writer._root_object[_name("/AcroForm")] = _dict(Fields=ArrayObject([ref]))  # noqa: SLF001
    elif kind == "javascript_uri":
        _annotate(writer, page, _link(_dict(S=_name("/URI"),
                                            URI=TextStringObject("javascript:app.alert(1)"))))
    elif kind != "none":
        raise ValueError(kind)
    if with_link:
        _annotate(writer, page, _link(_dict(S=_name("/URI"),
                                            URI=TextStringObject("https://example.org/"))))
    return _to_bytes(writer)


def bomb(inflated: int) -> bytes:
    """A one-page PDF whose content stream (spaces) inflates to `inflated` bytes."""
    writer = PdfWriter()
    page = writer.add_blank_page(300, 300)
    packer, chunk, parts, left = zlib.compressobj(9), b" " * (1024 * 1024), [], inflated
    while left > 0:
        parts.append(packer.compress(chunk[:left]))
        left -= len(chunk)
    parts.append(packer.flush())
    stream = DecodedStreamObject()
    stream.set_data(b"".join(parts))
    stream[_name("/Filter")] = _name("/FlateDecode")
    page[_name("/Contents")] = writer._add_object(stream)  # noqa: SLF001
    return _to_bytes(writer)


def many_pages(count: int) -> bytes:
    """A PDF of `count` blank pages."""
    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(300, 300)
    return _to_bytes(writer)


def all_objects(data: bytes) -> list:
    """Every object of a PDF, reachable or not, by object number."""
    reader = PdfReader(io.BytesIO(data))
    found = [reader.trailer]
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            found.append(reader.get_object(number))
        except Exception:  # noqa: BLE001, S112 - a free object number
            continue
    flat, stack = [], [obj for obj in found if obj is not None]
    while stack:  # and the dictionaries and arrays written inside them
        obj = stack.pop()
        if isinstance(obj, DictionaryObject):
            flat.append(obj)
            stack.extend(v for v in obj.values() if isinstance(v, DictionaryObject | ArrayObject))
        elif isinstance(obj, ArrayObject):
            stack.extend(v for v in obj if isinstance(v, DictionaryObject | ArrayObject))
    return flat


def active_content_in(data: bytes) -> list[str]:
    """What a viewer could run or open in a PDF: a list of findings, empty when clean."""
    findings = []
    for obj in all_objects(data):
        if not isinstance(obj, DictionaryObject):
            continue
        for key in ("/AA", "/JS", "/EF", "/EmbeddedFiles", "/JavaScript", "/XFA"):
            if key in obj:
                findings.append(key)
        if obj.get("/S") in ("/JavaScript", "/Launch", "/GoToE", "/GoToR", "/SubmitForm"):
            findings.append(str(obj["/S"]))
        if obj.get("/Subtype") in ("/FileAttachment", "/RichMedia", "/Screen"):
            findings.append(str(obj["/Subtype"]))
        if obj.get("/S") == "/URI" and not str(obj.get("/URI")).startswith("https://"):
            findings.append(str(obj.get("/URI")))
    for needle in (b"app.alert", b"calc.exe", b"payload.exe", b"MZ pretend"):
        if needle in data:
            findings.append(needle.decode())
    return findings


def uri_links_in(data: bytes) -> list[str]:
    """The web links a PDF holds."""
    return [str(obj["/URI"]) for obj in all_objects(data)
            if isinstance(obj, DictionaryObject) and obj.get("/S") == "/URI"]
