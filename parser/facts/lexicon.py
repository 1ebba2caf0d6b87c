"""The meaning lexicon: concepts named by stems, matched on the keys of a text's words.

grammar/facts_meaning.yaml holds tables of concepts (events, anchors, subjects, conditions,
grades, ...). Each entry has a key, a stable id (`<table>.<key>`, or its own `id:`) and,
per language, the stems that name it: a single stem where it is unambiguous, a sequence of
stems where one alone would not be ("заседание комиссия"), with the regular-expression
gaps and alternatives the YAML writes. Every word of an entry is turned into its match key
by the language's profile (parser/facts/profiles.py: a Russian lemma, a Kazakh stem with
its noun and verb endings off) and matches any word of the text whose key begins with it,
so one entry covers every inflection and case ending. The text is searched as the keys of
its words joined by spaces (`profiles.profile(lang).keys(tokens)`).

Which entries fired while reading a document is recorded on request (`recording`), for the
pattern-coverage report.
"""

from __future__ import annotations

import re
from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache, lru_cache

from .. import regexes
from ..resources import GRAMMAR, load_table
from .profiles import Profile, profile


LANGS = ("ru", "kk")
# a word of an entry: letters, joined by hyphens ("е-quzmet")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_CONCEPT = re.compile(r"<(\w+)>")
_FIRED: ContextVar[Counter | None] = ContextVar("lexicon_fired", default=None)
# a key shorter than this matches a whole key only, never as a prefix: "ал" (алған, алады)
# is not the start of "алты", "ет" (етеді) not of "етік"
MIN_PREFIX = 3


@dataclass(frozen=True)
class Entry:
    """One concept of a meaning table: its key, stems per language, other fields."""

    id: str
    table: str
    key: str
    stems: dict[str, tuple[str, ...]]  # as written in the YAML
    patterns: dict[str, re.Pattern] = field(repr=False)  # compiled on word keys, lazily
    extra: dict = field(default_factory=dict)
    # what an action's entry acts on, by itself (its `object:` stems): found anywhere in a
    # sentence whose bare verbal noun names the action ("жеке жұмыс жоспарын … бекітеді")
    objects: dict[str, re.Pattern] | None = field(default=None, repr=False)

    def multiword(self, lang: str) -> int:
        """How many of the entry's stems in a language are sequences of words."""
        return sum(1 for s in self.stems[lang] if len(_WORD.findall(s)) > 1)


def expand(written: str, lang: str) -> str:
    """An entry's pattern with each `<concept>` replaced by the alternation of that
    concept's stems (the `concepts` section of grammar/facts_meaning.yaml)."""
    found = _CONCEPT.search(written)
    while found is not None:
        stems = concepts()[found[1]][lang]
        written = written[:found.start()] + "(" + "|".join(stems) + ")" + written[found.end():]
        found = _CONCEPT.search(written)
    return written


@cache
def abbreviations(name: str) -> tuple[str, ...]:
    """A concept's abbreviations in every language: its one-word stems marked whole ("кци!",
    "ныи!"), upper-cased, longest first."""
    found = {stem[:-1].upper() for stems in concepts()[name].values() for stem in stems
             if stem.endswith("!") and _WORD.fullmatch(stem[:-1])}
    return tuple(sorted(found, key=lambda a: (-len(a), a)))


def with_abbreviations(fragment: str) -> str:
    """A raw pattern of a word table (grammar/tables.yaml, scales.yaml) with each `<concept>`
    replaced by that concept's abbreviations as whole words ("<kpi>" -> КЦИ, ННИ, НЫИ, ТТК …):
    the abbreviations are written once, in the lexicon."""
    return _CONCEPT.sub(lambda m: r"(?<!\w)(?:" + "|".join(map(re.escape, abbreviations(m[1])))
                        + r")(?!\w)", fragment)


@cache
def concepts() -> dict[str, dict[str, list[str]]]:
    """Shared concepts other entries name as `<name>`: name -> language -> stems."""
    data = load_table(GRAMMAR / "facts_meaning.yaml")
    return data.get("concepts", {})


