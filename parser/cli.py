"""The `ereje` command: arguments in, printing out; no logic of its own."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from rich.tree import Tree

from .amend.meta import publication_of
from .amend.works import Act, Works, write_consolidated
from .cli_compare import register as register_compare
from .cli_rules import publications, register
from .facts.schema import fact_schema
from .rules.build import schema
from .compile import parse_file
from .compiled import is_compiled, read_json
from .errors import InputError
from .facts import extract, score
from .facts.model import plain
from .export import describe, diagnostic_data, document_data, fact_data, located
from .ingest import SUFFIXES
from .output import NOTE, Run, open_folder
from .pipeline import Job, BuildCache, act_from_record, build_key, compile_many, ruleset_of
from .sources import discover, unique

ROOT = Path(__file__).resolve().parent.parent

# Outside a terminal (CI logs, pipes) rich would assume 80 columns and cut the tables.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code (2 for bad input)."""
    args = _arguments().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt as exc:
        for note in getattr(exc, "__notes__", []):  # what an interrupted run left (output.py)
            err.print(note, markup=False)
        return 130
    except InputError as exc:
        err.print(exc.render(), markup=False)
        return 2
    except MemoryError:
        err.print(f"ereje {_command(argv)}: error: out of memory", markup=False)
        return 2
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if os.environ.get("EREJE_DEBUG"):
            raise
        err.print(f"ereje {_command(argv)}: internal error: {type(exc).__name__}: "
                  f"{str(exc)[:200]} (a bug; EREJE_DEBUG=1 shows the traceback)", markup=False)
        return 3


def _command(argv: list[str] | None) -> str:
    """The command's name, for a message about the run as a whole."""
    words = sys.argv[1:] if argv is None else argv
    return words[0] if words else ""


def _arguments() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="ereje", description="Compile decrees into rules.")
    sub = ap.add_subparsers(required=True, metavar="COMMAND")
    p = sub.add_parser("parse", help="print a decree's outline")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="print the tree as JSON")
    p.set_defaults(run=cmd_parse)
    c = sub.add_parser("compile", help="compile decrees (files, folders, corpus entries)")
    c.add_argument("paths", nargs="+", type=Path)
    c.add_argument("--out", type=Path, required=True)
    c.add_argument("--published", action="append", default=[], metavar="ID=DATE",
                   help="the date of a decree's first official publication (repeatable); "
                        "wins over its meta.yaml published:")
    c.add_argument("--jobs", type=_positive, default=None, metavar="N",
                   help="compile in N processes (default: the number of CPUs)")
    c.add_argument("--no-incremental", dest="incremental", action="store_false",
                   help="recompile every decree, even those whose source, grammar and code "
                        "are unchanged since the last run into --out")
    c.set_defaults(run=cmd_compile)
    s = sub.add_parser("summary", help="summarize compiled decrees in a folder")
    s.add_argument("folder", type=Path)
    s.set_defaults(run=cmd_summary)
    f = sub.add_parser("facts", help="print a decree's facts by clause, then their diagnostics")
    f.add_argument("file", type=Path)
    f.add_argument("--json", action="store_true", help="print {id, facts, diagnostics} as JSON")
    f.set_defaults(run=cmd_facts)
    g = sub.add_parser("score", help="score extracted facts against the gold files")
    g.add_argument("paths", nargs="*", type=Path,
                   help="corpus entries or files (default: every corpus entry with a gold file)")
    g.add_argument("--gold", type=Path, default=ROOT / "tests" / "gold",
                   help="folder of <id>.facts.yaml (default: tests/gold)")
    g.add_argument("--json", action="store_true", help="print the scores as JSON")
    g.add_argument("--misses", action="store_true",
                   help="list unmatched facts both ways with near-miss hints (not for the "
                        "held-out half: see --held-out-misses)")
    g.add_argument("--held-out-misses", dest="held_out_misses", action="store_true",
                   help="also list the held-out half's misses (only once its readers are done)")
    g.set_defaults(run=cmd_score)
    register(sub)
    register_compare(sub)
    return ap


