"""`ereje compile` and `ereje summary`: decrees compiled into a folder, and that folder
summarized."""

from __future__ import annotations

import json
import os
import sys
from functools import partial

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from .amend.meta import publication_of
from .amend.works import Act, Works, write_consolidated
from .cli_evaluate import publications
from .compile import parse_file
from .compiled import is_compiled, read_json
from .errors import InputError
from .ingest import SUFFIXES
from .output import NOTE, Run, open_folder
from .pipeline import Job, BuildCache, act_from_record, build_key, compile_many, ruleset_of
from .facts.schema import fact_schema
from .rules.build import schema
from .sources import discover, unique

# Outside a terminal (CI logs, pipes) rich would assume 80 columns and cut the tables.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False, soft_wrap=True)


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
        failed, bugs, acts = _compile_all(items, run, published, cache,
                                          args.jobs or os.cpu_count() or 1)
        failed += len(problems)
        _write_shared(run, acts, cache)
        cache.write(run.folder)
    run.finish("their inputs failed")
    _report(run, len(items) + len(problems), failed, cache.reused)
    return 3 if bugs else 2 if failed else 0


def _compile_all(items, run: Run, published: dict, cache: BuildCache,
                 jobs: int) -> tuple[int, int, list[Act]]:
    """Compile and write every item whose build key changed (across `jobs` processes), each
    act dated by its publication (`published`: id -> date, else its meta.yaml); the number
    that failed, how many of them by a bug of the compiler's, and the acts of all."""
    jobs_of, failed, bugs = {}, 0, 0
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
                bugs += result.bug
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
        # its text is read only if an amendment needs it
        acts[doc_id] = act_from_record(partial(parse_file, job.item[1], doc_id, job.item[2]),
                                       entry["act"])
    return failed, bugs, [acts[doc_id] for doc_id in jobs_of if doc_id in acts]


# the JSON Schemas written with every compile: the ruleset's and a fact's
SCHEMAS = {"schema/ruleset.schema.json": schema, "schema/facts.schema.json": fact_schema}


def _write_shared(run: Run, acts: list[Act], cache: BuildCache) -> None:
    """The consolidated versions and the schemas (kept when no decree changed)."""
    key = cache.shared_key([a.meta.id for a in acts])
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
    """`ereje summary DIR`: one line per compiled decree (the checker's errors/warnings on its
    rule plan last); other JSON files are skipped."""
    if not args.folder.is_dir():
        err.print(f"{args.folder}: error: no such folder", markup=False)
        return 2
    table = Table(title="Compiled decrees")
    for col in ("id", "lang", "format", "appendices", "chapters", "clauses", "sub-points",
                "tables", "facts", "warnings", "checker"):
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
            str(len(data.get("facts") or [])), str(warnings), _checker(data)]


def _checker(data: dict) -> str:
    """The checker's findings on the decree's rule plan: "errors/warnings" ("–": no plan)."""
    plan = (data.get("ruleset") or {}).get("plan") if isinstance(data.get("ruleset"), dict) \
        else None
    if not isinstance(plan, dict):
        return "–"
    found = [d.get("severity") for d in plan.get("diagnostics") or [] if isinstance(d, dict)]
    return f"{found.count('error')}/{found.count('warning')}"
