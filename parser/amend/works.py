"""Works and their versions: a methodology followed through the acts that amend it.

A work is an act of the corpus that amends no other act (its own text is a methodology); the
acts that amend it make its versions, over date ranges [valid_from, valid_to). An amending
act whose target is not in the corpus leaves its instructions pending, with a diagnostic
naming the missing act; once the target is added to the corpus the same instructions apply.
An editor's note inside a work ("17 тармақ жаңа редакцияда - … № 266 қаулысымен") is an
amendment already in the text: the version it starts is the text as it stands, and the
version before it has no text in the corpus.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..facts import extract
from ..facts.model import plain
from ..model import Diagnostic, Document
from ..output import write_atomic
from .consolidate import Consolidated, apply, consolidated_data
from .instructions import instructions
from .meta import act_meta
from .model import ActMeta, ActRef, Frozen, Instruction

@dataclass
class Act:
    """A corpus entry read as an act: its text, metadata and amendment instructions. Its
    text may be given as a function that reads it, called once when the text is first asked
    for (an act whose record a compile kept needs its text only to be amended)."""

    text: Document | Callable[[], Document]
    meta: ActMeta
    instructions: list[Instruction] = field(default_factory=list)

    @property
    def doc(self) -> Document:
        """The act's text, read now if it was given as a reader."""
        if not isinstance(self.text, Document):
            self.text = self.text()
        return self.text


class Texts(Mapping):
    """Act key -> the act's text, each read when first asked for (an amendment quotes the
    text of few of the acts)."""

    def __init__(self, acts: dict[str, Act]):
        self.acts = acts

    def __getitem__(self, key: str) -> Document:
        return self.acts[key].doc

    def __iter__(self):
        return iter(self.acts)

    def __len__(self) -> int:
        return len(self.acts)


Reader = Callable[[Document], tuple[ActMeta, list[Instruction]]]
Rules = Callable[[Document], object]  # a document -> its ruleset (pipeline.ruleset_of)


def read_act(doc: Document, facts=None, corpus: dict[str, str] | None = None
             ) -> tuple[ActMeta, list[Instruction]]:
    """An act's metadata and instructions, read from its text and facts (`ereje compile`
    stores both, and the AMENDMENT_UNREAD lines, in generated/<id>.json). `corpus`: act key ->
    corpus id (default: refs.corpus_index())."""
    facts = facts if facts is not None else extract(doc)
    found, _unread = instructions(doc, facts, corpus)
    return act_meta(doc, facts, corpus, found), found


class Version(Frozen):
    """One state of a work's text and the days it was in force."""

    work: str  # the work's key (its base act's key)
    index: int  # 1 for the base text
    acts: tuple[str, ...]  # the keys of the acts whose text it is: the base, then amendments
    valid_from: dt.date | None = None  # None: not known (see not_before, start_rule)
    not_before: dt.date | None = None  # the act's own date: it cannot take effect earlier
    start_rule: str | None = None  # how it takes effect, when its date is not known
    valid_to: dt.date | None = None  # exclusive; None: open, or not known (ends_unknown)
    ends_unknown: bool = False  # it ends (repealed, or amended) on a day the texts do not give
    ends_not_before: dt.date | None = None  # then: the date of the act that ends it
    text: str | None = None  # the corpus id whose text it is; None: not in the corpus
    assumption: str | None = None  # why it is named for a day its known dates do not cover

    @property
    def label(self) -> str:
        """"version 2 (karasu_…_66 + karasu_…_139, from 2025-08-14)"."""
        start = self.valid_from.isoformat() if self.valid_from else \
            f"start unknown, not before {self.not_before}" if self.not_before else \
            "start unknown"
        return f"version {self.index} ({' + '.join(self.acts)}, from {start})"


