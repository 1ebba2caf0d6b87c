"""Facts against the gold files: one-to-one matching, precision and recall per kind.

A fact matches a gold fact when kind, cited place (the address up to its numbered unit: an
unnumbered paragraph, table or note is a place inside it) and every compared field of its kind
are equal under the rules of tests/gold/README.md: numbers as exact decimals (3.99 == 3.990 != 3.9),
strings with white space folded, a formula's expression with all white space removed and each
input named by its canonical name (grammar/rules.yaml `names`: "actual" is `kpi_actual`, as
the plan reads it, and the mean of a list one way however it is written: `sum(x) / count(x)` is
`avg(x)`; the variables' meanings are for the reader), a form's `aggregation` like an expression, `applies_to` and `categories` as sets (positions that make up a wider one whole are that one), a deadline's missing
`direction` as `after`. Matching is on multisets: two identical gold facts need two facts.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Iterable

from ..data import load_yaml, read_data
from ..errors import InputError
from ..model import Span
from ..resources import GRAMMAR, load_table
from .kinds import KINDS, Parameter
from .model import Fact, fold

# The corpus is measured in three groups (meta.yaml `split:`; docs/facts.md, "Measurement"):
# the seeds the readers were written on, the development half of the new decrees (read while
# developing) and the held-out half (its figures are reported, its misses are not looked at).
SPLITS = ("seed", "dev", "heldout")

COMPARED: dict[str, tuple[str, ...]] = {kind: model.compared for kind, model in KINDS.items()}
PARAMETER_FIELDS = Parameter.compared
AS_SETS = {"applies_to", "categories"}
# A sheet whose rows are left to fill, as many as there are key indicators or tasks: written
# with no parameter or with one unnumbered item named by its column ("ННИ", "Наименование
# КЦИ"); its items' range is the sheet's score_range, compared on its own.
BLANK_LIST = ("blank list",)


def load_gold(path: str | Path) -> list[dict]:
    """The facts of a gold file, each a dict with kind, address, quote and its fields."""
    data = read_data(path) or {}
    facts = (data.get("facts") or []) if isinstance(data, dict) else None
    if not isinstance(facts, list) or not all(isinstance(f, dict) for f in facts):
        raise InputError(str(path), "a gold file is a mapping with facts: a list of facts")
    return facts


def split_of(source: str | Path) -> str:
    """The group a corpus decree is measured in: its meta.yaml `split:` (dev or heldout), or
    `seed` for the seeds (no `split:`) and for a file outside the corpus."""
    meta = Path(source).parent / "meta.yaml"
    if not meta.exists():
        return "seed"
    split = (load_yaml(meta.read_text(encoding="utf-8")) or {}).get("split") or "seed"
    if split not in SPLITS:
        raise ValueError(f"{meta}: split must be one of {', '.join(SPLITS)}, not {split!r}")
    return split


def as_record(fact: Fact | dict) -> dict:
    """A Fact or a gold dict -> one flat dict (kind, address, quote, fields)."""
    if isinstance(fact, dict):
        return fact
    return {"kind": fact.kind, "address": fact.address, "quote": fact.quote, **fact.fields}


# ---------------------------------------------------------------------------- canonical values

def canon(value: Any) -> Any:
    """A field value -> a hashable value compared exactly: numbers as Decimal, strings folded,
    booleans kept apart from numbers, lists as tuples, dicts as sorted item tuples."""
    if isinstance(value, bool) or value is None:
        return ("bool", value) if isinstance(value, bool) else None
    if isinstance(value, (int, Decimal)):
        return ("num", Decimal(value))
    if isinstance(value, float):
        return ("num", Decimal(str(value)))
    if isinstance(value, str):
        return fold(value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), canon(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(canon(v) for v in value)
    return value


def _whole(members: Any) -> Any:
    """A set of positions that makes up a wider one whole is that one: "manager" and
    "non_manager" are every corps "B" servant (grammar/rules.yaml `covers`: the positions a
    wider one covers, those covering one another one part: a structural head, a manager)."""
    if not members:
        return members
    covers = _covers()
    for wide, narrower in covers.items():
        # the parts of the wide position: those covering one another are one part
        parts = {frozenset([n, *(m for m in narrower if n in covers.get(m, [])
                                 and m in covers.get(n, []))]) for n in narrower}
        if len(parts) > 1 and all(part & set(members) for part in parts) \
                and set(members) <= {wide, *narrower}:
            return (wide,)
    return members


@cache
def _covers() -> dict[str, list[str]]:
    """grammar/rules.yaml `covers`: a position -> the positions it covers."""
    return load_table(GRAMMAR / "rules.yaml").get("covers", {})


def _as_set(value: Any) -> Any:
    """A scalar or a list -> a sorted tuple of its canonical members."""
    if value is None:
        return None
    items = value if isinstance(value, (list, tuple)) else [value]
    return tuple(sorted({canon(v) for v in items}, key=repr))


# an identifier of an expression (the inputs are named in ASCII)
IDENTIFIER = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")


def _sheet_scores(aggregation: str) -> str:
    """A sheet's aggregation over one list of its items, whatever that list is named: every
    free name of a sheet's aggregation stands for its scores (the plan lowers it so), so
    `sum(kpi_scores)/count(kpi_scores)` on a KPI sheet is `sum(scores)/count(scores)`."""
    names = {n for n in IDENTIFIER.findall(aggregation) if n not in _FUNCTIONS}
    if len(names) != 1 or not names <= _items():
        return aggregation
    return IDENTIFIER.sub(lambda m: m.group() if m.group() in _FUNCTIONS else "scores",
                          aggregation)


_FUNCTIONS = {"sum", "count", "avg", "min", "max", "round"}


@cache
def _items() -> set[str]:
    """The names of a sheet's items (canonical): the scores, the lists of a blank sheet's
    items (grammar/tables.yaml `item_scores`) and the inputs given one by one
    (`sheet_items`)."""
    canonical = _canonical()
    listed = load_table(GRAMMAR / "tables.yaml")["item_scores"].values()
    return {"scores"} | {canonical.get(n, n) for n in listed} | {
        n for n, spec in load_table(GRAMMAR / "rules.yaml")["inputs"].items()
        if spec.get("sheet_items")}


def canonical_names(expression: str) -> str:
    """An expression with every input's alias (the name the decrees' formulas use for it,
    grammar/rules.yaml `names`) replaced by the input's canonical name and its white space
    removed: "actual / planned * 100" == "kpi_actual/kpi_planned*100"."""
    canonical = _canonical()
    named = _of_lists(IDENTIFIER.sub(lambda m: canonical.get(m.group(), m.group()), expression))
    # the mean of a list, whichever way it is written: sum(x)/count(x) is avg(x)
    return MEAN.sub(r"avg(\1)", "".join(named.split()))


AGGREGATE = re.compile(r"\b(?:sum|avg|count|min|max)\(")


def _of_lists(expression: str) -> str:
    """An aggregation over a formula of items read over their lists, as the rule plan reads
    it (grammar/rules.yaml `items`): "sum(kpi_score * kpi_weight)" is "sum(kpi_scores *
    kpi_weights)"."""
    items = load_table(GRAMMAR / "rules.yaml").get("items", {})
    out, at = [], 0
    for m in AGGREGATE.finditer(expression):
        if m.start() < at:
            continue  # inside an aggregation already rewritten
        depth, end = 1, m.end()
        while end < len(expression) and depth:
            depth += {"(": 1, ")": -1}.get(expression[end], 0)
            end += 1
        inner = IDENTIFIER.sub(lambda w: items.get(w.group(), w.group()), expression[m.end():end])
        out += [expression[at:m.end()], inner]
        at = end
    return "".join(out) + expression[at:]


