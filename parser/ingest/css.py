"""A web page's style sheet, as far as reading its text needs it: the declarations its rules
give an element (alignment, margins, a list's marker), merged with the element's own `style`
as a browser's cascade merges them, and the text a rule generates before an element from CSS
counters. Google Docs numbers its lists that way: the list shows no marker
(`ol.lst-kix_a-0{list-style-type:none}`), each item counts (`counter-increment`) and writes its
number before itself (`.lst-kix_a-0>li:before{content:"" counter(lst-ctn-kix_a-0,decimal) ". "}`).

Selectors read: a compound of a tag, classes and an id (`p.MsoNormal`, `.c4`, `ol.x.start`),
optionally the child of another compound (`.x>li`), optionally `::before`; a rule whose
selector says more (descendants, attributes, states) is one a reader cannot apply to a stream
of tags, and is left out. Counters are the page's, not scoped to elements."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import tinycss2

_COMPOUND = r"(?:[a-z][a-z0-9]*|\*)?(?:[.#][\w-]+)*"
_SELECTOR = re.compile(rf"(?:({_COMPOUND})\s*>\s*)?({_COMPOUND})(::?before)?", re.I)
_PART = re.compile(r"([.#]?)([\w*-]+)")


@dataclass(frozen=True)
class _Compound:
    """One element's part of a selector: its tag (None for any), classes and id."""

    tag: str | None
    classes: frozenset[str]
    id: str | None

    @classmethod
    def parse(cls, text: str) -> _Compound:
        tag, classes, ident = None, set(), None
        for mark, name in _PART.findall(text):
            if mark == ".":
                classes.add(name)
            elif mark == "#":
                ident = name
            elif name != "*":
                tag = name.lower()
        return cls(tag, frozenset(classes), ident)

    def matches(self, tag: str, attrs: dict) -> bool:
        return (self.tag in (None, tag) and self.classes <= classes_of(attrs)
                and self.id in (None, attrs.get("id")))

    @property
    def specificity(self) -> tuple[int, int, int]:
        return (self.id is not None, len(self.classes), self.tag is not None)


@dataclass(frozen=True)
class _Rule:
    element: _Compound
    parent: _Compound | None
    before: bool
    declarations: tuple[tuple[str, str], ...]
    rank: tuple  # specificity, then the rule's place in the sheet


def classes_of(attrs: dict) -> frozenset[str]:
    return frozenset((attrs.get("class") or "").split())


@lru_cache(maxsize=4096)
def _inline(text: str) -> tuple[tuple[str, str], ...]:
    """An element's `style` attribute's declarations (a page repeats the same few)."""
    return _declarations(text)


def _declarations(text_or_tokens) -> tuple[tuple[str, str], ...]:
    return tuple((d.lower_name, tinycss2.serialize(d.value).strip())
                 for d in tinycss2.parse_declaration_list(text_or_tokens, skip_comments=True,
                                                          skip_whitespace=True)
                 if d.type == "declaration")


class StyleSheet:
    """The rules of a page's <style> elements, in their order."""

    def __init__(self, rules: tuple[_Rule, ...] = ()) -> None:
        self.rules = rules
        # the rules by what an element must have to match: a class, an id, a tag, or nothing
        self.index: dict[str, list[_Rule]] = {}
        self.seen: dict[tuple, dict[str, str]] = {}  # an element's style by what decides it
        for rule in rules:
            self.index.setdefault(_key(rule.element), []).append(rule)

    def extended(self, css: str) -> StyleSheet:
        """This sheet and the rules of one more <style> element after it."""
        rules = list(self.rules)
        for node in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
            if node.type != "qualified-rule":
                continue  # @import, @page, @media: no text's look
            declarations = _declarations(node.content)
            for selector in tinycss2.serialize(node.prelude).split(","):
                match = _SELECTOR.fullmatch(selector.strip())
                if not match or not match.group(2):
                    continue
                element = _Compound.parse(match.group(2))
                parent = _Compound.parse(match.group(1)) if match.group(1) else None
                rank = (tuple(a + b for a, b in zip(element.specificity, parent.specificity))
                        if parent else element.specificity, len(rules))
                rules.append(_Rule(element, parent, bool(match.group(3)), declarations, rank))
        return StyleSheet(tuple(rules))

    def style(self, tag: str, attrs: dict, parent: tuple[str, dict] | None = None,
              before: bool = False) -> dict[str, str]:
        """The declarations that hold for an element (or for the box generated before it),
        the more specific rule over the less, the later over the earlier, its own `style`
        attribute over all."""
        key = (tag, attrs.get("class"), attrs.get("id"), attrs.get("style"), before,
               parent and (parent[0], parent[1].get("class"), parent[1].get("id")))
        if key not in self.seen:
            self.seen[key] = self._style(tag, attrs, parent, before)
        return dict(self.seen[key])

    def _style(self, tag: str, attrs: dict, parent: tuple[str, dict] | None,
               before: bool) -> dict[str, str]:
        keys = ["*", f"<{tag}", *(f".{c}" for c in classes_of(attrs))]
        if attrs.get("id"):
            keys.append(f"#{attrs['id']}")
        candidates = (rule for key in keys for rule in self.index.get(key, ()))
        found = sorted((rule for rule in candidates if rule.before == before
                        and rule.element.matches(tag, attrs)
                        and (rule.parent is None
                             or parent is not None and rule.parent.matches(*parent))),
                       key=lambda rule: rule.rank)
        out: dict[str, str] = {}
        for rule in found:
            out.update(rule.declarations)
        if not before and attrs.get("style"):
            out.update(_inline(attrs["style"]))
        return out


