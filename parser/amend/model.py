"""Acts, their relations and amendment instructions, as data (see docs/amend.md)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict


class Frozen(BaseModel):
    """An act's data, validated where it is read back (a compiled decree's `act`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class ActRef(Frozen):
    """An act as another act names it, or an act of the corpus."""

    issuer: str | None = None  # key by the naming rule of docs/facts.md "Reference targets"
    kind: str | None = None  # resolution | decision | order …
    date: dt.date | None = None
    number: str | None = None  # as written, normalized ("21/4-VI", "176/НҚ")
    key: str  # the reference key (karasu_district_akimat_2023_66)
    corpus_id: str | None = None  # when the act is in the corpus


class Term(Frozen):
    """One entry-into-force term as the act states it: a rule from an anchor, and its first
    day in force when the anchor's date is known."""

    anchor: str  # signing | first_official_publication | state_registration
    rule: dict
    date: dt.date | None = None
    source: str  # the clause address


class EntryIntoForce(Frozen):
    """When an act takes effect: the governing term (anchor, rule, date, source: the act applies
    from it) and every term the act states (`terms`, the governing one included, in order)."""

    anchor: str  # signing | first_official_publication | state_registration
    rule: dict
    date: dt.date | None = None
    source: str  # the clause address
    terms: tuple[Term, ...] = ()


class Publication(Frozen):
    """An act's first official publication: its date and where the date comes from (the
    texts do not state it)."""

    date: dt.date
    source: str  # "meta.yaml", "meta.yaml: <its source>", "--published", "<case file>: publications"


RelationType = Literal["amends", "repeals", "repealed_by", "based_on"]


class Relation(Frozen):
    type: RelationType
    target: ActRef
    provisions: tuple[str, ...] = ()  # target addresses concerned
    how: tuple[str, ...] = ()  # new_edition_of_act | new_edition | addition | deletion | language_only
    date: dt.date | None = None  # when the relation takes effect, if the text states it
    source: str  # the clause or note of this act


class ActMeta(Frozen):
    id: str  # corpus id
    ref: ActRef  # this act as others name it
    title: str
    registration: dict | None = None  # {number, date}
    status: Literal["in_force", "repealed"] = "in_force"
    status_line: str | None = None  # the status line's key: in_force | updated | repealed
    published: Publication | None = None
    entry_into_force: EntryIntoForce | None = None
    relations: tuple[Relation, ...] = ()


Operation = Literal["replace", "insert", "delete", "language_only", "replace_words"]


class Instruction(Frozen):
    """One amendment instruction: what changes in which act, how, and the new text."""

    source_act: ActRef  # the amending act
    target_act: ActRef
    target: str  # an address in the TARGET's address space ("app1", "app1/ch2/p12")
    operation: Operation
    language: str | None = None  # "ru": a change in the Russian text only
    new_text: str | None = None  # the new text, as written (replace / insert / replace_words)
    old_text: str | None = None  # replace_words: the words replaced
    new_source: tuple[int, int] | None = None  # its span in the amending act's text
    effective: dt.date | None = None
    source: str  # the clause or note of the amending act that states it