class NoVersion(Exception):
    """No version of the work can be named for the day, and why."""

    def __init__(self, work: str, day: dt.date, reason: str, versions: list[Version]):
        self.work, self.day, self.reason, self.versions = work, day, reason, versions
        named = "; ".join(v.label for v in versions) or "none"
        super().__init__(f"{work} on {day.isoformat()}: {reason}: {named}")


@dataclass
class Work:
    """A base act, the amendments applied to it, and those already in its text (notes)."""

    base: Act
    amendments: dict[str, list[Instruction]] = field(default_factory=dict)  # act -> its own
    history: dict[str, list[Instruction]] = field(default_factory=dict)  # notes in the text
    versions: list[Version] = field(default_factory=list)


class Works:
    """Every work of a set of acts, their versions, and the pending instructions."""

    def __init__(self, acts: list[Act], rules: Rules | None = None):
        self.rules = rules  # how a consolidated text becomes a ruleset (given by the caller)
        self.acts = {a.meta.ref.key: a for a in acts}
        self.by_id = {a.meta.id: a for a in acts}
        self.works: dict[str, Work] = {}
        self.pending: list[Instruction] = []
        self.standalone: dict[str, Work] = {}  # amending acts whose work is missing, read alone
        self.diagnostics: list[Diagnostic] = []
        for act in acts:
            if not any(i.target_act.key != act.meta.ref.key for i in act.instructions):
                self.works[act.meta.ref.key] = Work(act)
        for act in acts:
            self._attach(act)
        for work in self.works.values():
            work.versions = self._versions(work)
        self._cache: dict[tuple[str, int], Consolidated] = {}

    def _attach(self, act: Act) -> None:
        """File an act's instructions under the work they amend, or as pending."""
        missing: dict[str, ActRef] = {}
        for ins in act.instructions:
            key = ins.target_act.key
            if key == act.meta.ref.key:
                self.works[key].history.setdefault(ins.source_act.key, []).append(ins)
            elif key in self.works:
                self.works[key].amendments.setdefault(ins.source_act.key, []).append(ins)
            else:
                self.pending.append(ins)
                missing[key] = ins.target_act
        for ref in missing.values():
            self.diagnostics.append(Diagnostic(
                code="AMENDMENT_PENDING", severity="warning", address=None,
                message=f"{act.meta.id} amends {describe(ref)}, which is not in the corpus: "
                        "its instructions wait until that act is added"))

    def _versions(self, work: Work) -> list[Version]:
        """The base version, then one version per amending act in the order they take effect."""
        meta = work.base.meta
        steps = [(key, ins, key in work.history) for key, ins in
                 {**work.history, **work.amendments}.items()]
        steps.sort(key=lambda s: next((d for d in _start(self, s[1])[:2] if d), dt.date.max))
        last_note = max((k for k, (_, _, note) in enumerate(steps) if note), default=-1)
        anchor = meta.entry_into_force
        versions = [Version(work=meta.ref.key, index=1, acts=(meta.ref.key,),
                            valid_from=anchor.date if anchor else None,
                            not_before=meta.ref.date,
                            start_rule=None if anchor and anchor.date else _rule(anchor),
                            text=meta.id if last_note < 0 else None)]
        for k, (key, ins, _) in enumerate(steps):
            start, floor, rule = _start(self, ins)
            versions.append(Version(work=meta.ref.key, index=k + 2,
                                    acts=(*versions[-1].acts, key), valid_from=start,
                                    not_before=floor, start_rule=rule,
                                    text=meta.id if k >= last_note else None))
        return _ends(versions, _repeal(meta))

    def work(self, key: str) -> Work:
        """The work named by its key, its corpus id, or the key or id of an act amending it."""
        act = self.acts.get(key) or self.by_id.get(key)
        if act is not None and act.meta.ref.key in self.works:
            return self.works[act.meta.ref.key]
        targets = {i.target_act.key for i in (act.instructions if act else [])}
        found = [self.works[t] for t in targets if t in self.works]
        if len(found) == 1:
            return found[0]
        if act is not None and not found:  # the act it amends is not in the corpus
            return self._standalone(act)
        waiting = [d.message for d in self.diagnostics if f"({key})" in d.message
                   or (act is not None and d.message.startswith(act.meta.id + " "))]
        raise KeyError(f"{key}: not a work of the corpus" + (f" ({'; '.join(waiting)})"
                                                              if waiting else ""))

    def _standalone(self, act: Act) -> Work:
        """An amending act whose work is not in the corpus, as a work of its own text (the
        instructions stay pending; its own rules are those of its text)."""
        key = act.meta.ref.key
        if key not in self.standalone:
            work = Work(act)
            work.versions = [v.model_copy(update={"assumption": (
                f"{act.meta.id} amends an act that is not in the corpus: its own text is read")})
                for v in self._versions(work)]
            self.standalone[key] = work
        return self.standalone[key]

    def timeline(self, key: str) -> list[Version]:
        """The versions of a work, oldest first."""
        return self.work(key).versions

    def version_as_of(self, key: str, day: dt.date) -> Version:
        """The version in force on `day`; NoVersion when none is, or when which one depends on
        a date the texts do not give."""
        versions = self.timeline(key)
        possible, certain = [], []
        for v in versions:
            starts, ends = _starts_by(v, day), _ends_after(v, day)
            if starts[0] and ends[0]:
                possible.append(v)
                if starts[1] and ends[1]:
                    certain.append(v)
        if certain:
            return certain[0]
        if len(possible) == 1 and possible[0].not_before and day > possible[0].not_before:
            return _assumed(possible[0], day)
        if possible:
            raise NoVersion(versions[0].work, day, "which version was in force depends on an "
                            "entry into force whose date the texts do not give", possible)
        raise NoVersion(versions[0].work, day, "no version in force on that day; nearest",
                        _nearest(versions, day))

    def consolidated(self, version: Version) -> Consolidated:
        """The text of a version, its amendments applied (NoVersion when it is not in the
        corpus)."""
        if version.text is None:
            raise NoVersion(version.work, version.valid_from or dt.date.min,
                            "the text of this version is not in the corpus", [version])
        cached = self._cache.get((version.work, version.index))
        if cached is not None:
            return cached
        work = self.works.get(version.work) or self.standalone[version.work]
        instructions = [i for key in version.acts for i in
                        (work.amendments.get(key, []) + work.history.get(key, []))]
        sources = Texts({**self.acts, **{k: work.base for k in work.history}})
        result = apply(work.base.doc, instructions, sources, base_ref=work.base.meta.ref,
                       since=work.versions[0].valid_from,
                       doc_id=f"{work.base.meta.id}@{version_id(version)}")
        self._cache[(version.work, version.index)] = result
        return result

    def ruleset_as_of(self, key: str, day: dt.date):
        """The ruleset of the version of a work in force on `day`."""
        version = self.version_as_of(key, day)
        ruleset = self.ruleset(self.consolidated(version).document)
        assumptions = [version.assumption] if version.assumption else []
        return ruleset.model_copy(update={"assumptions": assumptions})

    def ruleset(self, doc: Document):
        """A consolidated text's ruleset, by the function the works were given."""
        if self.rules is None:
            raise TypeError("these works were given no function from a document to its ruleset")
        return self.rules(doc)


