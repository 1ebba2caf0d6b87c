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
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path

import yaml

from .. import acts
from ..compile import parse_file
from ..errors import InputError
from ..facts import references
from ..facts.model import FactSet
from ..model import Document, Node, Span
from ..resources import CORPUS, GRAMMAR, load_table
from . import instructions as amend_instructions
from .model import ActMeta, ActRef, EntryIntoForce, Instruction, Publication, Relation, Term

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
    """Every entry-into-force term the act states (the `deadline` facts of event
    entry_into_force, in order) and the governing one: the latest anchor (then the longest
    period). A term's date is known when its anchor's is: the signing (the act's date), the
    state registration (the issuing line's), never the publication here (`publish`)."""
    found = [f for f in facts.facts
             if f.kind == "deadline" and f.fields.get("event") == "entry_into_force"]
    if not found:
        return None
    issuing = _node(doc, "issuing")
    registered = (issuing.attrs if issuing is not None else {}).get("registration_date")
    anchors = {"signing": own_ref(doc, {}).date,
               "state_registration": dt.date.fromisoformat(registered) if registered else None}
    terms = []
    for fact in found:
        rule = {k: _count(v) for k, v in fact.fields.get("rule", {}).items()}
        term = Term(anchor=fact.fields["anchor"], rule=rule, source=fact.address,
                    date=first_day(rule, anchors.get(fact.fields["anchor"])))
        if term not in terms:
            terms.append(term)
    return _governed(tuple(terms))


def _governed(terms: tuple[Term, ...]) -> EntryIntoForce:
    """The terms with the governing one named: the latest anchor of `anchor_order`, then the
    longest period."""
    order = words()["anchor_order"]
    rule = max(terms, key=lambda t: (order.index(t.anchor) if t.anchor in order else -1,
                                     sum(v for v in t.rule.values() if isinstance(v, int))))
    return EntryIntoForce(**rule.model_dump(), terms=terms)


def _count(value):
    """A rule's whole number as an int (facts carry Decimals), any other value as it is."""
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool) and value == int(value):
        return int(value)
    return value


def first_day(rule: dict, anchor: dt.date | None) -> dt.date | None:
    """The first day in force under `rule` counted from `anchor` (None when either is
    unknown or the rule cannot be counted)."""
    from ..rules.calendar import Calendar
    from ..rules.deadlines import DeadlineError, first_day_in_effect

    if anchor is None:
        return None
    try:  # a rule with no period ("from the day of …") is that day
        return first_day_in_effect(rule or {"calendar_days": 0}, anchor, Calendar.load()).date
    except DeadlineError:
        return None


# ---------------------------------------------------------------- publication

def publication_of(source: Path, doc_id: str, given: dict[str, dt.date] | None = None,
                   given_as: str = "--published") -> Publication | None:
    """The first official publication of a decree file: `given` (id -> date, from the command
    line or a case file, `given_as` naming which) first, else the meta.yaml `published:` of its
    corpus entry (a date, or {date, source})."""
    if given and doc_id in given:
        return Publication(date=given[doc_id], source=given_as)
    meta_file = source.parent / "meta.yaml"
    if not meta_file.exists():
        return None
    data = yaml.safe_load(meta_file.read_text(encoding="utf-8")) or {}
    if str(data.get("id", source.parent.name)) != doc_id or not data.get("published"):
        return None
    stated = data["published"]
    where = "meta.yaml"
    if isinstance(stated, dict):
        where += f": {stated['source']}" if stated.get("source") else ""
        stated = stated.get("date")
    try:
        return Publication(date=_date(stated), source=where)
    except (TypeError, ValueError):
        raise InputError(str(meta_file), "published: is a date (YYYY-MM-DD) or "
                                         "{date, source}") from None


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def publish(meta: ActMeta, instructions: list[Instruction],
            publication: Publication | None) -> tuple[ActMeta, list[Instruction]]:
    """The act's metadata and instructions once its publication date is known: the terms
    counted from the publication dated, the governing date on the act's own amends/repeals
    relations and instructions that had none. Unchanged without a publication."""
    eif = meta.entry_into_force
    if publication is None:
        return meta, instructions
    if eif is not None:
        stated = eif.terms or (Term(anchor=eif.anchor, rule=eif.rule, date=eif.date,
                                    source=eif.source),)
        eif = _governed(tuple(
            t.model_copy(update={"date": first_day(t.rule, publication.date)})
            if t.anchor == "first_official_publication" else t for t in stated))
    day = eif.date if eif else None
    relations = tuple(r.model_copy(update={"date": day}) if r.type in ("amends", "repeals")
                      and r.date is None else r for r in meta.relations)
    meta = meta.model_copy(update={"published": publication, "entry_into_force": eif,
                                   "relations": relations})
    instructions = [i.model_copy(update={"effective": day})
                    if i.effective is None and i.source_act.key == meta.ref.key else i
                    for i in instructions]
    return meta, instructions


# ---------------------------------------------------------------- relations

def _act_relations(doc: Document, facts: FactSet, corpus: dict[str, str],
                   effective: dt.date | None) -> list[Relation]:
    """amends / repeals / repealed_by, from the `reference` facts naming acts; each act's
    issuer, kind, date and number read again from the fact's node. An editor's note that
    repeals a part of the act (its title, a clause) is that part's deletion, not a relation."""
    lang = lang_of(doc)
    nodes = {n.address: n for n in doc.nodes()}
    parents = {c.address: n for n in doc.nodes() for c in n.children}
    out = []
    for fact in facts.facts:
        purpose = fact.fields.get("purpose")
        if fact.kind != "reference" or purpose not in ACT_PURPOSES:
            continue
        node = nodes[fact.address]
        if purpose == "repealed_by" and node.kind == "note" and fact.address in parents and \
                amend_instructions.note_target(doc, node, parents[fact.address], lang):
            continue  # "Сноска. Пункт 3 утратил силу …": a part repealed, not the act
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
       "language_only": "language_only", "replace_words": "word_replacement"}


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


def _status_line(doc: Document) -> str | None:
    """The key of the status line (grammar/acts.yaml `status`): the status node, or a line
    of the decree's front matter read as a plain paragraph ("Утративший силу")."""
    if not doc.roots:
        return None
    for node in doc.roots[0].children:
        if node.kind in ("clause", "preamble"):
            break
        if node.kind in ("status", "paragraph") and (key := acts.status(node.text)):
            return key
    return None


def _status(line: str | None, relations: list[Relation]) -> str:
    """repealed when the status line says so or an editor's note names the repealing act."""
    if line == "repealed" or any(r.type == "repealed_by" for r in relations):
        return "repealed"
    return "in_force"


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
    line = _status_line(doc)
    return ActMeta(id=doc.id, ref=own_ref(doc, corpus),
                   title=" ".join(title.text.split()) if title else "",
                   registration=_registration(doc), status=_status(line, relations),
                   status_line=line,
                   entry_into_force=eif, relations=tuple(_with_provisions(relations, found)))