def key_pattern(written: str, prof: Profile) -> str:
    """An entry's pattern as written -> the same pattern on word keys: each word becomes
    its key, matched at a word start with any continuation ("болу мерзімі" ->
    "(?<!\\w)бол\\w* (?<!\\w)мерзім\\w*"); a word marked "!", or a key of fewer than
    MIN_PREFIX letters, matches its key only ("ескерту!": the editor's note, not
    "ескертпе", a note of the text; "ал" not "алты"); gaps, groups and classes are kept."""
    out, i = [], 0
    while i < len(written):
        ch = written[i]
        if ch == "\\":
            out.append(written[i:i + 2])
            i += 2
        elif ch == "[":
            end = written.index("]", i + 1)
            out.append(written[i:end + 1])
            i = end + 1
        elif ch == "{":
            end = written.index("}", i)
            out.append(written[i:end + 1])
            i = end + 1
        elif (word := _WORD.match(written, i)) is not None:
            marked = written.startswith("!", word.end())  # "ескерту!": this word, no longer
            key = prof.word_key(word.group().lower())
            whole = marked or len(key) < MIN_PREFIX  # "ал" (алған) is not "алты"
            out.append(r"(?<!\w)" + re.escape(key) + (r"(?!\w)" if whole else
                                                       prof.guard(key) + r"\w*"))
            i = word.end() + marked
        else:
            out.append(ch)
            i += 1
    return "".join(out)


@cache
def concept_pattern(written: str, lang: str) -> re.Pattern:
    """Words written with concepts ("(<sum>|<difference>)": a sum or a difference named) as
    one compiled pattern on a language's word keys."""
    return re.compile(key_pattern(expand(written, lang), profile(lang)))


@cache
def entries() -> dict[str, tuple[Entry, ...]]:
    """Every meaning table of grammar/facts_meaning.yaml: table -> its entries, in order."""
    data = load_table(GRAMMAR / "facts_meaning.yaml")
    tables = {}
    for table, items in data.items():
        if not isinstance(items, list):
            continue
        tables[table] = tuple(_entry(table, item) for item in items)
        ids = [e.id for e in tables[table]]
        if len(set(ids)) != len(ids):
            raise ValueError(f"facts_meaning.yaml: {table}: duplicate entry ids")
    return tables


class _Patterns(dict):
    """Language -> an entry's pattern compiled on word keys, compiled when first asked: a
    Kazakh text never builds the Russian keys (pymorphy3's lemmas), nor a Russian one the
    Kazakh stems."""

    def __init__(self, stems: dict[str, tuple[str, ...]]):
        super().__init__()
        self.stems = stems

    def __missing__(self, lang: str) -> re.Pattern:
        # an entry with no stems in a language names nothing there (an empty alternation
        # would match everywhere)
        self[lang] = regexes.compile("|".join(f"(?:{key_pattern(expand(s, lang), profile(lang))})"
                                         for s in self.stems[lang]) or "(?!)")
        return self[lang]


def _entry(table: str, item: dict) -> Entry:
    """One YAML item -> an Entry whose patterns are compiled on word keys (per language,
    when first used)."""
    stems = {lang: tuple(item[lang]) for lang in LANGS}
    patterns = _Patterns(stems)
    extra = {k: v for k, v in item.items() if k not in ("key", "id", "object", *LANGS)}
    objects = _Patterns({lang: tuple(item["object"][lang]) for lang in LANGS}) \
        if "object" in item else None
    return Entry(id=item.get("id", f"{table}.{item['key']}"), table=table, key=item["key"],
                 stems=stems, patterns=patterns, extra=extra, objects=objects)


def entry(table: str, lang: str, words: str) -> tuple[str, dict] | None:
    """(key, other fields) of the first entry of a meaning table found in `words`."""
    found = find(table, lang, words)
    return (found.key, found.extra) if found else None


def find(table: str, lang: str, keys: str, at_start: bool = False,
         inside: list[tuple[int, int]] = ()) -> Entry | None:
    """The first entry of a table found in `keys` (a text's word keys; at their start
    only with `at_start`; not only within one of the spans `inside`), recorded as fired."""
    item = _first(table, lang, keys, at_start) if not inside else next(
        (e for e in entries()[table]
         if not e.extra.get("bare_only") and _outside(e.patterns[lang], keys, inside)), None)
    return fire(item)


def find_with(table: str, lang: str, keys: str, field: str, value) -> Entry | None:
    """The first entry of a table found in `keys` whose `field` is `value` (a subject counted
    per year, where the entry first found counts something else), recorded as fired."""
    return fire(next((e for e in entries()[table] if e.extra.get(field) == value
                      and not e.extra.get("bare_only") and e.patterns[lang].search(keys)), None))


@lru_cache(maxsize=8192)
def _first(table: str, lang: str, keys: str, at_start: bool) -> Entry | None:
    """The first entry of a table found in `keys`, remembered: a clause's words are searched
    once per table, not once per phrase of the clause (a clause's words grow with it)."""
    for item in entries()[table]:
        pattern = item.patterns[lang]
        if item.extra.get("bare_only"):
            continue  # an action's bare words name no anchor by themselves
        if pattern.match(keys) if at_start else pattern.search(keys):
            return item
    return None


