"""Facts of one decree -> its ruleset: the draft of its rules, lowered to the rule plan.

Each kind of fact becomes one part of the draft (draft.py): forms and their aggregation,
formulas, lookup tables, caps, the bands of each scale, the conditions of being evaluated,
the numeric constraints, the deadlines, and the references to other acts. Facts that state
the same rule twice (the caps of two sheets, one band restated in two clauses) become one
rule with both sources. Nothing is added that no fact states. The draft is lowered
(lower.py) and checked (check.py); the compiled ruleset holds the plan alone.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..facts.lexicon import entry
from ..facts.model import Fact, FactSet
from ..facts.nlp import tokens
from ..facts.profiles import PROFILES
from ..facts.tables import words as table_words
from .check import check
from .draft import Cap, Computation, Constraint, Draft, Eligibility, Form, Lookup, Row, Scale
from .lower import joined, lower
from .model import Ruleset
from .plan import (Band, Deadline, DeadlineException, Diagnostic, Domain, Label, Parameter,
                   Reference, Source)
from .values import show
from .vocab import vocabulary


def source(fact: Fact) -> Source:
    return Source(address=fact.address, quote=fact.quote)


def build(doc_id: str, lang: str | None, facts: FactSet, doc=None) -> Ruleset:
    """The ruleset of a decree from its facts (and its text, to scope a chapter's rules to the
    positions of the forms it cites)."""
    return compiled(draft(doc_id, lang, facts, doc))


def draft(doc_id: str, lang: str | None, facts: FactSet, doc=None) -> Draft:
    """The draft of a decree's rules, merged from its facts."""
    by_kind: dict[str, list[Fact]] = {}
    for fact in facts.facts:
        by_kind.setdefault(fact.kind, []).append(fact)
    get = by_kind.get
    forms = _whole(get("score_range", []),
                   _ranged(get("score_range", []), [_form(f) for f in get("form", [])]))
    computations = _merge([Computation(target=f.fields["target"],
                                       expression=f.fields["expression"], sources=[source(f)],
                                       condition=f.fields.get("condition"))
                           for f in get("formula", [])], ("target", "expression", "condition"))
    lookups = [_lookup(f) for f in get("lookup_table", [])]
    caps = _sheet_scoped(_merge([Cap(scale=f.fields["scale"], condition=f.fields["condition"],
                                     max=f.fields["max"], sources=[source(f)])
                                 for f in get("score_cap", [])], ("scale", "condition", "max")),
                         forms)
    scales = _scales(get("grade_band", []))
    eligibility, constraints, deferred = _conditions(get("threshold", []),
                                                     get("score_range", []), get("deadline", []))
    if doc is not None:
        scopes = _chapter_scopes(doc, forms)
        constraints = [c.model_copy(update={"applies_to": scopes.get(_chapter(c), [])})
                       for c in constraints]
    deadlines = _folded(_merge([Deadline(
        event=f.fields["event"], anchor=f.fields["anchor"], rule=f.fields["rule"],
        direction=f.fields.get("direction") or "after",
        exceptions=[DeadlineException(**e) for e in f.fields.get("exceptions", [])],
        sources=[source(f)])
        for f in get("deadline", [])
        if f.fields["anchor"] is not None],  # "хранятся не менее трех лет": no day to count from
        ("event", "anchor", "rule", "direction")))
    references = [Reference(target=f.fields["target"], purpose=f.fields["purpose"],
                            sources=[source(f)]) for f in get("reference", [])]
    return Draft(id=doc_id, lang=lang, forms=forms, computations=computations,
                 lookups=lookups, caps=caps, scales=scales, eligibility=eligibility,
                 constraints=constraints, deferred=deferred, deadlines=deadlines,
                 references=references, labels={k: Label(**v) for k, v in vocabulary()["labels"].items()},
                 domain=_domain(get("score_range", []), computations))


def compiled(rules: Draft) -> Ruleset:
    """The ruleset of a draft: its plan, lowered and checked, with the deadlines and
    references the draft read beside the decision list."""
    plan = check(lower(rules))
    plan = plan.model_copy(update={"deadlines": rules.deadlines, "references": rules.references,
                                   "diagnostics": plan.diagnostics + _deferrals(rules)})
    return Ruleset(id=rules.id, lang=rules.lang, plan=plan)


