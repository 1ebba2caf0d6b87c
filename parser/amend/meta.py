"""An act's metadata read from its own text: who issued it, when, its number, registration,
status, entry into force, and its relations to other acts (see docs/amend.md "Act metadata and
amendment instructions").

Reuses the issuing-line attributes (parser/acts.py), the act keys and `reference` facts
(parser/facts/references.py) and the `deadline` facts of event entry_into_force; the words of
this module are data (grammar/amend.yaml).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from .. import acts
from ..errors import InputError
from ..facts.model import FactSet
from ..model import Document
from . import instructions as amend_instructions
from .force import entry_into_force, first_day, governed
from .model import ActMeta, ActRef, Instruction, Publication, Relation, Term
from .refs import corpus_index, first_node, lang_of, own_ref, pattern, refs_in, resolve, words

ACT_PURPOSES = ("amends", "repeals", "repealed_by")


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
        eif = governed(tuple(
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
    preamble = first_node(doc, "preamble")
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
    issuing = first_node(doc, "issuing")
    attrs = issuing.attrs if issuing is not None else {}
    if "registration_number" not in attrs and "registration_date" not in attrs:
        return None
    date = attrs.get("registration_date")
    return {"number": attrs.get("registration_number"),
            "date": dt.date.fromisoformat(date) if date else None}


def act_meta(doc: Document, facts: FactSet, corpus: dict[str, str] | None = None,
             found: list | None = None) -> ActMeta:
    """The act's metadata and relations. `corpus` maps act keys to corpus ids (default: the
    acts of corpus/, `corpus_index()`); a named act outside it stays a structured reference.
    `found`: the act's amendment instructions, when already read."""
    corpus = corpus_index() if corpus is None else corpus
    eif = entry_into_force(doc, facts)
    effective = eif.date if eif else None
    relations = _act_relations(doc, facts, corpus, effective) + _based_on(doc, corpus)
    if found is None:
        found, _ = amend_instructions.instructions(doc, facts, corpus)
    title = first_node(doc, "title")
    line = _status_line(doc)
    return ActMeta(id=doc.id, ref=own_ref(doc, corpus),
                   title=" ".join(title.text.split()) if title else "",
                   registration=_registration(doc), status=_status(line, relations),
                   status_line=line,
                   entry_into_force=eif, relations=tuple(_with_provisions(relations, found)))