def _positive(text: str) -> int:
    """A count of at least 1 (an argparse type)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return value


def cmd_parse(args) -> int:
    """`ereje parse FILE [--json]`."""
    try:
        doc = parse_file(args.file, display=str(args.file))
    except InputError as exc:
        err.print(exc.render(), markup=False)
        return 2
    if args.json:
        sys.stdout.write(json.dumps(document_data(doc), ensure_ascii=False, indent=1) + "\n")
        return 0
    tree = Tree(f"[bold]{doc.id}[/] ({doc.format}, {doc.lang})")
    for root in doc.roots:
        _outline(tree, root)
    out.print(tree)
    for d in doc.diagnostics:
        err.print(d.render(doc.path), markup=False)
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


def cmd_compile(args) -> int:
    """`ereje compile PATH... --out DIR`: one JSON per decree; a bad file does not stop the
    rest; every file is written whole or not at all (parser/output.py)."""
    try:
        published = publications(args.published)
    except ValueError as exc:
        err.print(f"ereje compile: error: {exc}", markup=False)
        return 2
    problems: list[InputError] = []
    items, clashes = unique(discover(args.paths, problems))
    problems += clashes
    try:
        run = Run(open_folder(args.out))
    except InputError as exc:
        err.print(exc.render(), markup=False)
        return 2
    for exc in problems:
        err.print(exc.render(), markup=False)
    if not items:
        err.print(f"{' '.join(map(str, args.paths))}: error: no decree found (files of "
                  f"{', '.join(sorted(SUFFIXES))}, or folders with meta.yaml)", markup=False)
        return 2
    run.planned = [f"{doc_id}.json" for doc_id, _, _ in items] + ["consolidated/", *SCHEMAS]
    cache = BuildCache.read(run.folder) if args.incremental else BuildCache()
    with run.guard():
        failed, acts = _compile_all(items, run, published, cache,
                                    args.jobs or os.cpu_count() or 1)
        failed += len(problems)
        _write_shared(run, acts, cache)
        cache.write(run.folder)
    run.finish("their inputs failed")
    _report(run, len(items) + len(problems), failed, cache.reused)
    return 2 if failed else 0


def _compile_all(items, run: Run, published: dict, cache: BuildCache,
                 jobs: int) -> tuple[int, list[Act]]:
    """Compile and write every item whose build key changed (across `jobs` processes), each
    act dated by its publication (`published`: id -> date, else its meta.yaml); the number
    that failed and the acts of all."""
    jobs_of, failed = {}, 0
    for doc_id, source, display in items:
        try:
            publication = publication_of(source, doc_id, published)
        except InputError as exc:
            err.print(exc.render(), markup=False)
            failed += 1
            continue
        item = (doc_id, source, display)
        jobs_of[doc_id] = Job(item, build_key(item, publication), publication)
    todo = [job for doc_id, job in jobs_of.items()
            if not cache.current(doc_id, job.key, run.folder)]
    acts: dict[str, Act] = {}
    with Progress(console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("compiling", total=len(todo))
        for result in compile_many(todo, jobs):
            if result.error is not None:
                err.print(result.error, markup=False)
                cache.forget(result.id)
                failed += 1
            else:
                run.write(f"{result.id}.json", result.text)
                cache.remember(result.id, result.key, result.act)
                if result.compiled is not None:
                    acts[result.id] = result.compiled.act
            progress.advance(task)
    for doc_id, job in jobs_of.items():  # reused, or compiled in another process
        entry = cache.entries.get(doc_id)
        if doc_id in acts or entry is None or entry["key"] != job.key:
            continue
        if f"{doc_id}.json" not in run.written:
            run.written.append(f"{doc_id}.json")  # up to date: nothing to refresh
        acts[doc_id] = act_from_record(parse_file(job.item[1], doc_id, job.item[2]),
                                       entry["act"])
    return failed, [acts[doc_id] for doc_id in jobs_of if doc_id in acts]


# the JSON Schemas written with every compile: the ruleset's and a fact's
SCHEMAS = {"schema/ruleset.schema.json": schema, "schema/facts.schema.json": fact_schema}


def _write_shared(run: Run, acts: list[Act], cache: BuildCache) -> None:
    """The consolidated versions and the schemas (kept when no decree changed)."""
    key = cache.shared_key([a.doc.id for a in acts])
    if cache.shared.get("key") == key and (run.folder / "consolidated").is_dir() and \
            all((run.folder / name).is_file() for name in SCHEMAS):
        run.written += ["consolidated/", *SCHEMAS]
        for line in cache.shared.get("notes", []):
            err.print(line, markup=False)
        return
    works = Works(acts, ruleset_of)
    notes = [f"{d.code} {d.message}" for d in works.diagnostics]
    for line in notes:  # amendments waiting for an act the corpus lacks
        err.print(line, markup=False)
    written = write_consolidated(works, run.folder / "consolidated")
    run.written.append("consolidated/")
    if written:
        err.print(f"wrote {len(written)} consolidated versions into "
                  f"{run.folder / 'consolidated'}", markup=False)
    for name, make in SCHEMAS.items():
        run.write(name, json.dumps(make(), ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    cache.shared = {"key": key, "notes": notes}


def _report(run: Run, total: int, failed: int, reused: list[str]) -> None:
    """What a compile run wrote, found up to date, and kept from an earlier run."""
    decrees = [n for n in run.written if "/" not in n and n[:-5] not in reused]
    err.print(f"compiled {total - failed} of {total} into {run.folder}", markup=False)
    err.print(f"  wrote: {', '.join(decrees) or 'nothing'}", markup=False)
    if reused:
        err.print(f"  up to date (source, grammar and code unchanged): {len(reused)}",
                  markup=False)
    kept = run.kept()
    if kept:
        err.print(f"  kept from an earlier run, not refreshed: {', '.join(kept)} "
                  f"(listed in {run.folder / NOTE})", markup=False)


def cmd_summary(args) -> int:
    """`ereje summary DIR`: one line per compiled decree; other JSON files are skipped."""
    if not args.folder.is_dir():
        err.print(f"{args.folder}: error: no such folder", markup=False)
        return 2
    table = Table(title="Compiled decrees")
    for col in ("id", "lang", "format", "appendices", "chapters", "clauses", "sub-points",
                "tables", "facts", "warnings"):
        table.add_column(col)
    shown = bad = 0
    for path in sorted(args.folder.glob("*.json")):
        try:
            data = read_json(path)
        except InputError as exc:
            err.print(exc.render(), markup=False)
            bad += 1
            continue
        if not is_compiled(data):
            err.print(f"{path}: skipped: not a compiled decree", markup=False)
            continue
        table.add_row(*_summary_row(data))
        shown += 1
    if not shown and not bad:
        err.print(f"{args.folder}: error: no compiled decrees here (ereje compile … --out "
                  f"{args.folder})", markup=False)
        return 2
    out.print(table)
    return 2 if bad else 0


def _summary_row(data: dict) -> list[str]:
    n = data["stats"]["nodes"]
    warnings = sum(1 for d in data["diagnostics"]
                   if not isinstance(d, dict) or d.get("severity") != "info")
    return [str(data["id"]), str(data.get("lang")), str(data.get("format")),
            str(n.get("appendix", 0)), str(n.get("chapter", 0)), str(n.get("clause", 0)),
            str(n.get("subpoint", 0)), str(n.get("table", 0)),
            str(len(data.get("facts") or [])), str(warnings)]


def _entry_id(path: Path) -> str | None:
    """The corpus id of a file that is the source of a corpus entry (meta.yaml beside it)."""
    found = [i for i, source, _ in discover([path.parent]) if source == path] \
        if (path.parent / "meta.yaml").exists() else []
    return found[0] if found else None


def cmd_facts(args) -> int:
    """`ereje facts FILE [--json]`: facts grouped by clause in document order, then the
    extraction's diagnostics."""
    try:
        doc = parse_file(args.file, _entry_id(args.file), display=str(args.file))
    except InputError as exc:
        err.print(exc.render(), markup=False)
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
    out.print(f"[bold]{doc.id}[/] ({doc.lang}): {len(found.facts)} facts")
    for address in sorted(groups, key=lambda a: (order.get(a, len(order)), a)):
        out.print(f"[cyan]{address}[/]")
        for fact in groups[address]:
            out.print(f"  [bold]{fact.kind}[/] {_escape(describe(fact))}")
            out.print(f"    [dim]\"{_escape(fact.quote)}\"[/]")
    for d in notes:
        err.print(d.render(doc.path), markup=False)
    return 0


def cmd_score(args) -> int:
    """`ereje score [PATH...] [--gold DIR] [--json] [--misses]`: precision and recall per
    document and kind against the gold files, then per group (seeds, development half,
    held-out half) and in total. The held-out half's misses are listed only on request."""
    try:
        found = discover(args.paths or [ROOT / "corpus"])
    except InputError as exc:
        err.print(exc.render(), markup=False)
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
            err.print(exc.render(), markup=False)
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


SPLIT_TITLES = {"seed": "seeds", "dev": "development half (A)", "heldout": "held-out half (B)"}


def score_plain(data):
    """Scores and missed facts -> JSON-ready values (Decimals of the gold as numbers)."""
    return plain(data)


def _short(value, limit: int = 160) -> str:
    """A value as compact JSON, cut at `limit` characters, escaped for rich."""
    text = json.dumps(score_plain(value), ensure_ascii=False)
    return _escape(text if len(text) <= limit else text[:limit] + "…")


def _score_table(title: str, result: dict) -> Table:
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


if __name__ == "__main__":
    sys.exit(main())
