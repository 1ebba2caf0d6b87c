"""An act's metadata read from its own text: who issued it, when, its number, registration,
status, entry into force, and its relations to other acts (see docs/amend.md "Act metadata and
amendment instructions").

Reuses the issuing-line attributes (parser/acts.py), the act keys and `reference` facts
(parser/facts/references.py) and the `deadline` facts of event entry_into_force; the words of
this module are data (grammar/amend.yaml).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache
from pathlib import Path

import yaml

from .. import acts
from ..compile import parse_file
from ..facts import references
from ..facts.model import FactSet
from ..model import Document, Node, Span
from ..resources import CORPUS, GRAMMAR, load_table
from . import instructions as amend_instructions
from .model import ActMeta, ActRef, EntryIntoForce, Relation

WORDS = GRAMMAR / "amend.yaml"
ACT_PURPOSES = ("amends", "repeals", "repealed_by")


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


# ---------------------------------------------------------------- acts and their keys

def act_key(issuer: str, year: int | str, number: str) -> str:
    """The reference key of an act (docs/facts.md "Reference targets")."""
    return f"{issuer}_{year}_{references.number_key(number)}"


def resolve(ref: ActRef, corpus: dict[str, str]) -> ActRef:
    """`ref` with its corpus id when its key is an act of the corpus."""
    found = corpus.get(ref.key)
    return ref.model_copy(update={"corpus_id": found}) if found else ref


def _node(doc: Document, kind: str) -> Node | None:
    """The first node of `kind` in the decree's main root."""
    return next((n for n in doc.roots[0].walk() if n.kind == kind), None) if doc.roots else None


def own_ref(doc: Document, corpus: dict[str, str] | None = None) -> ActRef:
    """This act as others name it, from its issuing line's attributes."""
    issuing = _node(doc, "issuing")
    attrs = issuing.attrs if issuing is not None else {}
    lang = lang_of(doc)
    issuer = references.issuer_in(attrs.get("issuer", ""), lang)[0] or attrs.get("kind")
    date = dt.date.fromisoformat(attrs["date"]) if "date" in attrs else None
    number = attrs.get("number")
    key = act_key(issuer or "act", date.year if date else "unknown", number or "unknown")
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


@lru_cache(maxsize=4)
def corpus_index(root: Path = CORPUS) -> dict[str, str]:
    """Act key -> corpus id for every corpus entry (read from its issuing line)."""
    index = {}
    for entry in sorted(p.parent for p in root.glob("*/meta.yaml")):
        data = yaml.safe_load((entry / "meta.yaml").read_text(encoding="utf-8")) or {}
        source = entry / str(data.get("source", "source.txt"))
        if source.exists():
            doc_id = str(data.get("id", entry.name))
            index[own_ref(parse_file(source, doc_id), {}).key] = doc_id
    return index


# ---------------------------------------------------------------- entry into force

def entry_into_force(doc: Document, facts: FactSet) -> EntryIntoForce | None:
    """The governing entry-into-force rule: of the `deadline` facts of event
    entry_into_force, the one with the latest anchor (then the longest period); its date when
    the anchor is the signing (the act's date) and the period is in calendar days."""
    order = words()["anchor_order"]
    found = [f for f in facts.facts
             if f.kind == "deadline" and f.fields.get("event") == "entry_into_force"]
    if not found:
        return None
    fact = max(found, key=lambda f: (order.index(f.fields["anchor"])
                                     if f.fields["anchor"] in order else -1,
                                     sum(f.fields.get("rule", {}).values())))
    rule = dict(fact.fields.get("rule", {}))
    signed = own_ref(doc, {}).date
    date = None
    if fact.fields["anchor"] == "signing" and signed and set(rule) <= {"calendar_days"}:
        date = signed + dt.timedelta(days=int(rule.get("calendar_days", 0)))
    return EntryIntoForce(anchor=fact.fields["anchor"], rule=rule, date=date,
                          source=fact.address)


# ---------------------------------------------------------------- relations

