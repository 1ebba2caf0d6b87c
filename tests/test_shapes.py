"""The fast path of a fact's check (parser/facts/shapes.py) against the kinds' models
(parser/facts/kinds.py): what a shape accepts, the model accepts; and the shapes accept the
facts the readers and the gold files write, so reading a decree needs no pydantic."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from parser.data import load_yaml
from parser.facts.kinds import KINDS, check_fields
from parser.facts.score import load_gold
from parser.facts.shapes import SHAPES, accepts

ROOT = Path(__file__).resolve().parent.parent
GOLD = sorted((ROOT / "tests" / "gold").glob("*.facts.yaml"))
REFUSED = load_yaml((ROOT / "tests" / "facts" / "refused_fields.yaml").read_text(encoding="utf-8"))
# values a reader's bug could put anywhere: wrong types, empty, spaced, non-ASCII, out of range
ODD = [None, "", "two words", "ключ", "2/3", "3/0", "13-40", -1, 0, 32, Decimal("2.5"),
       Decimal("3.0"), Decimal("NaN"), Decimal("-Infinity"), 2.5, True, False, [], [1],
       [1, 2], [2, 1], ["a"], {}, {"weeks": 1}, {"working_days": 5}, "between", "odd", "next"]


def gold_fields() -> list[tuple[str, dict]]:
    """(kind, fields) of every gold fact, numbers as the readers write them (Decimal)."""
    return [(r["kind"], {k: v for k, v in r.items() if k not in ("kind", "address", "quote")})
            for path in GOLD for r in load_gold(path)]


def paths(value, prefix=()):
    """Every path into a value's dicts and lists (a key or an index a step)."""
    items = value.items() if isinstance(value, dict) else \
        enumerate(value) if isinstance(value, list) else ()
    for step, inner in items:
        yield (*prefix, step)
        yield from paths(inner, (*prefix, step))


def replaced(value, path, new):
    """A copy of `value` with the item at `path` set to `new` (removed when new is ...)."""
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    if len(path) == 1 and new is ...:
        del copy[path[0]]
    else:
        copy[path[0]] = replaced(copy[path[0]], path[1:], new)
    return copy


def mutations(fields: dict):
    """The fields with each item replaced by each odd value, removed, and with a new key."""
    yield {**fields, "unknown_key": 1}
    for path in paths(fields):
        yield replaced(fields, path, ...)
        for odd in ODD:
            yield replaced(fields, path, odd)


def test_every_kind_has_a_shape():
    assert set(SHAPES) == set(KINDS)


def test_the_shapes_accept_every_gold_fact():
    facts = gold_fields()
    assert len(facts) > 200
    assert [(kind, fields) for kind, fields in facts if not accepts(kind, fields)] == []


@pytest.mark.parametrize("case", REFUSED, ids=[c["why"] for c in REFUSED])
def test_the_shapes_refuse_what_the_models_refuse(case):
    assert check_fields(case["kind"], case["fields"]) is not None
    assert not accepts(case["kind"], case["fields"])


def test_what_a_shape_accepts_its_model_accepts():
    unsound, accepted, tried = [], 0, 0
    for kind, fields in gold_fields():
        for mutated in mutations(fields):
            tried += 1
            if accepts(kind, mutated):
                accepted += 1
                if check_fields(kind, mutated) is not None:
                    unsound.append((kind, mutated, check_fields(kind, mutated)))
    assert unsound[:3] == []
    assert 0 < accepted < tried  # the mutations both kept and broke the shapes