def _assumed(version: Version, day: dt.date) -> Version:
    """The only version of a work that can be in force on a day after its act's date, named
    although its start date is not known, with the assumption said."""
    why = version.start_rule or "its start date is not known"
    said = (f"assumed in force on {day.isoformat()}: the only version that can be "
            f"({version.label}); {why}")
    return version.model_copy(update={"assumption": "; ".join(
        a for a in (version.assumption, said) if a)})


def version_id(version: Version) -> str:
    """A version's name in file names: its first day, or "v2-start-unknown"."""
    return version.valid_from.isoformat() if version.valid_from else \
        f"v{version.index}-start-unknown"


def describe(ref: ActRef) -> str:
    """An act as a person names it: issuer, kind, date, number (and its key)."""
    parts = [p for p in (ref.issuer, ref.kind,
                         f"of {ref.date.isoformat()}" if ref.date else None,
                         f"No. {ref.number}" if ref.number else None) if p]
    return f"{' '.join(parts) or ref.key} ({ref.key})"


def _start(works: Works, instructions: list[Instruction]) -> tuple:
    """(first day, earliest possible day, rule) of an amending act's instructions."""
    source = instructions[0].source_act
    days = [i.effective for i in instructions if i.effective]
    act = works.acts.get(source.key)
    anchor = act.meta.entry_into_force if act else None
    day = days[0] if days else anchor.date if anchor else None
    return day, source.date, None if day else _rule(anchor)


