"""The audit log in words: what each action means, what each object type is called and where
its page is, and each entry's before and after as a list of changed fields.

This module knows no domain. Each domain registers its own wording (`audit_labels.py` beside
its packages: members, workplan, governance), imported by the composition root
(`network/models.py`), so the layers hold. What nobody registered still reads well: an unknown
action or field is shown as a tidied form of its name, never an error.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask import url_for
from sqlalchemy import select

from network.extensions import db
from network.time import show


@dataclass(frozen=True)
class ObjectType:
    """A kind of object named in the audit log, and how to link to one of them."""

    name: str
    model: type | None = None
    endpoint: str | None = None
    url_args: Callable[[Any], dict] | None = None
    label: Callable[[Any], str] = str


ACTIONS: dict[str, str] = {}
OBJECT_TYPES: dict[str, ObjectType] = {}
FIELDS: dict[str, str] = {}  # field name -> label, for every object type
REFERENCES: dict[str, str] = {}  # field name holding an id -> the object type it names
ENUMS: dict[tuple[str, str], type] = {}  # (object type, field) -> Labelled enum of its values
# action whose before/after maps ids to values -> (the object type of the ids, an enum of the
# values or None)
KEYED_BY: dict[str, tuple[str, type | None]] = {}
# object type -> whether a row's personal details were erased: the stored entries keep what
# they said, and the page shows the row's name now and "Erased" for its personal fields
ERASED: dict[str, Callable[[Any], bool]] = {}
ERASED_FIELDS = frozenset({"name", "email", "job_title"})


def register_actions(labels: dict[str, str]) -> None:
    """Add sentences for actions ("sign_in.password_ok" -> "Signed in with a password")."""
    for action, sentence in labels.items():
        if action in ACTIONS:
            raise ValueError(f"the audit wording for {action!r} is registered twice")
        ACTIONS[action] = sentence


def register_object_type(object_type: str, name: str, model: type | None = None,
                         endpoint: str | None = None,
                         url_args: Callable[[Any], dict] | None = None,
                         label: Callable[[Any], str] = str) -> None:
    """Name an object type; with a model, an endpoint and its URL arguments, link to it."""
    if object_type in OBJECT_TYPES:
        raise ValueError(f"the audit object type {object_type!r} is registered twice")
    OBJECT_TYPES[object_type] = ObjectType(name, model, endpoint, url_args, label)


def register_fields(labels: dict[str, str] | None = None,
                    references: dict[str, str] | None = None,
                    enums: dict[tuple[str, str], type] | None = None,
                    keyed_by: dict[str, tuple[str, type | None]] | None = None) -> None:
    """Add field labels, fields that hold another object's id, fields whose values are enum
    values, and actions whose before/after maps ids (of an object type) to values."""
    FIELDS.update(labels or {})
    REFERENCES.update(references or {})
    ENUMS.update(enums or {})
    KEYED_BY.update(keyed_by or {})


# --- words for names ---------------------------------------------------------------------

def register_erasure(object_type: str, is_erased: Callable[[Any], bool]) -> None:
    """Say how to tell an object whose personal details were erased (records/erasure)."""
    if object_type in ERASED:
        raise ValueError(f"the erasure check for {object_type!r} is registered twice")
    ERASED[object_type] = is_erased


def humanise(name: str) -> str:
    """A machine name as words: "owner_office_id" -> "Owner office", "agendaitem" stays."""
    words = re.sub(r"(_id|_ids)$", "", name or "")
    words = re.sub(r"^is_|^has_", "", words)
    words = re.sub(r"[._\-]+", " ", words).strip()
    return words[:1].upper() + words[1:] if words else "Unnamed"


def action_sentence(action: str) -> str:
    """What happened, as a sentence; an unregistered action as a tidied form of its name."""
    return ACTIONS.get(action) or humanise(action)


def type_name(object_type: str) -> str:
    """What an object type is called ("agendaitem" -> "Agenda item")."""
    known = OBJECT_TYPES.get(object_type)
    return known.name if known else humanise(object_type)


def field_label(name: str) -> str:
    """A field's label ("starts_at" -> "Starts")."""
    return FIELDS.get(name) or humanise(name)


# --- values ------------------------------------------------------------------------------

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?$")


@dataclass(frozen=True)
class Shown:
    """A value as the page shows it: words, and a link where the value names an object."""

    text: str
    href: str | None = None


@dataclass
class Change:
    """One field of an entry: its label and its value before and after (None: not recorded)."""

    label: str
    before: Shown | None
    after: Shown | None


@dataclass
class EntryView:
    """An audit entry in words, with links resolved."""

    entry: Any
    sentence: str
    type_name: str
    object: Shown | None
    actor: Shown
    changes: list[Change] = field(default_factory=list)


def _as_id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit() and len(value) < 19:
        return int(value)
    return None


