"""Acts as other acts name them: their keys, the acts a text names, the corpus's index of
acts, and the words of grammar/amend.yaml that metadata and instructions both read."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache
from pathlib import Path

import yaml

from .. import acts
from ..compile import parse_file
from ..errors import InputError
from ..facts import references
from ..model import Document, Node, Span
from ..resources import CORPUS, GRAMMAR, load_table
from .model import ActRef

WORDS = GRAMMAR / "amend.yaml"


@lru_cache(maxsize=1)
def words() -> dict:
    """The data of grammar/amend.yaml."""
    return load_table(WORDS)


@cache
def pattern(text: str) -> re.Pattern:
    """A case-insensitive compiled pattern (cached)."""
    return re.compile(text, re.I)


def lang_of(doc: Document) -> str:
    """The decree's language, Kazakh unless it is Russian."""
    return "ru" if doc.lang == "ru" else "kk"


def act_key(issuer: str, year: int | str, number: str) -> str:
    """The reference key of an act (docs/facts.md "Reference targets")."""
    return f"{issuer}_{year}_{references.number_key(number)}"


def resolve(ref: ActRef, corpus: dict[str, str]) -> ActRef:
    """`ref` with its corpus id when its key is an act of the corpus."""
    found = corpus.get(ref.key)
    return ref.model_copy(update={"corpus_id": found}) if found else ref


def first_node(doc: Document, kind: str) -> Node | None:
    """The first node of `kind` in the decree's main root."""
    return next((n for n in doc.roots[0].walk() if n.kind == kind), None) if doc.roots else None


def own_ref(doc: Document, corpus: dict[str, str] | None = None) -> ActRef:
    """This act as others name it, from its issuing line's attributes."""
    issuing = first_node(doc, "issuing")
    attrs = issuing.attrs if issuing is not None else {}
    lang = lang_of(doc)
    issuer = references.issuer_in(attrs.get("issuer", ""), lang)[0] or attrs.get("kind")
    date = dt.date.fromisoformat(attrs["date"]) if "date" in attrs else None
    number = attrs.get("number")
    key = act_key(issuer or "act", date.year if date else "unknown", number or "unknown") \
        if date or number else doc.id  # no issuing line read: the act is its corpus id
    ref = ActRef(issuer=issuer, kind=attrs.get("kind"), date=date, number=number, key=key)
    return resolve(ref, corpus if corpus is not None else corpus_index())


def refs_in(text: str, lang: str, offset: int = 0) -> list[tuple[Span, ActRef]]:
    """Every act named by issuer, date and number in `text` (which starts at `offset` of the
    decree's text), with its span and kind: the act-kind word nearest to the phrase."""
    dates = acts.find_dates(text)
    kind_words = "|".join(forms[lang] for forms in references.words()["kinds"].values())
    kinds = list(re.finditer(rf"(?<!\w)(?:{kind_words})\w*", text, re.I))
    found = []
    for ref in references.act_refs(text, lang):
        iso = next((d for at, d in dates if ref.start <= at < ref.end and d[:4] == ref.year), None)
        near = min(kinds, default=None, key=lambda k: min(abs(k.start() - ref.end),
                                                          abs(ref.start - k.end())))
        kind = references.stem_key("kinds", lang, near.group().lower()) if near else None
        found.append((Span(start=offset + ref.start, end=offset + ref.end), ActRef(
            issuer=ref.issuer, kind=kind, date=dt.date.fromisoformat(iso) if iso else None,
            number=ref.number, key=act_key(ref.issuer, ref.year, ref.number))))
    return found


def corpus_entries(root: Path = CORPUS) -> list[tuple[str, Path]]:
    """(id, source file) of every corpus entry with a source, in sorted order."""
    out = []
    for entry in sorted(p.parent for p in root.glob("*/meta.yaml")):
        data = yaml.safe_load((entry / "meta.yaml").read_text(encoding="utf-8")) or {}
        source = entry / str(data.get("source", "source.txt"))
        if source.exists():
            out.append((str(data.get("id", entry.name)), source))
    return out


def index_of(keys) -> dict[str, str]:
    """Act key -> corpus id from (id, key) pairs in the corpus's order (a key None: an entry
    that names no act): an act in two editions (Kazakh and Russian) is named by the first of
    its entries."""
    index: dict[str, str] = {}
    for doc_id, key in keys:
        if key is not None:
            index.setdefault(key, doc_id)
    return index


@lru_cache(maxsize=4)
def corpus_index(root: Path = CORPUS) -> dict[str, str]:
    """Act key -> corpus id for every corpus entry (read from its issuing line); an act in two
    editions (Kazakh and Russian) is named by the first of its entries in sorted order. A
    command compiling many decrees works it out once, across its processes, and hands it on
    (pipeline.compile_many)."""
    return index_of(map(readable_key, corpus_entries(root)))


def readable_key(entry: tuple[str, Path]) -> tuple[str, str | None]:
    """A corpus entry's (id, act key), read from its issuing line; no key for an entry that is
    no readable decree (its own compile says why: one bad entry does not stop the others)."""
    doc_id, source = entry
    try:
        return doc_id, own_ref(parse_file(source, doc_id), {}).key
    except InputError:
        return doc_id, None