MEAN = re.compile(r"\bsum\(([A-Za-z_][A-Za-z0-9_]*)\)/count\(\1\)")


@cache
def _canonical() -> dict[str, str]:
    """alias -> canonical input name (grammar/rules.yaml `names`)."""
    return {alias: name for name, alias in load_table(GRAMMAR / "rules.yaml")["names"].items()}


def compared_value(kind: str, name: str, value: Any) -> Any:
    """The canonical form of one compared field of a fact of `kind`."""
    if name == "aggregation" and isinstance(value, str):
        return _sheet_scores(canonical_names(value))
    if name == "expression" and isinstance(value, str):
        return canonical_names(value)
    if name == "variables" and kind == "formula":
        return tuple(sorted(fold(str(k)) for k in (value or {})))
    if name in AS_SETS:
        return _whole(_as_set(value))
    if name == "parameters" and value is not None:
        if len(value) <= 1 and all(p.get("number") is None for p in value):
            return BLANK_LIST  # no parameter, or one unnumbered item: a list of any length
        return tuple(tuple(canon(p.get(f)) for f in PARAMETER_FIELDS) for p in value)
    if name == "direction" and value is None:
        return "after"
    if name == "unit" and kind == "threshold" and value == "points":
        return None  # a score's own unit: "ниже 3 баллов" is written with it or without
    return canon(value)


