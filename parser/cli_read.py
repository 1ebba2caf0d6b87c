"""`ereje parse`, `facts` and `score`: one decree read, its tree and its facts (only the
compiler and the fact readers are imported: these are the quick commands)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from . import console
from .compile import parse_file
from .errors import InputError
from .export import describe, diagnostic_data, document_data, fact_data, located
from .facts import extract
from .facts.model import plain
from .sources import discover

ROOT = Path(__file__).resolve().parent.parent

out = console.stdout()
err = console.stderr()


def _read(path: Path):
    """The decree a path names: a file (its corpus id when a meta.yaml beside it names it
    the entry's source) or a corpus entry's folder (the source its meta.yaml names)."""
    if path.is_dir() and (path / "meta.yaml").exists():
        [(doc_id, source, _)] = discover([path])
        return parse_file(source, doc_id, display=str(source))
    if path.is_dir():
        raise InputError(str(path), "a folder with no meta.yaml: name one decree file or one "
                         "corpus entry's folder")
    if not path.exists():
        raise InputError(str(path), "no such file or folder")
    return parse_file(path, _entry_id(path), display=str(path))


def cmd_parse(args) -> int:
    """`ereje parse FILE|ENTRY [--json]`."""
    try:
        doc = _read(args.file)
    except InputError as exc:
        err.text(exc.render())
        return 2
    if args.json:
        sys.stdout.write(json.dumps(document_data(doc), ensure_ascii=False, indent=1) + "\n")
        return 0
    from rich.tree import Tree  # the outline's tree: `parse` only

    tree = Tree(f"[bold]{doc.id}[/] ({doc.format}, {doc.lang})")
    for root in doc.roots:
        _outline(tree, root)
    out.print(tree)
    for d in doc.diagnostics:
        err.text(d.render(doc.path))
    return 0


def _outline(parent, node) -> None:
    if node.kind in ("paragraph", "row", "cell"):
        return
    label = node.heading or node.text
    label = (label[:70] + "…") if len(label) > 70 else label
    branch = parent.add(f"[cyan]{node.address}[/] [dim]{node.kind}[/] {_escape(label)}")
    if node.kind == "table":
        branch.label += f" [dim]({len(node.children)} rows)[/]"
        return
    for child in node.children:
        _outline(branch, child)


def _escape(text: str) -> str:
    return text.replace("[", r"\[")


def _entry_id(path: Path) -> str | None:
    """The corpus id of a file that is the source of a corpus entry (meta.yaml beside it)."""
    found = [i for i, source, _ in discover([path.parent]) if source == path] \
        if (path.parent / "meta.yaml").exists() else []
    return found[0] if found else None


def cmd_facts(args) -> int:
    """`ereje facts FILE|ENTRY [--json]`: facts grouped by clause in document order, then the
    extraction's diagnostics."""
    try:
        doc = _read(args.file)
    except InputError as exc:
        err.text(exc.render())
        return 2
    found = extract(doc)
    notes = located(doc, found.diagnostics)
    if args.json:
        data = {"id": doc.id, "facts": [fact_data(doc, f) for f in found.facts],
                "diagnostics": [diagnostic_data(doc, d) for d in notes]}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        return 0
    order = {n.address: i for i, n in enumerate(doc.nodes())}
    groups: dict[str, list] = {}
    for fact in found.facts:
        groups.setdefault(fact.address, []).append(fact)
    out.line(("bold", doc.id), f" ({doc.lang}): {len(found.facts)} facts")
    for address in sorted(groups, key=lambda a: (order.get(a, len(order)), a)):
        out.line(("cyan", address))
        for fact in groups[address]:
            out.line("  ", ("bold", fact.kind), f" {describe(fact)}")
            out.line("    ", ("dim", f'"{fact.quote}"'))
    for d in notes:
        err.text(d.render(doc.path))
    return 0


def cmd_score(args) -> int:
    """`ereje score [PATH...] [--gold DIR] [--json] [--misses]`: precision and recall per
    document and kind against the gold files, then per group (seeds, development half,
    held-out half) and in total. The held-out half's misses are listed only on request."""
    from .facts import score  # the gold files' matcher: `score` only

    try:
        found = discover(args.paths or [ROOT / "corpus"])
    except InputError as exc:
        err.text(exc.render())
        return 2
    items = [(i, src, shown) for i, src, shown in found
             if (args.gold / f"{i}.facts.yaml").exists()]
    if args.paths and len(items) < len(found) or not items:
        missing = [str(src) for i, src, _ in found if (i, src, _) not in items] or args.paths
        err.print(f"{', '.join(map(str, missing))}: error: no gold file "
                  f"({args.gold}/<id>.facts.yaml) to score against", markup=False)
        return 2
    results, splits = {}, {}
    for doc_id, source, display in items:
        try:
            doc = parse_file(source, doc_id, display)
            gold = score.load_gold(args.gold / f"{doc_id}.facts.yaml")
        except InputError as exc:
            err.text(exc.render())
            return 2
        read = extract(doc)
        results[doc_id] = score.match(read.facts, gold)
        results[doc_id]["silent"] = len(score.silent(results[doc_id]["missed"], doc, read))
        splits[doc_id] = score.split_of(source)
    groups = {s: _with_silent(score.add(r for d, r in results.items() if splits[d] == s),
                              [r for d, r in results.items() if splits[d] == s])
              for s in score.SPLITS if s in splits.values()}
    total = _with_silent(score.add(results.values()), list(results.values()))
    shown = {d for d in results if args.held_out_misses or splits[d] != "heldout"}
    if args.json:
        data = {"documents": {k: {"split": splits[k], **(v if args.misses and k in shown else
                                                         {"kinds": v["kinds"], "total": v["total"],
                                                          "silent": v["silent"]})}
                              for k, v in results.items()},
                "splits": groups, "kinds": total["kinds"], "total": total["total"],
                "silent": total["silent"]}
        sys.stdout.write(json.dumps(score_plain(data), ensure_ascii=False, indent=1) + "\n")
        return 0
    for doc_id, result in results.items():
        out.print(_score_table(f"{doc_id} ({splits[doc_id]})", result))
        if args.misses and doc_id in shown:
            _print_misses(result)
    for split, result in groups.items():
        count = sum(1 for d in results if splits[d] == split)
        out.print(_score_table(f"{SPLIT_TITLES[split]}: {count} documents", result))
    out.print(_score_table(f"all {len(results)} documents", total))
    return 0


def _with_silent(summed: dict, results: list[dict]) -> dict:
    """Summed counts with the number of silent misses (no fact, no diagnostic where they are)."""
    return {**summed, "silent": sum(r["silent"] for r in results)}


SPLIT_TITLES = {"seed": "seeds", "dev": "development half", "heldout": "held-out half"}


def score_plain(data):
    """Scores and missed facts -> JSON-ready values (Decimals of the gold as numbers)."""
    return plain(data)


def _short(value, limit: int = 160) -> str:
    """A value as compact JSON, cut at `limit` characters, escaped for rich."""
    text = json.dumps(score_plain(value), ensure_ascii=False)
    return _escape(text if len(text) <= limit else text[:limit] + "…")


def _score_table(title: str, result: dict):
    """A rich Table of one document's or group's scores by kind."""
    from rich.table import Table  # `score` only

    if "silent" in result:
        title += f"; missed facts with no fact or diagnostic at their place: {result['silent']}"
    table = Table(title=title, title_justify="left")
    for col in ("kind", "tp", "fp", "fn", "P", "R"):
        table.add_column(col, justify="left" if col == "kind" else "right")
    rows = [*result["kinds"].items(), ("total", result["total"])]
    for kind, c in rows:
        style = "bold" if kind == "total" else None
        table.add_row(kind, str(c["tp"]), str(c["fp"]), str(c["fn"]),
                      f"{c['precision']:.2f}", f"{c['recall']:.2f}", style=style)
    return table


def _print_misses(result: dict) -> None:
    """Unmatched gold facts (missed) and unmatched extracted facts (extra), with hints."""
    for label, items in (("missed", result["missed"]), ("extra", result["extra"])):
        for m in items:
            out.print(f"  [red]{label}[/] [cyan]{m['address']}[/] {m['kind']} "
                      f"{_short(m['fields'], 300)}")
            out.print(f"    [dim]\"{_escape(m['quote'])}\"[/]")
            if m["near"]:
                other = "extracted" if label == "missed" else "gold"
                out.print(f"    near miss, {other} \"{_escape(m['near']['quote'][:80])}\" differs in:")
                for name, (mine, theirs) in m["near"]["fields"].items():
                    out.print(f"      {name}: {_short(mine)} here, {_short(theirs)} {other}")