def _key(element: _Compound) -> str:
    """The one thing an element needs to match a compound, for the index: its id, else one
    of its classes, else its tag, else "*"."""
    if element.id is not None:
        return f"#{element.id}"
    if element.classes:
        return "." + min(element.classes)
    return f"<{element.tag}" if element.tag else "*"


def style_text(declarations: dict[str, str]) -> str:
    """Declarations as a `style` attribute writes them."""
    return ";".join(f"{name}:{value}" for name, value in declarations.items())


class Counters:
    """The page's CSS counters and the text `content` makes of them."""

    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def apply(self, declarations: dict[str, str]) -> None:
        """An element's `counter-reset`, then its `counter-increment`, as CSS orders them."""
        for name, value in _pairs(declarations.get("counter-reset"), 0):
            self.values[name] = value
        for name, value in _pairs(declarations.get("counter-increment"), 1):
            self.values[name] = self.values.get(name, 0) + value

    def content(self, declarations: dict[str, str]) -> str:
        """The text a `content` declaration generates: its strings and its counters, each in
        its counter style ("" for `none`, `normal` or no declaration)."""
        out: list[str] = []
        for token in _tokens(declarations.get("content") or ""):
            if token.type == "string":
                out.append(token.value)
            elif token.type == "function" and token.lower_name in ("counter", "counters"):
                args = [t for t in token.arguments if t.type == "ident"]
                if args:
                    style = args[1].lower_value if len(args) > 1 else "decimal"
                    out.append(counter_text(self.values.get(args[0].value, 0), style))
        return "".join(out)


def _pairs(value: str | None, default: int) -> list[tuple[str, int]]:
    """`name [integer] name …` -> (name, integer) pairs; none for `none`."""
    out: list[tuple[str, int]] = []
    for token in _tokens(value or ""):
        if token.type == "ident" and token.lower_value != "none":
            out.append((token.value, default))
        elif token.type == "number" and token.is_integer and out:
            out[-1] = (out[-1][0], token.int_value)
    return out


@lru_cache(maxsize=1024)
def _tokens(value: str) -> tuple:
    """A declaration's value as CSS tokens (none for no value; a page repeats the same few)."""
    return tuple(tinycss2.parse_component_value_list(value)) if value else ()


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
_BULLETS = {"disc": "•", "circle": "◦", "square": "▪"}


def counter_text(n: int, style: str) -> str:
    """A counter's value in one of CSS's counter styles; decimal for a style CSS does not
    define, as a browser falls back."""
    if style in _BULLETS:
        return _BULLETS[style]
    if style == "none":
        return ""
    if style in ("lower-roman", "upper-roman") and 0 < n < 4000:
        text = ""
        for value, letters in _ROMAN:
            count, n = divmod(n, value)
            text += letters * count
        return text.upper() if style == "upper-roman" else text
    if style in ("lower-alpha", "lower-latin", "upper-alpha", "upper-latin") and n > 0:
        text = ""
        while n:
            n, k = divmod(n - 1, 26)
            text = chr(ord("a") + k) + text
        return text.upper() if style.startswith("upper") else text
    if style == "decimal-leading-zero":
        return f"{n:02d}"
    return str(n)