def nearest(table: str, lang: str, keys: str, at_end: bool) -> Entry | None:
    """The entry of a table named nearest the end of `keys` (`at_end`: the words before a
    phrase) or nearest its start (the words after it), table order breaking a tie (the
    narrower first: "подписание протокола" is the protocol's, not the act's), recorded as
    fired: "бағалау нәтижелерімен таныстыру ... бағалау аяқталғаннан кейін 2 жұмыс күні"
    counts from the evaluation's end, the words next to the term."""
    best, place = None, None
    for item in entries()[table]:
        found = list(item.patterns[lang].finditer(keys))
        if not found:
            continue
        here = -found[-1].end() if at_end else found[0].start()
        if place is None or here < place:
            best, place = item, here
    return fire(best)


def every(table: str, lang: str, keys: str) -> list[Entry]:
    """Every entry of a table found in `keys`, in table order, each at a place no earlier
    entry took ("строгий выговор" is not also a "выговор"), recorded as fired."""
    taken: list[tuple[int, int]] = []
    out = []
    for item in entries()[table]:
        spans = [m.span() for m in item.patterns[lang].finditer(keys)
                 if not any(lo < m.end() and m.start() < hi for lo, hi in taken)]
        if spans:
            taken += spans
            out.append(fire(item))
    return out


def spans(table: str, key: str | None, lang: str, keys: str) -> list[tuple[int, int]]:
    """Where an entry of a table (by key) matches in `keys`."""
    found = next((e for e in entries()[table] if e.key == key), None)
    if found is None:
        return []
    return [m.span() for m in found.patterns[lang].finditer(keys)]


def speaks_of(lang: str, keys: str) -> bool:
    """Whether a word of `keys` is a word of the lexicon (the key of a word of an entry or
    a shared concept begins it)."""
    known = _word_keys(lang)
    return any(key[:n] in known for key in keys.split() for n in range(1, len(key) + 1))


@cache
def _word_keys(lang: str) -> frozenset[str]:
    """The keys of every word the entries and shared concepts of a language write."""
    prof = profile(lang)
    written = [s for table in entries().values() for e in table for s in e.stems[lang]]
    written += [s for stems in concepts().values() for s in stems[lang]]
    return frozenset(prof.word_key(w.lower()) for s in written for w in _WORD.findall(s)
                     if len(prof.word_key(w.lower())) >= MIN_PREFIX)


def fire(item: Entry | None) -> Entry | None:
    """Record that an entry decided a meaning (when `recording`); the entry back."""
    fired = _FIRED.get()
    if item is not None and fired is not None:
        fired[item.id] += 1
    return item


def objects(table: str, action: str, lang: str, keys: str) -> list[tuple[int, Entry]]:
    """(place, entry) of each entry of a table that names an action with its object (its
    field `action`, not the action's own bare entry) in `keys`, outside the bare words of
    the action: "оценочный лист подписывается" is the sheet's signing; an entry that names
    its object alone (`object:`) is found by it ("индивидуальный план", "жеке жоспар")."""
    bare = spans(table, action, lang, keys)
    out = []
    for item in entries()[table]:
        if item.extra.get("action") != action or (item.key == action and item.objects is None):
            continue  # the action's own bare entry, unless it names an object of its own
        pattern = (item.patterns if item.objects is None else item.objects)[lang]
        out += [(m.start(), item) for m in pattern.finditer(keys)
                if not any(lo <= m.start() and m.end() <= hi for lo, hi in bare)]
    return sorted(out, key=lambda found: found[0])


def bare(table: str, item: Entry, lang: str, keys: str) -> bool:
    """Whether an entry that names an action is matched in `keys` only by the action's bare
    words ("со дня подписания", "қол қойылған күннен"): the verbal noun, no object."""
    action = item.extra.get("action")
    if action is None:
        return False
    inside = spans(table, action, lang, keys)
    return all(any(lo <= m.start() and m.end() <= hi for lo, hi in inside)
               for m in item.patterns[lang].finditer(keys))


def _outside(pattern: re.Pattern, keys: str, inside) -> bool:
    """Whether the pattern matches `keys` somewhere not within one of the spans `inside`."""
    return any(not any(lo <= m.start() and m.end() <= hi for lo, hi in inside)
               for m in pattern.finditer(keys))


@contextmanager
def recording():
    """Count the entries that fire inside the block: `with recording() as fired: ...`
    leaves entry id -> times it decided a meaning in `fired`."""
    fired: Counter = Counter()
    token = _FIRED.set(fired)
    try:
        yield fired
    finally:
        _FIRED.reset(token)


def census() -> dict[str, int]:
    """How many entries and stems the lexicon holds, and how many stems are multi-word."""
    items = [e for table in entries().values() for e in table]
    return {"entries": len(items),
            "stems": sum(len(e.stems[lang]) for e in items for lang in LANGS),
            "multiword": sum(e.multiword(lang) for e in items for lang in LANGS)}
