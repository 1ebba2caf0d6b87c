"""Document -> plain data for JSON: deterministic, no absolute paths, no timestamps."""

from __future__ import annotations

from collections import Counter

from .facts.model import Fact, FactSet, plain
from .facts.scales import interval
from .model import Diagnostic, Document, Node

FORMAT_VERSION = 2  # 2: "facts" and "fact_diagnostics"


def node_data(doc: Document, node: Node) -> dict:
    """One node with its source location and children."""
    loc = doc.location(node.span.start)
    data = {"address": node.address, "kind": node.kind}
    if node.number is not None:
        data["number"] = node.number
    if node.heading is not None:
        data["heading"] = node.heading
    if node.text:
        data["text"] = node.text
    data["span"] = [node.span.start, node.span.end]
    data["source"] = {k: v for k, v in loc.model_dump().items() if v is not None}
    if node.lang:
        data["lang"] = node.lang
    if node.attrs:
        data["attrs"] = dict(sorted(node.attrs.items()))
    if node.children:
        data["children"] = [node_data(doc, c) for c in node.children]
    return data


def document_data(doc: Document, facts: FactSet | None = None) -> dict:
    """The compiled form of a decree, as written to generated/<id>.json (with its facts when
    `facts` is given)."""
    kinds = Counter(n.kind for n in doc.nodes())
    removed = Counter(r.reason for r in doc.removed)
    data = {
        "format_version": FORMAT_VERSION,
        "id": doc.id,
        "source": doc.path,
        "format": doc.format,
        "lang": doc.lang,
        "stats": {"characters": len(doc.text), "nodes": dict(sorted(kinds.items()))},
        "removed": {"by_reason": dict(sorted(removed.items())),
                    "spans": [[r.start, r.end, r.reason, *([r.page] if r.page else [])]
                              for r in doc.removed]},
        "diagnostics": [d.model_dump(exclude_none=True) | {"rendered": d.render(doc.path)}
                        for d in doc.diagnostics],
        "roots": [node_data(doc, root) for root in doc.roots],
    }
    if facts is not None:
        data["facts"] = [fact_data(doc, f) for f in facts.facts]
        data["fact_diagnostics"] = [diagnostic_data(doc, d)
                                    for d in located(doc, facts.diagnostics)]
    return data


def fact_data(doc: Document, fact: Fact) -> dict:
    """One fact: kind, address, span, source location, quote, language and fields (numbers
    as JSON numbers that print back exactly, see `plain`)."""
    loc = doc.location(fact.span.start)
    return {"kind": fact.kind, "address": fact.address,
            "span": [fact.span.start, fact.span.end],
            "source": {k: v for k, v in loc.model_dump().items() if v is not None},
            "quote": fact.quote, "lang": fact.lang,
            "fields": {k: plain(v) for k, v in sorted(fact.fields.items())}}


def diagnostic_data(doc: Document, d: Diagnostic) -> dict:
    """A diagnostic as plain data with its rendered line."""
    return d.model_dump(exclude_none=True) | {"rendered": d.render(doc.path)}


def located(doc: Document, diagnostics) -> list[Diagnostic]:
    """Diagnostics with a span but no source location get the location of their span."""
    return [d.model_copy(update={"location": doc.location(d.span.start)})
            if d.location is None and d.span is not None else d for d in diagnostics]


def describe(fact: Fact) -> str:
    """The key fields of a fact on one readable line (for `ereje facts`)."""
    f = fact.fields
    kind = fact.kind
    if kind in ("grade_band", "score_range"):
        what = f.get("scale") if kind == "grade_band" else f.get("subject")
        grade = f" {f.get('grade')}" if kind == "grade_band" else ""
        return f"{what}{grade} {_interval(f)}"
    if kind == "score_cap":
        return f"{f.get('scale')} <= {_num(f.get('max'))} if {f.get('condition')}"
    if kind == "deadline":
        rule = ", ".join(f"{k} {_num(v)}" for k, v in (f.get("rule") or {}).items())
        return f"{f.get('event')}: {rule} {f.get('direction') or 'after'} {f.get('anchor')}"
    if kind == "threshold":
        unit = f" {f.get('unit')}" if f.get("unit") else ""
        return f"{f.get('subject')} {f.get('op')} {_num(f.get('value'))}{unit}"
    if kind == "formula":
        return f"{f.get('target')} = {f.get('expression')}"
    if kind == "lookup_table":
        return f"{f.get('name')}: {f.get('input')} -> {f.get('output')}, {len(f.get('rows') or [])} rows"
    if kind == "form":
        return (f"#{_num(f.get('number'))} {f.get('title')!r} for {_num(f.get('applies_to'))}, "
                f"{len(f.get('parameters') or [])} parameters, {f.get('aggregation')}")
    if kind == "competency":
        shown = {k: len(v) for k, v in (f.get("indicators") or {}).items()}
        return f"{f.get('name')} {_num(f.get('categories'))} {shown}"
    if kind == "reference":
        return f"{f.get('target')} ({f.get('purpose')})"
    return str(plain(f))


def _num(value) -> str:
    """A field value in plain form, lists joined with ', '."""
    value = plain(value)
    if isinstance(value, list):
        return "[" + ", ".join(str(_num(v)) for v in value) + "]"
    return str(value)


def _interval(f: dict) -> str:
    return interval(f.get("low"), f.get("high"), f.get("low_inclusive"), f.get("high_inclusive"))