def _merge(items: list, keys: tuple[str, ...]) -> list:
    """One item per distinct rule, its sources joined, in first-seen order."""
    first: dict[tuple, object] = {}
    sources: dict[tuple, list] = {}  # each rule's sources, joined once at the end
    for item in items:
        key = tuple(repr(getattr(item, k)) for k in keys)
        if key in first:
            sources[key] += item.sources
        else:
            first[key], sources[key] = item, list(item.sources)
    return [item if len(sources[key]) == len(item.sources)
            else item.model_copy(update={"sources": sources[key]})
            for key, item in first.items()]


def _sheet_scoped(caps: list[Cap], forms: list[Form]) -> list[Cap]:
    """A cap stated only on sheets (in a form's appendix: its table or note, "итоговая оценка
    по настоящему оценочному листу") is for the positions of those sheets; one stated in the
    methodology's clauses, or on every sheet, is for everyone."""
    sheets = {f.sources[0].address: f.applies_to for f in forms if f.applies_to}
    everyone = {p for positions in sheets.values() for p in positions}
    rank = {address: k for k, address in enumerate(sheets)}
    out = []
    for cap in caps:
        found = [_sheet_of(s.address, sheets, rank) for s in cap.sources]
        scoped = list(dict.fromkeys(p for positions in found for p in positions or ()))
        if all(found) and set(scoped) != everyone:
            cap = cap.model_copy(update={"applies_to": scoped})
        out.append(cap)
    return out


def _sheet_of(address: str, sheets: dict[str, list[str]],
              rank: dict[str, int]) -> list[str] | None:
    """The positions of the first sheet (by `rank`, the forms' order) whose appendix holds
    `address`: the address and its parents looked up, not every sheet scanned."""
    parts = address.split("/")
    held = [prefix for prefix in ("/".join(parts[:n]) for n in range(1, len(parts) + 1))
            if prefix in sheets]
    return sheets[min(held, key=rank.__getitem__)] if held else None


def _folded(rules: list[Deadline]) -> list[Deadline]:
    """Exceptions kept on the rule they qualify: a rule that restates, from the same clause,
    an exception already attached to another event's rule (the fourth quarter's own date read
    once as an exception and once as an event of its own) is that rule's exception, its clause
    joined to the rule's sources."""
    out = list(rules)
    for i, rule in enumerate(rules):
        stated = {(e.anchor, repr(e.rule), e.direction) for e in rule.exceptions}
        for j, other in enumerate(rules):
            if other.event == rule.event or out[j] is None or out[i] is None:
                continue
            same_clause = {s.address for s in other.sources} & {s.address for s in rule.sources}
            if same_clause and (other.anchor, repr(other.rule), other.direction) in stated:
                out[j] = None
                out[i] = out[i].model_copy(update={"sources": joined(out[i].sources,
                                                                     other.sources)})
    return [r for r in out if r is not None]


def _chapter(rule) -> str:
    """The chapter (or appendix) a rule's first source is in: "app1/ch2" of "app1/ch2/p25"."""
    parts = rule.sources[0].address.split("/")
    return "/".join(parts[:2])


def _chapter_scopes(doc, forms: list[Form]) -> dict[str, list[str]]:
    """chapter address -> the positions of the forms its clauses cite by appendix number
    ("осы Әдістемеге 2-қосымшаға сәйкес", "согласно приложению 2"); one pass over the
    clauses, whatever the number of forms."""
    cited = _cited_numbers(doc)
    seen: dict[str, set[str]] = {}  # appendix number -> the positions of its earlier forms
    scopes: dict[str, dict[str, None]] = {}
    for form in forms:
        if form.number is None:
            continue
        # a position an earlier form of the number gave is already in each of its chapters:
        # each (number, position) reaches its chapters once, however often the form repeats
        number = str(form.number)
        given = seen.setdefault(number, set())
        new = [p for p in dict.fromkeys(form.applies_to) if p not in given]
        given.update(new)
        for chapter in cited.get(number, []) if new else ():
            scopes.setdefault(chapter, {}).update(dict.fromkeys(new))
    return {chapter: list(positions) for chapter, positions in scopes.items()}


def _cited_numbers(doc) -> dict[str, list[str]]:
    """appendix number -> the chapters (in text order, once each) whose clauses cite it, in
    the words of the clause's language (its profile's; a clause of no known language: in
    either)."""
    cited: dict[str, dict[str, None]] = {}
    for node in doc.nodes():
        if node.kind != "clause" or node.head is None:
            continue
        chapter = "/".join(node.address.split("/")[:2])
        lang = node.lang or doc.lang
        for prof in [PROFILES[lang]] if lang in PROFILES else PROFILES.values():
            for match in prof.cited_appendix.finditer(doc.text, node.span.start, node.span.end):
                cited.setdefault(match.group(1), {})[chapter] = None
    return {number: list(chapters) for number, chapters in cited.items()}