class _Objects:
    """The objects an audit page names, loaded with one query per object type."""

    def __init__(self, wanted: dict[str, set[int]]):
        self.found: dict[str, dict[int, Any]] = {}
        for object_type, ids in wanted.items():
            known = OBJECT_TYPES.get(object_type)
            if not known or known.model is None or not ids:
                continue
            model = known.model
            rows = db.session.scalars(select(model).where(model.id.in_(sorted(ids)))).all()
            self.found[object_type] = {row.id: row for row in rows}

    def shown(self, object_type: str, object_id: Any, fallback: str = "") -> Shown | None:
        """The object's name and link, or the fallback text (None if there is nothing)."""
        ident = _as_id(object_id)
        row = self.found.get(object_type, {}).get(ident) if ident is not None else None
        if row is None:
            if fallback:
                return Shown(fallback)
            return Shown(f"{type_name(object_type)} {object_id}") if object_id else None
        known = OBJECT_TYPES[object_type]
        if self.is_erased(object_type, object_id):
            fallback = ""  # the label stored at the time holds the erased name
        href = None
        if known.endpoint:
            href = url_for(known.endpoint, **(known.url_args(row) if known.url_args else
                                              {"id": row.id}))
        return Shown(fallback or known.label(row), href)


    def is_erased(self, object_type: str, object_id: Any) -> bool:
        """Whether the named object's personal details were erased."""
        check = ERASED.get(object_type)
        row = self.found.get(object_type, {}).get(_as_id(object_id)) if check else None
        return bool(row is not None and check(row))


def _text(object_type: str, name: str, value: Any, objects: _Objects,
          enum: type | None = None) -> Shown:
    if value is None or value == "" or value == [] or value == {}:
        return Shown("None")
    if isinstance(value, bool):
        return Shown("Yes" if value else "No")
    if name in REFERENCES and _as_id(value) is not None:
        return objects.shown(REFERENCES[name], value)
    enum = enum or ENUMS.get((object_type, name))
    if enum is not None and isinstance(value, str):
        try:
            return Shown(enum(value).label)
        except ValueError:
            return Shown(value)
    if isinstance(value, list):
        return Shown(", ".join(_text(object_type, name, v, objects).text for v in value))
    if isinstance(value, dict):
        return Shown("; ".join(f"{field_label(k)}: {_text(object_type, k, v, objects).text}"
                               for k, v in value.items()))
    if isinstance(value, str) and name.endswith(("_on", "_at")):  # dates and times by name
        return Shown(_moment(value))
    return Shown(str(value))


def _moment(value: str) -> str:
    """A stored ISO date or time as the pages show it; anything else as it is."""
    try:
        if _DATE.match(value):
            return date.fromisoformat(value).strftime("%-d %B %Y")
        if _DATETIME.match(value):
            return show(datetime.fromisoformat(value.replace("Z", "+00:00")))
    except (ValueError, OverflowError):
        pass
    return value


def _changes(entry, objects: _Objects) -> list[Change]:
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    keyed_by, enum = KEYED_BY.get(entry.action, (None, None))
    erased = objects.is_erased(entry.object_type, entry.object_id)
    rows = []
    for name in list(dict.fromkeys([*before, *after])):
        was, now = before.get(name), after.get(name)
        if name in before and name in after and was == now:
            continue  # unchanged: a snapshot records every field, the list shows what changed
        named = objects.shown(keyed_by, name) if keyed_by else None
        label = named.text if named else field_label(name)
        if erased and name in ERASED_FIELDS:
            rows.append(Change(label, Shown("Erased") if name in before else None,
                               Shown("Erased") if name in after else None))
            continue
        rows.append(Change(
            label,
            _text(entry.object_type, name, was, objects, enum) if name in before else None,
            _text(entry.object_type, name, now, objects, enum) if name in after else None))
    for label, raw in (("Before", entry.before), ("After", entry.after)):
        if raw is not None and not isinstance(raw, dict):  # stored as something else: say so
            rows.append(Change(label, None, Shown(str(raw))))
    return rows


def _wanted(entries: Iterable) -> dict[str, set[int]]:
    wanted: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        if entry.actor_id:
            wanted["person"].add(entry.actor_id)
        ident = _as_id(entry.object_id)
        if entry.object_type and ident is not None:
            wanted[entry.object_type].add(ident)
        keyed_by = KEYED_BY.get(entry.action, (None, None))[0]
        for data in (entry.before, entry.after):
            if not isinstance(data, dict):
                continue
            for name, value in data.items():
                if keyed_by and _as_id(name) is not None:
                    wanted[keyed_by].add(_as_id(name))
                if name in REFERENCES and _as_id(value) is not None:
                    wanted[REFERENCES[name]].add(_as_id(value))
    return wanted


def describe(entries: list) -> list[EntryView]:
    """The entries in words, each object and person named and linked where a page exists;
    one query per object type named, however many entries there are."""
    objects = _Objects(_wanted(entries))
    views = []
    for entry in entries:
        actor = objects.shown("person", entry.actor_id) if entry.actor_id else None
        if actor is not None and entry.actor_label and actor.href is None:
            actor = Shown(entry.actor_label)
        views.append(EntryView(
            entry=entry,
            sentence=action_sentence(entry.action),
            type_name=type_name(entry.object_type) if entry.object_type else "",
            object=(objects.shown(entry.object_type, entry.object_id, entry.object_label)
                    if entry.object_type else None),
            actor=actor or Shown(entry.actor_label or "The system"),
            changes=_changes(entry, objects),
        ))
    return views


def type_choices(types: Iterable[str]) -> list[tuple[str, str]]:
    """Filter choices for these object types, by their names."""
    return sorted(((t, type_name(t)) for t in set(types) if t), key=lambda pair: pair[1])


def registered_type_choices(asked: str = "") -> list[tuple[str, str]]:
    """Filter choices for every registered object type (the registry, not a scan of the whole
    log), and the type a link asks for when it names one the registry does not."""
    return type_choices([*OBJECT_TYPES, *([asked] if asked else [])])