def _act_relations(doc: Document, facts: FactSet, corpus: dict[str, str],
                   effective: dt.date | None) -> list[Relation]:
    """amends / repeals / repealed_by, from the `reference` facts naming acts; each act's
    issuer, kind, date and number read again from the fact's node."""
    lang = lang_of(doc)
    nodes = {n.address: n for n in doc.nodes()}
    out = []
    for fact in facts.facts:
        purpose = fact.fields.get("purpose")
        if fact.kind != "reference" or purpose not in ACT_PURPOSES:
            continue
        node = nodes[fact.address]
        span = node.head or node.span
        named = {ref.key: ref for _, ref in refs_in(doc.text[span.start:span.end], lang)}
        ref = named.get(fact.fields["target"], ActRef(key=fact.fields["target"]))
        out.append(Relation(type=purpose, target=resolve(ref, corpus), source=fact.address,
                            date=None if purpose == "repealed_by" else effective))
    return out


def _based_on(doc: Document, corpus: dict[str, str]) -> list[Relation]:
    """The acts and laws the preamble names as the decree's basis."""
    preamble = _node(doc, "preamble")
    if preamble is None:
        return []
    lang, w = lang_of(doc), words()
    text = doc.text[preamble.span.start:preamble.span.end]
    dates = acts.find_dates(text)
    out = [Relation(type="based_on", target=resolve(ref, corpus), source=preamble.address)
           for _, ref in refs_in(text, lang)]
    for law in w["laws"]:
        m = next((m for p in law[lang] if (m := pattern(p).search(text))), None)
        if m is None:
            continue
        near = [(min(abs(at - m.end()), abs(m.start() - at)), iso) for at, iso in dates]
        near = [(d, iso) for d, iso in near if d <= w["law_date_distance"]]
        date = dt.date.fromisoformat(min(near)[1]) if near else None
        out.append(Relation(type="based_on", source=preamble.address,
                            target=ActRef(kind="law", date=date, key=law["key"])))
    return out


HOW = {"replace": "new_edition", "insert": "addition", "delete": "deletion",
       "language_only": "language_only"}


def _with_provisions(relations: list[Relation], found: list) -> list[Relation]:
    """An `amends` relation with the target addresses of its instructions and how each is
    changed (a whole act or its methodology restated: new_edition_of_act)."""
    out = []
    for rel in relations:
        mine = [i for i in found if rel.type == "amends" and i.target_act.key == rel.target.key]
        if mine:
            how = ["new_edition_of_act" if i.operation == "replace" and i.target in
                   ("main", "app1") else HOW[i.operation] for i in mine]
            rel = rel.model_copy(update={"provisions": tuple(i.target for i in mine),
                                         "how": tuple(dict.fromkeys(how))})
        out.append(rel)
    return out


def _status(doc: Document, relations: list[Relation]) -> str:
    """repealed when the status line says so or an editor's note names the repealing act."""
    status = _node(doc, "status")
    words_ = words()["status"]["repealed"][lang_of(doc)]
    if status is not None and pattern(words_).search(status.text):
        return "repealed"
    return "repealed" if any(r.type == "repealed_by" for r in relations) else "in_force"


def _registration(doc: Document) -> dict | None:
    """{number, date} of state registration, from the issuing line."""
    issuing = _node(doc, "issuing")
    attrs = issuing.attrs if issuing is not None else {}
    if "registration_number" not in attrs and "registration_date" not in attrs:
        return None
    date = attrs.get("registration_date")
    return {"number": attrs.get("registration_number"),
            "date": dt.date.fromisoformat(date) if date else None}


def act_meta(doc: Document, facts: FactSet, corpus: dict[str, str] | None = None) -> ActMeta:
    """The act's metadata and relations. `corpus` maps act keys to corpus ids (default: the
    acts of corpus/, `corpus_index()`); a named act outside it stays a structured reference."""
    corpus = corpus_index() if corpus is None else corpus
    eif = entry_into_force(doc, facts)
    effective = eif.date if eif else None
    relations = _act_relations(doc, facts, corpus, effective) + _based_on(doc, corpus)
    found, _ = amend_instructions.instructions(doc, facts, corpus)
    title = _node(doc, "title")
    return ActMeta(id=doc.id, ref=own_ref(doc, corpus),
                   title=" ".join(title.text.split()) if title else "",
                   registration=_registration(doc), status=_status(doc, relations),
                   entry_into_force=eif, relations=tuple(_with_provisions(relations, found)))
