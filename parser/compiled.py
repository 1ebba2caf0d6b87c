"""Compiled decrees read back: the JSON `ereje compile` writes, its size bounded and its
shape checked before any command relies on it."""

from __future__ import annotations

import json
from pathlib import Path

from . import limits
from .errors import InputError


def read_json(path: Path) -> object:
    """A JSON file's data; one too big, unreadable or not JSON is an InputError."""
    try:
        size = path.stat().st_size
        if size > limits.COMPILED_BYTES:
            raise InputError(str(path), limits.over("the file", size, limits.COMPILED_BYTES))
        return json.loads(path.read_bytes())
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from None
    except (ValueError, RecursionError):
        raise InputError(str(path), "damaged: not JSON (an interrupted write?); compile "
                         "again") from None


def is_compiled(data: object) -> bool:
    """Whether JSON data has the shape `ereje compile` writes (id, stats, diagnostics,
    facts each with a kind and an address, the tree's roots)."""
    try:
        return _is_compiled(data)
    except RecursionError:  # a tree nested deeper than any decree's
        return False


def _is_compiled(data: object) -> bool:
    """is_compiled, unguarded."""
    return (isinstance(data, dict) and isinstance(data.get("id"), str)
            and isinstance(data.get("stats"), dict)
            and isinstance(data["stats"].get("nodes"), dict)
            and isinstance(data.get("diagnostics"), list)
            and isinstance(data.get("facts", []), list)
            and all(_is_fact(f) for f in data.get("facts", []))
            and isinstance(data.get("roots", []), list)
            and all(_is_node(n) for n in data.get("roots", [])))


def read_compiled(path: Path) -> dict:
    """A compiled decree from its JSON file; any other file is an InputError saying why."""
    data = read_json(path)
    if not is_compiled(data):
        raise InputError(str(path), "not a compiled decree (`ereje compile` writes them)")
    return data


def _is_fact(fact: object) -> bool:
    """A compiled fact: kind and address as text, fields (if any) a mapping."""
    return (isinstance(fact, dict) and isinstance(fact.get("kind"), str)
            and isinstance(fact.get("address"), str)
            and isinstance(fact.get("fields", {}), dict))


def _is_node(node: object) -> bool:
    """A node of the compiled tree, and its children."""
    return (isinstance(node, dict) and isinstance(node.get("address"), str)
            and isinstance(node.get("children", []), list)
            and all(_is_node(c) for c in node.get("children", [])))
