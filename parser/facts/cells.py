"""Table cells: the word table of grammar/tables.yaml, the numbers, ranges and inequalities a
cell holds, and the roles of a header's columns. Below the readers that use them (tables, flat,
text), so none of them imports another to read a cell."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache, lru_cache

from ..model import Node
from .. import regexes
from ..resources import GRAMMAR, load_table
from . import lexicon
from .model import fold
from .profiles import profile

WORDS = GRAMMAR / "tables.yaml"
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
LEADING_NUMBER = re.compile(r"^\s*(\d+)\s*[.)]?\s+(?=\S)")


@lru_cache(maxsize=1)
def words() -> dict:
    """The word table as loaded."""
    return load_table(WORDS)


@cache
def pattern(fragments: tuple[str, ...]) -> re.Pattern:
    """One case-insensitive regex for a list of word fragments (a `<concept>` in one is that
    concept's abbreviations, `lexicon.with_abbreviations`)."""
    return regexes.compile("|".join(f"(?:{lexicon.with_abbreviations(f)})" for f in fragments),
                           re.IGNORECASE)


def says(text: str, fragments) -> bool:
    """Whether folded `text` contains any of the word fragments."""
    return bool(fragments) and bool(pattern(tuple(fragments)).search(fold(text)))


# `applies_to`'s key for every servant ("барлық қызметшілер", "все служащие")
ALL = "all"


def named(text: str) -> str | None:
    """The category of servants a title, clause or heading names (grammar/tables.yaml
    `applies_to`, the first entry whose words occur), or None."""
    return next((e["key"] for e in words()["applies_to"] if says(text, e["words"])), None)


def clean(text: str) -> str:
    """Cell text folded, letter-spaced words rejoined ("Т и і м д і" -> "Тиімді"): a run of
    four or more one-letter tokens (three, "А и Б", can be words)."""
    out: list[str] = []
    run: list[str] = []
    for token in fold(text).split(" "):
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        out.extend(["".join(run)] if len(run) >= 4 else run)
        run = []
        out.append(token)
    out.extend(["".join(run)] if len(run) >= 4 else run)
    return " ".join(t for t in out if t)


def number(text: str) -> Decimal:
    """A decimal written with a comma or a point."""
    return Decimal(text.replace(",", "."))


SIGN = r"(<=|>=|≤|≥|<|>)"
NUM = r"(\d+(?:[.,]\d+)?)"
BETWEEN = re.compile(rf"^\s*{NUM}\s*%?\s*{SIGN}\s*[^\W\d]{{1,3}}\s*{SIGN}\s*{NUM}\s*%?\s*$")
SIDE = re.compile(rf"^\s*[^\W\d]{{1,3}}\s*{SIGN}\s*{NUM}\s*%?\s*$")


def inequality(text: str) -> dict | None:
    """A range written as an inequality on a letter: "90 ≤ Д < 100", "Д ≥ 100", "Д < 25"."""
    both = BETWEEN.match(text)
    if both and both.group(2) in ("<", "≤", "<=") and both.group(3) in ("<", "≤", "<="):
        return {"low": number(both.group(1)), "high": number(both.group(4)),
                "low_inclusive": both.group(2) != "<", "high_inclusive": both.group(3) != "<"}
    side = SIDE.match(text)
    if side is None:
        return None
    sign, value = side.group(1), number(side.group(2))
    if sign in (">", "≥", ">="):
        return {"low": value, "high": None, "low_inclusive": sign != ">", "high_inclusive": None}
    return {"low": None, "high": value, "low_inclusive": None, "high_inclusive": sign != "<"}


def is_numeric(text: str) -> bool:
    """Whether a cell holds only a number or a range, with filler words ("5 балл"), or an
    inequality ("90 ≤ Д < 100")."""
    if inequality(text) is not None:
        return True
    remark = left_out_remark(text)
    text = text[:remark.start()] + " " + text[remark.end():] if remark else text
    rest = pattern(tuple(words()["range_filler"])).sub(" ", fold(text))
    rest = NUMBER.sub(" ", rest)
    return bool(NUMBER.search(text)) and not re.sub(r"[\s\-–—*.,()+]+", "", rest)


REMARK = re.compile(r"\(\s*(\d+(?:[.,]\d+)?)([^()]*)\)")
WORD = re.compile(r"[^\W\d_]+")


def left_out_remark(text: str) -> re.Match | None:
    """A bracketed remark after a range that leaves one of its ends out ("от 90 % до 100 %
    (100 % не включается)", "85 %-дан 100 %-ға дейін (100 % кірмейді)"): a number and words
    that say it is left out (grammar/facts_meaning.yaml `left_out`, in either language, on
    the words' keys); group 1 is the number. None when no remark leaves an end out."""
    for found in REMARK.finditer(text):
        said = [w.lower() for w in WORD.findall(found.group(2))]
        if said and any(lexicon.find("left_out", lang, " ".join(map(profile(lang).word_key, said)))
                        for lang in lexicon.LANGS):
            return found
    return None


def bounds(text: str) -> dict | None:
    """A cell or header's range: {low, high, low_inclusive, high_inclusive}, or None.

    An inequality on a letter says its bounds ("90 ≤ Д < 100": 100 excluded, "Д ≥ 100").
    Two numbers are both-inclusive bounds ("95-99,99", "от 0 до 5", "1-ден 5 балға дейін");
    one number with an open-high word is a lower bound ("100 және одан жоғары"), with an
    open-low word an upper bound it excludes ("50-ден төмен"); one number alone is the single
    value [n, n]. A number naming a clause or an appendix the cell cites is none of them.
    """
    written = inequality(text)
    if written is not None:
        return written
    uncited = pattern(tuple(words()["cited_numbers"])).sub(" ", text)
    # "от 90 % до 100 % (100 % не включается)": an end the remark after the range leaves out
    remark = left_out_remark(uncited)
    left_out = number(remark.group(1)) if remark else None
    found = [number(n) for n in NUMBER.findall(uncited[:remark.start()] if remark else uncited)]
    if len(found) == 2:
        return {"low": found[0], "high": found[1], "low_inclusive": found[0] != left_out,
                "high_inclusive": found[1] != left_out}
    if len(found) == 1 and says(text, words()["open_high"]):
        return {"low": found[0], "high": None, "low_inclusive": True, "high_inclusive": None}
    if len(found) == 1 and says(text, words()["open_low"]):
        return {"low": None, "high": found[0], "low_inclusive": None, "high_inclusive": False}
    if len(found) == 1:
        return {"low": found[0], "high": found[0], "low_inclusive": True, "high_inclusive": True}
    return None


def rows(table: Node) -> list[Node]:
    """The table's rows."""
    return [r for r in table.children if r.kind == "row"]


def texts(row: Node) -> list[str]:
    """A row's cell texts."""
    return [c.text for c in row.children if c.kind == "cell"]


_PARTED = re.compile(r"\s*/\s*")


def roles(header: list[str], lang: str | None = None) -> dict[str, int]:
    """Column index of each role, the first column taking a role keeping it; a cell naming
    two roles parted by a slash ("Құзырет / сұрақ", "Компетенция / вопрос": the competency
    rows and their questions in one column) takes both."""
    found: dict[str, int] = {}
    for index, text in enumerate(header):
        parts = [role_of(part, lang) for part in _PARTED.split(text) if part.strip()]
        if len(parts) > 1 and None not in parts and len(set(parts)) == len(parts):
            for role in parts:
                found.setdefault(role, index)
            continue
        role = role_of(text, lang)
        if role is not None:
            found.setdefault(role, index)
    return found


HEAD_WORD = re.compile(r"[^\W\d_][\w-]*")


def role_of(text: str, lang: str | None = None) -> str | None:
    """The role of a header cell (grammar/tables.yaml `columns`, `keyed`)."""
    return keyed(text, words()["columns"], lang)


def keyed(text: str, table: dict, lang: str | None = None) -> str | None:
    """The key of a word table a header cell names: the key its head word names (the last
    word of a Kazakh noun phrase, the first of a Russian one, brackets and what follows a
    comma aside ("Баға, балл" is a score, its unit after the comma): "Бағалау
    параметрлері" is a name column, "Параметр оценки" too, "Бағалаушының түсініктемесі" a
    comment column, "Берілетін балл" points but "Оценка в баллах" a score), else the first key
    any of its words names."""
    phrase = re.sub(r"\([^)]*\)?", " ", fold(text)).split(",")[0]  # "Баға, балл": a unit
    heads = HEAD_WORD.findall(phrase)
    if heads and lang is not None:
        head = heads[-1] if profile(lang).head_side == "last" else heads[0]
        named = next((k for k, fragments in table.items() if says(head, fragments)), None)
        if named is not None:
            return named
    return next((k for k, fragments in table.items() if says(text, fragments)), None)
