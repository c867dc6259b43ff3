"""One stable text form for every column type, so that two exports of the same record are the
same bytes on SQLite and PostgreSQL: timestamps in UTC to the microsecond, dates in ISO 8601,
decimals as written, bytes in base64, JSON with sorted keys, enums by value."""

from __future__ import annotations

import base64
import csv
import enum
import io
import json
from datetime import UTC, date, datetime, time
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, LargeBinary, Numeric, Time
from sqlalchemy import Enum as SAEnum

from network.db import UTCDateTime


class RecordFormatError(ValueError):
    """A value in an export file cannot be what its column holds."""


def dumps(value) -> str:
    """The canonical JSON text of a value (sorted keys, no spaces, UTF-8 kept)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def to_plain(column, value):
    """A column's value as plain JSON data."""
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, float):
        raise RecordFormatError(f"{column.table.name}.{column.name} holds a float")
    return value


def from_plain(column, value):
    """The Python value to write for a column from its plain JSON form (checked)."""
    where = f"{column.table.name}.{column.name}"
    kind = column.type
    if value is None:
        if not column.nullable:
            raise RecordFormatError(f"{where} may not be empty")
        return None
    try:
        if isinstance(kind, JSON):
            return value
        if isinstance(kind, UTCDateTime | DateTime):
            parsed = datetime.fromisoformat(_str(value))
            if parsed.tzinfo is None:
                raise RecordFormatError(f"{where} has a timestamp without a time zone")
            return parsed.astimezone(UTC)
        if isinstance(kind, Date):
            return date.fromisoformat(_str(value))
        if isinstance(kind, Time):
            return time.fromisoformat(_str(value))
        if isinstance(kind, Boolean):
            if not isinstance(value, bool):
                raise RecordFormatError(f"{where} must be true or false")
            return value
        if isinstance(kind, Integer):
            if isinstance(value, bool) or not isinstance(value, int) or abs(value) >= 2**63:
                raise RecordFormatError(f"{where} must be a whole number")
            return value
        if isinstance(kind, Numeric):
            return Decimal(_str(value))
        if isinstance(kind, LargeBinary):
            return base64.b64decode(_str(value), validate=True)
        if isinstance(kind, SAEnum) and kind.enum_class is not None:
            return kind.enum_class(_str(value))
        text = _str(value)
        length = getattr(kind, "length", None)
        if length and len(text) > length:
            raise RecordFormatError(f"{where} is longer than {length} characters")
        if "\x00" in text:
            raise RecordFormatError(f"{where} holds a NUL character")
        return text
    except RecordFormatError:
        raise
    except (ValueError, TypeError, ArithmeticError) as exc:
        raise RecordFormatError(f"{where} holds a value it cannot: {exc}") from None


def _str(value) -> str:
    if not isinstance(value, str):
        raise RecordFormatError("expected text")
    return value


def sort_key(row: dict, names: list[str]):
    """Rows in primary-key order, the same on every database (numbers before text)."""
    return tuple((0, v, "") if isinstance(v, int) else (1, 0, str(v)) for v in
                 (row[n] for n in names))


def jsonl(rows: list[dict]) -> bytes:
    """JSON Lines: one canonical object per line."""
    return "".join(dumps(row) + "\n" for row in rows).encode("utf-8")


def csv_bytes(names: list[str], rows: list[dict]) -> bytes:
    """CSV with a header row; empty for null, true/false, JSON values as JSON text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_csv_cell(row[name]) for name in names])
    return out.getvalue().encode("utf-8")


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return dumps(value)
    return str(value)