def _rule(anchor) -> str:
    """Why a start is not known."""
    if anchor is None:
        return "the text does not say when it takes effect"
    return f"takes effect from {anchor.anchor} ({anchor.source}), a date the text does not give"


def _repeal(meta: ActMeta) -> tuple[dt.date | None, dt.date | None] | None:
    """(day it ends, if the text gives it; date of the repealing act) of a repealed act;
    None when it is in force."""
    if meta.status != "repealed":
        return None
    rel = next((r for r in meta.relations if r.type == "repealed_by"), None)
    return (rel.date, rel.target.date) if rel else (None, None)


def _ends(versions: list[Version], repeal) -> list[Version]:
    """Each version ends where the next starts; the last where the act is repealed."""
    out = []
    for k, v in enumerate(versions):
        if k + 1 < len(versions):
            nxt = versions[k + 1]
            end, floor = nxt.valid_from, nxt.not_before
        elif repeal is not None:
            end, floor = repeal
        else:
            out.append(v)
            continue
        out.append(v.model_copy(update={"valid_to": end, "ends_unknown": end is None,
                                        "ends_not_before": None if end else floor}))
    return out


def _starts_by(v: Version, day: dt.date) -> tuple[bool, bool]:
    """(possibly, certainly) in force by `day`."""
    if v.valid_from is not None:
        return v.valid_from <= day, v.valid_from <= day
    return v.not_before is None or v.not_before <= day, False


def _ends_after(v: Version, day: dt.date) -> tuple[bool, bool]:
    """(possibly, certainly) still in force on `day`."""
    if v.valid_to is not None:
        return day < v.valid_to, day < v.valid_to
    if not v.ends_unknown:
        return True, True
    return True, v.ends_not_before is not None and day < v.ends_not_before


def _nearest(versions: list[Version], day: dt.date) -> list[Version]:
    """The last version that started before `day` and the first that starts after it."""
    before = [v for v in versions if v.valid_from and v.valid_from <= day]
    after = [v for v in versions if (v.valid_from or v.not_before or dt.date.max) > day]
    return before[-1:] + after[:1]


def version_data(works: Works, version: Version) -> dict:
    """A version as written to generated/consolidated/<work>/<version>.json: its dates and
    acts, the consolidated tree with provenance, and its ruleset."""
    c = works.consolidated(version)
    ruleset = works.ruleset(c.document)
    return {"version": version.model_dump(mode="json"), **consolidated_data(c),
            "ruleset": plain(ruleset.model_dump(exclude={"assumptions"}))}


def write_consolidated(works: Works, folder: Path) -> list[Path]:
    """Every version with its text in the corpus, of every work that has amendments, written
    as JSON under folder/<work>/<version id>.json; the paths written."""
    written = []
    for key, work in sorted(works.works.items()):
        if len(work.versions) < 2:
            continue
        for version in work.versions:
            if version.text is None:
                continue
            path = folder / key / f"{version_id(version)}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps(version_data(works, version), ensure_ascii=False, indent=1)
            write_atomic(path, text + "\n")
            written.append(path)
    return written
