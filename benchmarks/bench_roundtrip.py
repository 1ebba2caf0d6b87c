"""Cross-format round trip, measured: every corpus decree rendered by each test renderer
(tests/render.py: the plain renderings; tests/layouts.py: the harder typeset and portal ones),
read back, and compared with its text source — is the tree the same (outline and table
cells, and the share of the source's nodes read back alike), and the facts' precision and
recall against the source's facts: all of them, and those the round-trip test compares (the
appendices whose tables are rebuilt from the source's line layout left out).

    python benchmarks/bench_roundtrip.py [--format F ...] [--decree ID ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from parser.compile import parse_file  # noqa: E402
from parser.errors import InputError  # noqa: E402

from test_roundtrip import RENDERERS, facts_of, flattened, outline, suffix, table_text  # noqa: E402
from conftest import corpus_entries  # noqa: E402


def agreement(a: list, b: list) -> tuple[float, float]:
    """Precision and recall of the multiset b against the multiset a."""
    common = sum((Counter(a) & Counter(b)).values())
    return (common / len(b) if b else float(not a)), (common / len(a) if a else 1.0)


def measure(doc, fmt: str, folder: Path) -> dict:
    """One decree rendered in one format and read back, against its text source."""
    path = folder / f"{doc.id}.{suffix(fmt)}"
    try:
        back = parse_file(RENDERERS[fmt](doc, path), doc.id)
    except InputError as exc:
        return {"tree": False, "nodes": 0.0, "all": (0.0, 0.0), "compared": (0.0, 0.0),
                "error": str(exc)}
    _, nodes = agreement(outline(doc) + table_text(doc), outline(back) + table_text(back))
    flat = flattened(doc)
    return {"tree": outline(back) == outline(doc) and table_text(back) == table_text(doc),
            "nodes": nodes, "all": agreement(facts_of(doc), facts_of(back)),
            "compared": agreement(facts_of(doc, flat), facts_of(back, flat))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--format", action="append", choices=sorted(RENDERERS))
    ap.add_argument("--decree", action="append")
    args = ap.parse_args(argv)
    formats = args.format or sorted(RENDERERS)
    print(f"{'decree':38} {'format':18} tree  nodes  facts P/R (all)  facts P/R (compared)")
    with tempfile.TemporaryDirectory() as tmp:
        for doc_id, source in corpus_entries():
            if args.decree and doc_id not in args.decree:
                continue
            doc = parse_file(source, doc_id)
            for fmt in formats:
                m = measure(doc, fmt, Path(tmp))
                print(f"{doc_id:38} {fmt:18} {'same' if m['tree'] else 'DIFF'}  "
                      f"{m['nodes']:.3f}  {m['all'][0]:.3f} {m['all'][1]:.3f}      "
                      f"{m['compared'][0]:.3f} {m['compared'][1]:.3f}"
                      + (f"  {m['error']}" if "error" in m else ""), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
