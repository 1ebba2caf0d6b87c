"""A parquet file's footer read without pyarrow (whose import costs about half a second,
more than evaluating a million people): the file's rows, and per row group and leaf column
its physical type, Decimal scale and statistics (min_value, max_value, null_count), as the
footer's Thrift compact encoding writes them (parquet-format's parquet.thrift). Only what
scan.parquet_claims reads is kept; anything else unexpected (an encrypted footer, a nested
schema, a type this reader does not know) is no statistics, never a guess: the claims are
then asked of the table, and every claim is checked by the query anyway.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

MAGIC = b"PAR1"
PHYSICAL = {1: "INT32", 2: "INT64", 7: "FIXED_LEN_BYTE_ARRAY"}  # others: not read
DECIMAL = 5  # ConvertedType.DECIMAL; LogicalType's DECIMAL is its field 5
UNSIGNED = (11, 12, 13, 14)  # ConvertedType.UINT_8 … UINT_64; LogicalType's INTEGER: field 10


class Unread(Exception):
    """The footer is not one this reader takes."""


@dataclass(frozen=True)
class Chunk:
    """One column of one row group: its statistics (None: the file gives none)."""

    name: str
    physical: str | None
    scale: int | None  # a Decimal's scale; None: not a Decimal
    least: int | None  # the min and max as the integers stored (a Decimal's unscaled)
    most: int | None
    nulls: int | None


@dataclass(frozen=True)
class Footer:
    rows: int
    groups: list[list[Chunk]]  # per row group, its chunks; `group_rows` their rows
    group_rows: list[int]


def read_footer(path: str | Path) -> Footer:
    """The footer of a parquet file. Raises OSError, or Unread."""
    with open(path, "rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        if size < 12:
            raise Unread("not a parquet file")
        handle.seek(size - 8)
        tail = handle.read(8)
        if tail[4:] != MAGIC:
            raise Unread("not a plain parquet footer (encrypted, or not parquet)")
        length = struct.unpack("<I", tail[:4])[0]
        if length > size - 12:
            raise Unread("a footer longer than the file")
        handle.seek(size - 8 - length)
        data = handle.read(length)
    meta, _ = _struct(data, 0)
    return _footer(meta)


def _footer(meta: dict) -> Footer:
    schema = meta.get(2) or []
    if not schema or any(element.get(5) for element in schema[1:]):
        raise Unread("a nested schema")  # a leaf has no children: a flat table only
    leaves = schema[1:]
    groups, group_rows = [], []
    for group in meta.get(4) or []:
        columns = group.get(1) or []
        if len(columns) != len(leaves):
            raise Unread("row group columns differ from the schema")
        groups.append([_chunk(column.get(3) or {}, leaf)
                       for column, leaf in zip(columns, leaves)])
        group_rows.append(int(group.get(3, 0)))
    return Footer(int(meta.get(3, 0)), groups, group_rows)


def _chunk(column: dict, leaf: dict) -> Chunk:
    name = b".".join(column.get(3) or [leaf.get(4, b"")]).decode("utf-8", "replace")
    physical = PHYSICAL.get(column.get(1))
    logical = leaf.get(10) or {}
    signed = not (leaf.get(6) in UNSIGNED or (logical.get(10) or {}).get(2) is False)
    scale = None
    if leaf.get(6) == DECIMAL:
        scale = int(leaf.get(7, 0))
    elif DECIMAL in logical:
        scale = int(logical[DECIMAL].get(1, 0))
    stats = column.get(12)
    if stats is None or physical is None:
        return Chunk(name, physical, scale, None, None, None)
    low, high = stats.get(6), stats.get(5)  # min_value, max_value (not the deprecated pair)
    nulls = stats.get(3)
    if low is None or high is None:
        return Chunk(name, physical, scale, None, None, nulls)
    return Chunk(name, physical, scale, _integer(low, physical, signed),
                 _integer(high, physical, signed), nulls)


def _integer(raw: bytes, physical: str, signed: bool) -> int:
    """A statistic as the integer stored: INT32/INT64 little-endian, a fixed-length
    Decimal big-endian, two's complement unless the column is unsigned."""
    if physical == "FIXED_LEN_BYTE_ARRAY":
        return int.from_bytes(raw, "big", signed=True)
    return int.from_bytes(raw, "little", signed=signed)


# ---------------------------------------------------------------- Thrift compact protocol

def _varint(data: bytes, at: int) -> tuple[int, int]:
    shift = value = 0
    while True:
        if at >= len(data):
            raise Unread("a footer cut short")
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, at
        shift += 7
        if shift > 70:
            raise Unread("a varint too long")


def _zigzag(value: int) -> int:
    return (value >> 1) ^ -(value & 1)


def _value(data: bytes, at: int, kind: int):
    """One value of a compact type: (value, the offset past it)."""
    if kind in (1, 2):  # a Boolean in a list (in a struct the field header holds it)
        return data[at] == 1, at + 1
    if kind == 3:
        return struct.unpack_from("b", data, at)[0], at + 1
    if kind in (4, 5, 6):
        value, at = _varint(data, at)
        return _zigzag(value), at
    if kind == 7:
        return struct.unpack_from("<d", data, at)[0], at + 8
    if kind == 8:
        length, at = _varint(data, at)
        if at + length > len(data):
            raise Unread("a footer cut short")
        return data[at:at + length], at + length
    if kind in (9, 10):
        head = data[at]
        at += 1
        size, inner = head >> 4, head & 0x0F
        if size == 15:
            size, at = _varint(data, at)
        items = []
        for _ in range(size):
            item, at = _value(data, at, inner)
            items.append(item)
        return items, at
    if kind == 11:
        size, at = _varint(data, at)
        if not size:
            return {}, at
        kinds = data[at]
        at += 1
        out = {}
        for _ in range(size):
            key, at = _value(data, at, kinds >> 4)
            out[key if not isinstance(key, (list, dict)) else repr(key)], at = \
                _value(data, at, kinds & 0x0F)
        return out, at
    if kind == 12:
        return _struct(data, at)
    raise Unread(f"an unknown compact type {kind}")


def _struct(data: bytes, at: int) -> tuple[dict, int]:
    """A struct as {field id: value}."""
    fields, last = {}, 0
    while True:
        if at >= len(data):
            raise Unread("a footer cut short")
        head = data[at]
        at += 1
        if head == 0:
            return fields, at
        delta, kind = head >> 4, head & 0x0F
        if delta:
            field = last + delta
        else:
            raw, at = _varint(data, at)
            field = _zigzag(raw)
        if kind in (1, 2):
            fields[field] = kind == 1
        else:
            fields[field], at = _value(data, at, kind)
        last = field
