"""Data files the project reads (gold facts, sample cases, a case given to `ereje evaluate`):
a SafeLoader that reads every number as an exact Decimal (3.99 stays 3.99), within a budget
of aliases and expanded values (parser/limits.py), and numbers typed by a person.

Only plain data is constructed (the SafeLoader's tags); no document text is read this way.
A value YAML cannot make into data (`2026-02-30`, `.nan`, `0x10`, `1:30`) is a YAML error
naming its line, never a Python exception. PyYAML is imported when a file is first read
(`number` and `plain` serve commands that read no YAML, `ereje facts` among them).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import limits
from .encoding import decode
from .errors import InputError

if TYPE_CHECKING:
    import yaml

_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


@cache
def _loader() -> type:
    """SafeLoader with numbers as Decimal, a budget of aliases and of expanded values."""
    import yaml
    from yaml.composer import ComposerError

    class DecimalLoader(yaml.SafeLoader):
        def __init__(self, stream):
            super().__init__(stream)
            self.aliases = 0

        def compose_node(self, parent, index):
            """Count every alias; past the budget the file is refused."""
            if self.check_event(yaml.AliasEvent):
                self.aliases += 1
                if self.aliases > limits.YAML_ALIASES:
                    raise ComposerError(None, None, f"more than {limits.YAML_ALIASES} aliases",
                                        self.peek_event().start_mark)
            return super().compose_node(parent, index)

        def construct_document(self, node):
            """Refuse a document whose aliases expand past the budget, or refer to
            themselves."""
            _expanded_size(node)
            return super().construct_document(node)

    DecimalLoader.add_constructor("tag:yaml.org,2002:float", _decimal)
    DecimalLoader.add_constructor("tag:yaml.org,2002:int", _decimal)
    DecimalLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
    return DecimalLoader


def _expanded_size(root: yaml.Node) -> int:
    """The number of values a composed document holds once every alias is expanded."""
    from yaml.constructor import ConstructorError

    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_: set[int] = set()
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if done:
            open_.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[id(node)] > limits.YAML_NODES:
                raise ConstructorError(None, None, "the aliases expand to more than "
                                       f"{limits.YAML_NODES} values", node.start_mark)
            continue
        if id(node) in open_:
            raise ConstructorError(None, None, "an alias refers to the value holding it",
                                   node.start_mark)
        open_.add(id(node))
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    """The values a composed node holds (keys and values of a mapping)."""
    import yaml

    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    """A YAML int or float as an exact Decimal, or a YAML error naming its line."""
    from yaml.constructor import ConstructorError

    text = loader.construct_scalar(node)
    try:
        return number(text.replace("_", ""))
    except ValueError as exc:
        raise ConstructorError(None, None, str(exc), node.start_mark) from None


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode):
    """A YAML date, or a YAML error naming its line (2026-02-30)."""
    import yaml
    from yaml.constructor import ConstructorError

    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as exc:
        raise ConstructorError(None, None, f"{loader.construct_scalar(node)[:40]!r} is not "
                               f"a date: {exc}", node.start_mark) from None


def load_yaml(text: str) -> Any:
    """YAML text -> data, numbers as Decimal; raises yaml.YAMLError for what is not data."""
    import yaml

    try:
        return yaml.load(text, Loader=_loader())  # noqa: S506 - a SafeLoader subclass
    except RecursionError:
        raise yaml.YAMLError("values nested too deeply") from None


def read_data(path: str | Path, text: str | bytes | None = None) -> Any:
    """A case file (YAML or JSON; `text` when it came from standard input) -> data, or
    InputError naming the file, the line and the reason."""
    name = str(path)
    try:
        raw = Path(path).read_bytes() if text is None else text
    except OSError as exc:
        raise InputError(name, f"cannot read file: {exc.strerror}") from None
    if len(raw) > limits.CASE_BYTES:
        raise InputError(name, limits.over("the case file", len(raw), limits.CASE_BYTES))
    if isinstance(raw, bytes):
        raw = decode(raw, name) if raw else ""
    if "\x00" in raw:
        raise InputError(name, "binary data, not YAML or JSON")
    import yaml

    try:
        return load_yaml(raw)
    except yaml.YAMLError as exc:
        raise InputError(name, _yaml_reason(exc), _yaml_where(exc)) from None


def _yaml_reason(exc: yaml.YAMLError) -> str:
    """A YAML error's reason, without PyYAML's excerpt of the text."""
    import yaml

    if isinstance(exc, yaml.MarkedYAMLError):
        return "not YAML or JSON: " + " ".join(filter(None, (exc.context, exc.problem)))
    return f"not YAML or JSON: {exc}"


def _yaml_where(exc: yaml.YAMLError) -> str:
    """`line:column` of a YAML error, or empty."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return f"{mark.line + 1}:{mark.column + 1}" if mark is not None else ""


def number(value: Any) -> Decimal:
    """A number as a person gives it (3.99, "3,99", 4, " 4 ") -> a finite Decimal; anything
    else is a ValueError in the user's terms."""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} is not a finite number")
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        value = repr(value)  # 2.99 read from JSON as a float is 2.99
    text = str(value).strip()
    if len(text) > limits.NUMBER_CHARS:
        raise ValueError(f"a number of {len(text)} characters (the limit is "
                         f"{limits.NUMBER_CHARS})")
    if not _NUMBER.fullmatch(text) or text.count(",") + text.count(".") > 1:
        raise ValueError(f"{text!r} is not a number")
    try:
        result = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None
    if abs(result.adjusted()) > limits.NUMBER_CHARS:
        raise ValueError(f"{text!r} is out of range")
    return result


def plain(value: Any) -> Any:
    """Fields -> JSON-ready values; a Decimal becomes an int or a float that prints back
    exactly (JSON readers that keep decimals get 2.99, not 2.9900000000000002)."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        as_float = float(value)
        return as_float if Decimal(repr(as_float)) == value else str(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value
