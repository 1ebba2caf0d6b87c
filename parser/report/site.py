"""The site: compiles each decree once (facts, ruleset, act), then renders the pages."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from ..amend.model import Publication
from ..amend.works import Act, Works
from ..compare import align, matrix
from ..compare.matrix import Decree, record
from ..compare.plain import concept_words, fact_value, kind_words, words
from ..compare.texts import clause_pairs
from ..export import document_data
from ..facts.model import fold, plain
from ..model import Document
from ..output import Run
from ..pipeline import compile_document, ruleset_of
from .cases import case_files, run
from .layout import blocks
from .rules import Entry, entries, fact_entries

HERE = Path(__file__).resolve().parent
STATIC = tuple(sorted(p.relative_to(HERE).as_posix() for p in (HERE / "static").rglob("*")
                      if p.is_file()))  # the CSS and script every page loads
PAIRED = 0.5  # share of aligned facts from which a kk and a ru decree are shown as a pair


@dataclass
class Compiled:
    """One decree with everything its page shows."""

    doc: Document
    data: dict  # document_data with facts
    decree: Decree
    ruleset: object
    act: Act


def planned(ids: list[str]) -> list[str]:
    """The files a site of the decrees `ids` is made of, before any is compiled (kk↔ru pair
    pages join when the pairs are known)."""
    return [*STATIC, *(f"{i}.html" for i in ids), "compare.html", "index.html"]


def build_site(docs: list[Document], run: Run, cases: Path | None,
               published: dict[str, Publication | None] | None = None) -> Path:
    """Write the site of `docs` through `run` (cases from the folder `cases`; each decree's
    act dated by its publication in `published`, id -> Publication), every file whole or not
    at all; the index path. A case with `as_of` is checked against the version in force that
    day among the works of these decrees."""
    compiled = [_compile(doc, (published or {}).get(doc.id)) for doc in docs]
    works = Works([c.act for c in compiled], ruleset_of)
    env = _environment()
    decrees = [c.decree for c in compiled]
    rows = matrix(decrees)
    pairs = _pairs(compiled)
    run.planned += [_pair_page(a, b) for a, b in pairs]
    for name in STATIC:
        run.write(name, (HERE / name).read_text(encoding="utf-8"))
    pages = {c.doc.id: f"{c.doc.id}.html" for c in compiled}
    files = case_files(cases)
    for c in compiled:
        run.write(pages[c.doc.id], env.get_template("decree.html").render(
            **_decree_page(c, works, pages, files.get(c.doc.id, [])), pages=pages))
    run.write("compare.html", env.get_template("compare.html").render(
        decrees=decrees, rows=rows, pages=pages, kinds=sorted({r.kind for r in rows}),
        kind_words=kind_words, fact_value=fact_value, record=record))
    for a, b in pairs:
        run.write(_pair_page(a, b), env.get_template("pair.html").render(
            a=a, b=b, pairs=clause_pairs(a, b), pages=pages))
    run.write("index.html", env.get_template("index.html").render(
        compiled=compiled, pairs=[(a, b, _pair_page(a, b)) for a, b in pairs], pages=pages,
        differ=sum(not r.same for r in rows), rows=len(rows)))
    return run.folder / "index.html"


def _compile(doc: Document, publication: Publication | None) -> Compiled:
    """Facts, compiled data, ruleset and act metadata of one decree."""
    c = compile_document(doc, publication)
    data = document_data(doc, c.facts)
    return Compiled(doc, data, Decree.from_data(data), c.ruleset, c.act)


def _environment() -> Environment:
    """Templates from the package, HTML-escaped, failing on a missing name."""
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["lines"] = lambda text: Markup("<br>".join(escape(t) for t in text.split("\n")))
    env.filters["words"] = words
    env.filters["show"] = lambda value: json.dumps(plain(value), ensure_ascii=False, default=str)
    return env


def _decree_page(c: Compiled, works: Works, pages: dict, cases: list[tuple[Path, dict]]
                 ) -> dict:
    """The context of a decree's page (`cases`: the case files naming it, with their data)."""
    sections = entries(c.ruleset)
    cited = fact_entries(sections)
    views, others = [], []
    for i, fact in enumerate(c.data["facts"]):
        rule = cited.get((fact["address"], fold(fact["quote"])))
        if rule is None:
            rule = f"rule-other-{len(others)}"
            others.append(Entry(rule, concept_words(record(fact)), fact_value(record(fact)),
                                [{"address": fact["address"], "quote": fact["quote"]}]))
        views.append({"id": f"fact-{i}", "span": fact["span"], "kind": fact["kind"],
                      "kind_label": kind_words(fact["kind"]), "address": fact["address"],
                      "concept": concept_words(record(fact)),
                      "words": fact_value(record(fact)), "rule": rule})
    if others:
        sections["Other facts (not used by the evaluator)"] = others
    diagnostics = c.data["diagnostics"] + c.data["fact_diagnostics"] + \
        [d.model_dump() for d in c.ruleset.plan.diagnostics]  # the checker's, by clause
    tree, unplaced = blocks(c.doc, views, diagnostics)
    addresses = {n.address for n in c.doc.nodes()}
    return {"c": c, "tree": tree, "facts": views, "sections": sections, "unplaced": unplaced,
            "cases": [v for path, data in cases for v in run(path, data, c.ruleset, works)],
            "addresses": addresses, "versions": _versions(works, c), "act": c.act.meta,
            "diagnostic_count": len(diagnostics)}


def _versions(works: Works, c: Compiled) -> list:
    """The versions of the work this decree belongs to (none when it is not a work's act)."""
    try:
        return works.timeline(c.doc.id)
    except KeyError:
        return []


def _pairs(compiled: list[Compiled]) -> list[tuple[Decree, Decree]]:
    """Decrees in two languages (a Kazakh and a Russian one) that state the same rules: the
    same act, or at least PAIRED of their facts aligned."""
    pairs = []
    for i, a in enumerate(compiled):
        for b in compiled[i + 1:]:
            if not a.doc.lang or not b.doc.lang or a.doc.lang == b.doc.lang:
                continue
            if a.act.meta.ref.key == b.act.meta.ref.key or _share(a.decree, b.decree) >= PAIRED:
                pairs.append((a.decree, b.decree))
    return pairs


def _share(a: Decree, b: Decree) -> float:
    """The share of both decrees' facts that align."""
    total = len(a.facts) + len(b.facts)
    found = align([record(f) for f in a.facts], [record(f) for f in b.facts])
    return 2 * len(found.pairs) / total if total else 0.0


def _pair_page(a: Decree, b: Decree) -> str:
    return f"pair-{a.id}--{b.id}.html"