# The parts of a clause no one cites by number: its unnumbered paragraphs, its tables and its
# notes. A fact is compared at the numbered unit that holds it (tests/gold/README.md).
_UNCITED_TAIL = re.compile(r"(?:/(?:para|table|note)\d+)+$")


def cited_place(address: str) -> str:
    """The numbered unit (main text, chapter, clause, sub-point, appendix) an address lies in:
    `app1/ch5/p29/para1` -> `app1/ch5/p29`, `app1/app2/table1` -> `app1/app2`."""
    return _UNCITED_TAIL.sub("", address)


def signature(fact: Fact | dict) -> tuple:
    """(kind, cited place, compared fields) of a fact: equal signatures match."""
    rec = as_record(fact)
    kind = rec["kind"]
    fields = tuple(compared_value(kind, f, rec.get(f)) for f in COMPARED.get(kind, ()))
    return kind, cited_place(rec["address"]), fields


# ---------------------------------------------------------------------------- matching

def _ratio(num: int, den: int, empty: float) -> float:
    return num / den if den else empty


def counts(tp: int, fp: int, fn: int) -> dict:
    """tp, fp, fn with precision and recall. An empty prediction set has precision 1.0 only
    when the gold is empty too; an empty gold set has recall 1.0."""
    return {"tp": tp, "fp": fp, "fn": fn,
            "precision": _ratio(tp, tp + fp, 1.0 if fn == 0 else 0.0),
            "recall": _ratio(tp, tp + fn, 1.0)}


def differing(a: dict, b: dict) -> list[str]:
    """The compared fields in which two facts of the same kind differ."""
    kind = a["kind"]
    return [f for f in COMPARED.get(kind, ())
            if compared_value(kind, f, a.get(f)) != compared_value(kind, f, b.get(f))]


def _near(rec: dict, others: list[dict]) -> dict | None:
    """The closest fact of the same kind and address among `others`, with the differing
    fields (None when there is none)."""
    place = cited_place(rec["address"])
    same = [o for o in others
            if o["kind"] == rec["kind"] and cited_place(o["address"]) == place]
    if not same:
        return None
    best = min(same, key=lambda o: len(differing(rec, o)))
    return {"quote": best.get("quote", ""),
            "fields": {f: [rec.get(f), best.get(f)] for f in differing(rec, best)}}


