"""`ereje compare` and `ereje report`: decrees side by side, and the literate static site."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .compare import matrix as build_matrix
from .compare.matrix import Decree, data as matrix_data
from .compare.plain import kind_words
from .compare.tables import csv_rows, workbook
from .compare.texts import clause_pairs
from .compiled import read_compiled
from .errors import InputError
from .output import Run, open_file, open_folder, write_atomic_with
from .sources import discover

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated"

out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def cmd_compare(args) -> int:
    """`ereje compare DOC... [--json] [--csv F] [--xlsx F] [--only-differences] [--text]`."""
    for path in (args.csv, args.xlsx):
        if path is not None:
            open_file(path)  # a folder or an impossible folder fails before any compiling
    decrees = [Decree.from_data(d) for ref in args.docs for d in compiled(ref)]
    if not decrees:
        raise InputError(" ".join(args.docs), "no decree found (compiled JSON, decree files "
                         "or folders with meta.yaml)")
    if args.text:
        if len(decrees) != 2:
            raise InputError(" ".join(args.docs), "--text compares exactly two decrees "
                             f"(got {len(decrees)})")
        _print_pairs(*decrees)
        return 0
    rows = build_matrix(decrees, args.only_differences)
    if args.csv:
        _write(args.csv, lambda path: _save_csv(path, csv_rows(decrees, rows)))
    if args.xlsx:
        _write(args.xlsx, workbook(decrees, rows).save)
    if args.json:
        sys.stdout.write(json.dumps(matrix_data(decrees, rows), ensure_ascii=False, indent=1)
                         + "\n")
    elif not (args.csv or args.xlsx):
        _print_matrix(decrees, rows)
    return 0


def _write(path: Path, save) -> None:
    """Write an output file whole or not at all (parser/output.py)."""
    try:
        write_atomic_with(open_file(path), save)
    except OSError as exc:
        raise InputError(str(path), f"cannot write: {exc.strerror}") from None


def _save_csv(path: Path, rows: list[list[str]]) -> None:
    """The rows as a UTF-8 CSV file."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def compiled(ref: str) -> list[dict]:
    """The compiled data of a DOC argument: a corpus id, a compiled JSON, a decree file, or a
    folder (compiled JSON files, or decrees and corpus entries)."""
    path = Path(ref)
    if path.is_file() and path.suffix == ".json":
        return [read_compiled(path)]
    if path.is_dir() and not (path / "meta.yaml").exists() and any(path.glob("*.json")):
        return [read_compiled(p) for p in sorted(path.glob("*.json"), key=lambda p: p.stem)]
    if path.exists():
        return [_compile(*item) for item in discover([path])]
    if (GENERATED / f"{ref}.json").is_file():
        return [read_compiled(GENERATED / f"{ref}.json")]
    if (ROOT / "corpus" / ref).is_dir():
        return [_compile(*item) for item in discover([ROOT / "corpus" / ref])]
    if path.suffix or len(path.parts) > 1:
        raise InputError(ref, "no such file or folder")
    raise InputError(ref, "not a corpus id, a compiled JSON file, a decree or a folder")


def _compile(doc_id: str, source: Path, display: str) -> dict:
    """A decree compiled in memory, as `ereje compile` would write it (the compiler and
    its language models are imported only here)."""
    from .compile import parse_file
    from .export import document_data
    from .facts import extract

    doc = parse_file(source, doc_id, display)
    return document_data(doc, extract(doc))


def _print_matrix(decrees: list[Decree], rows) -> None:
    """The matrix as a terminal table; differing rows first, marked ≠."""
    differ = sum(not r.same for r in rows)
    table = Table(title=f"{len(rows)} concepts, {differ} differ", title_justify="left",
                  show_lines=True)
    table.add_column("")
    table.add_column("concept")
    for d in decrees:
        table.add_column(f"{d.id} ({d.lang})")
    for row in rows:
        table.add_row("≠" if not row.same else "=",
                      escape(f"{kind_words(row.kind)}: {row.label}"),
                      *(escape("\n".join(row.words(d.id))) or "[dim]absent[/]" for d in decrees))
    out.print(table)


def _print_pairs(a: Decree, b: Decree) -> None:
    """Clause pairs side by side; words only in one text marked when both share a language."""
    pairs = clause_pairs(a, b)
    table = Table(title=f"{len(pairs)} clause pairs", title_justify="left", show_lines=True)
    table.add_column(f"{a.id} ({a.lang})", ratio=1)
    table.add_column(f"{b.id} ({b.lang})", ratio=1)
    for pair in pairs:
        left, right = (_marked(pair.diff, 1, "red"), _marked(pair.diff, 2, "green")) \
            if pair.diff else (escape(pair.text_a), escape(pair.text_b))
        shared = f"\n[dim]aligned: {escape('; '.join(pair.facts))}[/]" if pair.facts else ""
        table.add_row(f"[cyan]{pair.a}[/]\n{left}{shared}", f"[cyan]{pair.b}[/]\n{right}")
    out.print(table)


def _marked(diff, side: int, colour: str) -> str:
    """One side of a word diff as rich markup: its own words underlined in `colour` on a
    terminal, else between wdiff's marks ([-removed-] on the left, {+added+} on the right)."""
    opening, closing = ("[-", "-]") if side == 1 else ("{+", "+}")
    parts = []
    for run in diff:
        words = escape(run[side])
        if not words or run[0] == "=":
            parts.append(words)
        elif out.is_terminal:
            parts.append(f"[{colour} underline]{words}[/]")
        else:
            parts.append(escape(opening) + words + escape(closing))
    return " ".join(p for p in parts if p)


def cmd_report(args) -> int:
    """`ereje report PATH... --out DIR [--cases DIR]`: the static site; a bad decree does not
    stop the rest, every file is written whole or not at all (parser/output.py)."""
    from .amend.meta import publication_of
    from .compile import parse_file
    from .report import build_site, planned

    items = discover(args.paths)
    if not items:
        raise InputError(" ".join(map(str, args.paths)), "no decree found")
    run = Run(open_folder(args.out))
    run.planned = planned([doc_id for doc_id, _, _ in items])
    docs, published, failed = [], {}, 0
    with run.guard():
        for doc_id, source, display in items:
            try:
                doc = parse_file(source, doc_id, display)
                published[doc.id] = publication_of(source, doc_id)  # as `ereje compile` dates it
            except InputError as exc:
                err.print(exc.render(), markup=False)
                failed += 1
                continue
            docs.append(doc)
        if not docs:
            run.finish("their inputs failed")
            return 2
        index = build_site(docs, run, args.cases if args.cases.is_dir() else None, published)
    run.finish("their inputs failed")
    err.print(f"wrote the report of {len(docs)} decrees: open {index.resolve().as_uri()}",
              markup=False)
    return 2 if failed else 0