def _form(fact: Fact) -> Form:
    f = fact.fields
    applies = f.get("applies_to") or []
    return Form(number=f.get("number"), title=f.get("title") or "",
                applies_to=[applies] if isinstance(applies, str) else list(applies),
                parameters=[Parameter(number=p.get("number"), name=p["name"], low=p.get("low"),
                                      high=p.get("high"), optional=bool(p.get("optional")))
                            for p in f.get("parameters") or []],
                aggregation=f.get("aggregation"), sources=[source(fact)],
                methods=list(f.get("methods") or []))


def _ranged(ranges: list[Fact], forms: list[Form]) -> list[Form]:
    """A sheet whose items have no range of their own (one blank row "КПЭ") is scored on the
    range the decree gives the items it aggregates ("Каждый КПЭ оценивается … целым числом
    баллов от 0 до 5": `kpi_score`, the item of `kpi_scores`, grammar/tables.yaml
    `item_scores`), that clause cited with the sheet."""
    lists = {many: one for one, many in table_words()["item_scores"].items()}
    given: dict[str, Fact] = {}
    for fact in ranges:
        if fact.fields.get("low_inclusive") and fact.fields.get("high_inclusive"):
            given.setdefault(fact.fields["subject"], fact)
    out = []
    for form in forms:
        named = [lists[n] for n in re.findall(r"\w+", form.aggregation or "") if n in lists]
        fact = given.get(named[0]) if named else None
        if fact is None or any(p.low is not None or p.high is not None for p in form.parameters):
            out.append(form)
            continue
        out.append(form.model_copy(update={
            "parameters": [replace(p, low=fact.fields["low"], high=fact.fields["high"])
                           for p in form.parameters],
            "sources": [*form.sources, source(fact)]}))
    return out


def _whole(ranges: list[Fact], forms: list[Form]) -> list[Form]:
    """Forms whose parameters are scored on a range the decree gives in whole numbers ("балл
    от 1 до 5 целым числом"): those parameters take whole scores only."""
    whole: dict[tuple, list[Source]] = {}
    for fact in ranges:
        if fact.fields.get("whole"):
            whole.setdefault((fact.fields["low"], fact.fields["high"]), []).append(source(fact))
    if not whole:
        return forms
    return [form.model_copy(update={"parameters": [
        replace(p, whole=whole.get((p.low, p.high), [])) for p in form.parameters]})
        for form in forms]


def _domain(ranges: list[Fact], computations: list[Computation]) -> Domain | None:
    """The range the decree gives each score its forms aggregate (grammar/rules.yaml
    `scores_domain`; a subject whose own list a formula reads is that list's), closed at both
    ends: one range, or of several the one stated in whole numbers; its whole-number clauses
    with it. None where the ranges disagree."""
    vocab = vocabulary()
    read = {n for c in computations for n in re.findall(r"\w+", c.expression)}
    groups: dict[tuple, list[Fact]] = {}
    for fact in ranges:
        f = fact.fields
        own = vocab["ranges"].get(f["subject"], {}).get("input")
        if f["subject"] not in vocab["scores_domain"] or own in read or \
                vocab["names"].get(own) in read:
            continue
        if f.get("low_inclusive") and f.get("high_inclusive"):
            groups.setdefault((f["low"], f["high"]), []).append(fact)
    whole = [facts for facts in groups.values() if any(f.fields.get("whole") for f in facts)]
    facts = next(iter(groups.values())) if len(groups) == 1 else \
        whole[0] if len(whole) == 1 else None
    if facts is None:
        return None
    return Domain(subject=facts[0].fields["subject"], low=facts[0].fields["low"],
                  high=facts[0].fields["high"],
                  whole=[source(f) for f in facts if f.fields.get("whole")],
                  sources=[source(f) for f in facts])


def _lookup(fact: Fact) -> Lookup:
    f = fact.fields
    rows = [Row(**{k: v for k, v in row.items() if k in Row.model_fields})
            for row in f.get("rows") or []]
    return Lookup(name=f["name"], input=f["input"], output=f["output"], rows=rows,
                  sources=[source(fact)])