def match(predicted: Iterable[Fact | dict], gold: Iterable[dict]) -> dict:
    """Multiset matching of predicted against gold facts.

    Returns {"kinds": {kind: counts}, "total": counts, "missed": [...], "extra": [...]};
    `missed` are gold facts no prediction matched, `extra` predictions no gold fact matched,
    each with a `near` hint: the closest unmatched fact of the other side with the same kind
    and address, its quote, and each differing field as [this fact's value, its value]. Kinds with neither gold nor predictions are not reported.
    """
    pred = [as_record(f) for f in predicted]
    gold = [as_record(f) for f in gold]
    pool = Counter(signature(g) for g in gold)
    extra = []
    for rec in pred:
        sig = signature(rec)
        if pool[sig]:
            pool[sig] -= 1
        else:
            extra.append(rec)
    missed, left = [], Counter(pool)
    for rec in gold:
        sig = signature(rec)
        if left[sig]:
            left[sig] -= 1
            missed.append(rec)
    tallies: dict[str, Counter] = defaultdict(Counter)
    for rec in gold:
        tallies[rec["kind"]]["gold"] += 1
    for rec in pred:
        tallies[rec["kind"]]["pred"] += 1
    for rec in extra:
        tallies[rec["kind"]]["fp"] += 1
    for rec in missed:
        tallies[rec["kind"]]["fn"] += 1
    kinds = {k: counts(t["pred"] - t["fp"], t["fp"], t["fn"]) for k, t in sorted(tallies.items())}
    total = counts(*(sum(c[x] for c in kinds.values()) for x in ("tp", "fp", "fn")))
    return {"kinds": kinds, "total": total,
            "missed": [_miss(r, extra) for r in missed],
            "extra": [_miss(r, missed) for r in extra]}


def _miss(rec: dict, others: list[dict]) -> dict:
    """An unmatched fact for the report: kind, address, quote, compared fields, near hint."""
    fields = {f: rec.get(f) for f in COMPARED.get(rec["kind"], ())}
    return {"kind": rec["kind"], "address": rec["address"], "quote": rec.get("quote", ""),
            "fields": fields, "near": _near(rec, others)}


def add(results: Iterable[dict]) -> dict:
    """Per-kind and total counts summed over documents' `match` results."""
    sums: dict[str, Counter] = defaultdict(Counter)
    for result in results:
        for kind, c in result["kinds"].items():
            sums[kind].update({x: c[x] for x in ("tp", "fp", "fn")})
    kinds = {k: counts(c["tp"], c["fp"], c["fn"]) for k, c in sorted(sums.items())}
    total = counts(*(sum(c[x] for c in kinds.values()) for x in ("tp", "fp", "fn")))
    return {"kinds": kinds, "total": total}


def silent(missed: list[dict], doc, found) -> list[dict]:
    """The missed gold facts that nothing answers for: no extracted fact and no diagnostic
    overlaps the place of the gold's quote (issue 10: no silent drops). A quote that cannot be
    found in the text counts as silent."""
    spans = [(f.span.start, f.span.end) for f in found.facts] + \
        [(d.span.start, d.span.end) for d in found.diagnostics if d.span is not None]
    out = []
    for miss in missed:
        place = locate(doc, miss["address"], miss.get("quote", ""))
        if place is None or not any(a < place[1] and place[0] < b for a, b in spans):
            out.append(miss)
    return out


def locate(doc, address: str, quote: str) -> tuple[int, int] | None:
    """Where a folded quote stands in the text: inside the node at `address` when there is
    one, else anywhere."""
    words = quote.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    node = next((n for n in doc.nodes() if n.address == address), None)
    lo, hi = (node.span.start, node.span.end) if node is not None else (0, len(doc.text))
    m = pattern.search(doc.text, lo, hi) or pattern.search(doc.text)
    return (m.start(), m.end()) if m else None


def gold_facts(records: Iterable[dict], doc=None) -> list[Fact]:
    """Gold records as Fact objects (for checks that take facts, e.g. scales and parity).
    The span is the span of the node at the fact's address when `doc` is given."""
    spans = {n.address: n.span for n in doc.nodes()} if doc is not None else {}
    facts = []
    for rec in records:
        fields = {k: v for k, v in rec.items() if k not in ("kind", "address", "quote")}
        span = spans.get(rec["address"], Span(start=0, end=0))
        facts.append(Fact(kind=rec["kind"], address=rec["address"], span=span,
                          quote=rec.get("quote", ""), fields=fields))
    return facts
