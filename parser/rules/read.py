"""A compiled ruleset's plan read back from its JSON, without a validation library.

`ereje evaluate` of a compiled ruleset reads its plan and nothing else: the nodes of
parser/rules/plan.py are plain dataclasses, built here from the JSON by their field types
(numbers to exact decimals, tagged unions by their tag). The compiler wrote the file and
pydantic checked the plan then; this reader still refuses what its types do not allow (an
unknown field, a missing one, a value of another type, a plan of another version), so a
corrupt or foreign file is one error naming the place, never a wrong answer.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Annotated, Any, Literal, Union

from .plan import PLAN_VERSION, Plan, Tagged

FORMAT_VERSION = 3  # the compiled ruleset's format (parser/rules/model.py writes it)


class Unreadable(ValueError):
    """A plan that is not one: `place` is the path to the first bad value."""

    def __init__(self, place: str, reason: str):
        super().__init__(f"at {place}: {reason}")


@dataclass(frozen=True)
class Compiled:
    """What evaluating a compiled ruleset reads of it: its id, plan and assumptions."""

    id: str
    plan: Plan | None
    assumptions: list[str] = field(default_factory=list)


def compiled(data: Any) -> Compiled:
    """A compiled ruleset's JSON (the `ruleset` object) -> its id, plan and assumptions."""
    if not isinstance(data, dict):
        raise Unreadable("ruleset", "not an object")
    doc_id = _value(str, data.get("id"), "ruleset.id")
    assumptions = _value(list[str], data.get("assumptions", []), "ruleset.assumptions")
    raw = data.get("plan")
    return Compiled(doc_id, None if raw is None else plan(raw), assumptions)


def plan(data: Any) -> Plan:
    """A plan's JSON -> the Plan; Unreadable when it is not a plan of this version."""
    check_version(data)
    return _value(Plan, data, "ruleset.plan")


def check_version(data: Any) -> None:
    """Unreadable unless a plan's JSON says it is of this Ereje's plan version."""
    _expect(data, dict, "ruleset.plan")
    version = data.get("version")
    if version != PLAN_VERSION or isinstance(version, bool):
        found = "no version" if version is None else f"version {version!r}"
        raise Unreadable("ruleset.plan.version", f"a plan of {found}; this Ereje reads "
                         f"plans of version {PLAN_VERSION} only")


def _value(kind, value: Any, place: str):
    """`value` read as the type `kind` (a field's annotation)."""
    origin = typing.get_origin(kind)
    if origin is Annotated:
        union, *marks = typing.get_args(kind)
        tag = next(m.tag for m in marks if isinstance(m, Tagged))
        return _tagged(union, tag, value, place)
    if origin in (Union, types.UnionType):
        return _either(typing.get_args(kind), value, place)
    if origin is Literal:
        if value not in typing.get_args(kind):
            raise Unreadable(place, f"{value!r} is not one of {typing.get_args(kind)}")
        return value
    if origin is list:
        _expect(value, list, place)
        (item,) = typing.get_args(kind)
        return [_value(item, v, f"{place}.{k}") for k, v in enumerate(value)]
    if origin is dict:
        _expect(value, dict, place)
        _, item = typing.get_args(kind)
        return {_value(str, k, place): _value(item, v, f"{place}.{k}") for k, v in value.items()}
    if dataclasses.is_dataclass(kind):
        return _node(kind, value, place)
    return _scalar(kind, value, place)


def _scalar(kind, value: Any, place: str):
    """A str, int, bool or exact Decimal."""
    if kind is Decimal:
        if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
            raise Unreadable(place, "a number is needed")
        try:
            return Decimal(value)
        except InvalidOperation:
            raise Unreadable(place, f"{value!r} is not a number") from None
    if kind is int and isinstance(value, bool):
        raise Unreadable(place, "a whole number is needed")
    _expect(value, kind, place)
    return value


def _either(kinds: tuple, value: Any, place: str):
    """A value of a union (`Decimal | None`, `Decimal | list[Decimal] | str`): None, a list
    or a text where the union has one, else its first other member."""
    if value is None:
        if type(None) in kinds:
            return None
        raise Unreadable(place, "a value is needed")
    if isinstance(value, list):
        kind = next((k for k in kinds if typing.get_origin(k) is list), kinds[0])
    elif isinstance(value, str) and str in kinds:
        kind = str
    else:
        kind = next(k for k in kinds if k is not type(None) and typing.get_origin(k) is not list)
    return _value(kind, value, place)


def _tagged(union, tag: str, value: Any, place: str):
    """A member of a tagged union, chosen by the value's tag."""
    _expect(value, dict, place)
    kind = _members(union, tag).get(value.get(tag))
    if kind is None:
        raise Unreadable(place, f"unknown {tag} {value.get(tag)!r}")
    return _node(kind, value, place)


def _node(kind, value: Any, place: str):
    """A dataclass node from an object with exactly its fields."""
    _expect(value, dict, place)
    fields = _fields(kind)
    unknown = set(value) - set(fields)
    if unknown:
        raise Unreadable(place, f"unknown field {sorted(unknown)[0]!r}")
    missing = [name for name, (_, required) in fields.items() if required and name not in value]
    if missing:
        raise Unreadable(place, f"field {missing[0]!r} is missing")
    return kind(**{name: _value(fields[name][0], v, f"{place}.{name}")
                   for name, v in value.items()})


@cache
def _fields(kind) -> dict[str, tuple[Any, bool]]:
    """A node's fields: name -> (type, required)."""
    hints = typing.get_type_hints(kind, include_extras=True)
    return {f.name: (hints[f.name], f.default is dataclasses.MISSING
                     and f.default_factory is dataclasses.MISSING)
            for f in dataclasses.fields(kind)}


@cache
def _members(union, tag: str) -> dict[str, type]:
    """A tagged union's members by the values of their tag."""
    out = {}
    for kind in typing.get_args(union):
        for value in typing.get_args(_fields(kind)[tag][0]):
            out[value] = kind
    return out


def _expect(value: Any, kind: type, place: str) -> None:
    """Unreadable unless `value` is a `kind`."""
    if not isinstance(value, kind):
        raise Unreadable(place, f"a {kind.__name__} is needed, not {type(value).__name__}")
