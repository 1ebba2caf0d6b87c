"""The `ereje` command: arguments in, printing out; no logic of its own."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from rich.tree import Tree

from .compile import parse_file
from .errors import InputError
from .export import document_data
from .ingest import SUFFIXES

# Outside a terminal (CI logs, pipes) rich would assume 80 columns and cut the tables.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code (2 for bad input)."""
    args = _arguments().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130


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
    c.set_defaults(run=cmd_compile)
    s = sub.add_parser("summary", help="summarize compiled decrees in a folder")
    s.add_argument("folder", type=Path)
    s.set_defaults(run=cmd_summary)
    return ap


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


def discover(paths: list[Path]) -> list[tuple[str, Path, str]]:
    """(id, source file, display name) for files, folders and corpus entries (meta.yaml)."""
    found: list[tuple[str, Path, str]] = []
    for path in paths:
        if path.is_dir() and (path / "meta.yaml").exists():
            meta = yaml.safe_load((path / "meta.yaml").read_text(encoding="utf-8")) or {}
            source = path / str(meta.get("source", "source.txt"))
            found.append((str(meta.get("id", path.name)), source, f"{path.name}/{source.name}"))
        elif path.is_dir():
            entries = sorted(p for p in path.iterdir() if p.is_dir() or p.suffix.lower() in SUFFIXES)
            found += discover([p for p in entries if not p.is_dir() or (p / "meta.yaml").exists()])
        else:
            found.append((path.stem, path, path.name))
    return found


def cmd_compile(args) -> int:
    """`ereje compile PATH... --out DIR`: one JSON per decree; a bad file does not stop the rest."""
    items = discover(args.paths)
    args.out.mkdir(parents=True, exist_ok=True)
    failed = 0
    with Progress(console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("compiling", total=len(items))
        for doc_id, source, display in items:
            try:
                doc = parse_file(source, doc_id, display)
            except InputError as exc:
                err.print(exc.render(), markup=False)
                failed += 1
            else:
                data = json.dumps(document_data(doc), ensure_ascii=False, indent=1)
                (args.out / f"{doc_id}.json").write_text(data + "\n", encoding="utf-8")
            progress.advance(task)
    err.print(f"compiled {len(items) - failed} of {len(items)} into {args.out}", markup=False)
    return 2 if failed else 0


def cmd_summary(args) -> int:
    """`ereje summary DIR`: one line per compiled decree."""
    table = Table(title="Compiled decrees")
    for col in ("id", "lang", "format", "appendices", "chapters", "clauses", "sub-points",
                "tables", "warnings"):
        table.add_column(col)
    for path in sorted(args.folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        n = data["stats"]["nodes"]
        warnings = sum(1 for d in data["diagnostics"] if d["severity"] != "info")
        table.add_row(data["id"], str(data["lang"]), data["format"], str(n.get("appendix", 0)),
                      str(n.get("chapter", 0)), str(n.get("clause", 0)),
                      str(n.get("subpoint", 0)), str(n.get("table", 0)), str(warnings))
    out.print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