def _scales(bands: list[Fact]) -> list[Scale]:
    """Bands grouped by scale; a band two clauses restate is one band with two sources."""
    grouped: dict[str, list[Band]] = {}
    for fact in bands:
        f = fact.fields
        grouped.setdefault(f["scale"], []).append(Band(
            grade=f["grade"], low=f["low"], high=f["high"], low_inclusive=f["low_inclusive"],
            high_inclusive=f["high_inclusive"], sources=[source(fact)]))
    variables = vocabulary()["scales"]
    out = []
    for key, items in grouped.items():
        merged = _merge(items, ("grade", "low", "high", "low_inclusive", "high_inclusive"))
        merged.sort(key=lambda b: (b.low is not None, b.low if b.low is not None else 0))
        out.append(Scale(key=key, variables=variables.get(key, [key]), bands=merged))
    return out


def _conditions(thresholds: list[Fact], ranges: list[Fact], deadlines: list[Fact] = ()
                ) -> tuple[list[Eligibility], list[Constraint], list[Eligibility]]:
    """Thresholds that decide whether a servant is evaluated, and numeric constraints on
    inputs (thresholds and score ranges of an input the vocabulary names); other thresholds
    (calibration members, quorum…) concern procedure, not grades. The third list: the
    thresholds read as the condition of a term (`_defers`), no exclusion."""
    vocab = vocabulary()
    eligibility, constraints, deferred = [], [], []
    terms = [(d.span.start, d.span.end) for d in deadlines]
    for fact in thresholds:
        f = fact.fields
        if f["subject"] in vocab["eligibility"]:
            rule = Eligibility(subject=f["subject"], op=f["op"], value=f["value"],
                               unit=f.get("unit"), sources=[source(fact)])
            (deferred if _defers(fact, terms) else eligibility).append(rule)
        elif f["subject"] in vocab["constraints"]:
            spec = vocab["constraints"][f["subject"]]
            constraints.append(Constraint(subject=f["subject"], input=spec["input"],
                                          measure=spec["measure"], op=f["op"], value=f["value"],
                                          sources=[source(fact)]))
    for fact in ranges:
        f = fact.fields
        if f["subject"] in vocab["ranges"]:
            spec = vocab["ranges"][f["subject"]]
            constraints.append(Constraint(subject=f["subject"], input=spec["input"],
                                          measure=spec["measure"], op="between",
                                          value=[f["low"], f["high"]], sources=[source(fact)]))
    return (_merge(eligibility, ("subject", "op", "value", "unit")),
            _merge(constraints, ("subject", "measure", "op", "value")),
            _merge(deferred, ("subject", "op", "value", "unit")))


def _defers(fact: Fact, terms: list[tuple[int, int]]) -> bool:
    """Whether a bound on the servant is the condition of a term, not an exclusion: read in
    a sentence that sets a term of the evaluation ("Оценка служащего, находившегося более
    половины квартала в отпуске, проводится не позднее десяти рабочих дней со дня его выхода
    на работу", "… демалыста өткізген қызметшіні бағалау … он жұмыс күнінен кешіктірілмей
    жүргізіледі") whose words say the evaluation is held, and none say it is not held ("…;
    не оцениваются служащие, проработавшие менее …", "… қызметшілер бағаланбайды": the
    bound excludes, whatever term the sentence also sets). Facts carry their sentence as
    span: the sentence's words decide, not its span alone."""
    if not any(start <= fact.span.start and fact.span.end <= end for start, end in terms):
        return False
    lang = fact.lang if fact.lang in PROFILES else None
    for prof in [PROFILES[lang]] if lang else PROFILES.values():
        words = prof.keys(tokens(fact.quote, prof.lang))
        if entry("not_held", prof.lang, words):
            return False
    return True


def _deferrals(rules: Draft) -> list[Diagnostic]:
    """A warning for each bound read as the condition of a term: not lost, and not a guard."""
    return [Diagnostic(code="PLAN_DEFERRAL", severity="warning", address=rule.sources[0].address,
                       message=f"{rule.subject}: {rule.op} {show(rule.value)} "
                       f"{rule.unit or ''}".rstrip() + " is the condition of a term of the "
                       "evaluation the same sentence sets (no words of it say the evaluation "
                       "is not held), not an exclusion")
            for rule in rules.deferred]


def schema() -> dict:
    """The JSON Schema of a compiled ruleset."""
    return Ruleset.model_json_schema()
