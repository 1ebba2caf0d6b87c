"""`make bench`: text->tree throughput over the corpus, and the PDF path against pdfplumber.

Every figure is measured in this run next to a reference measured in the same run:
- text->tree (normalize + grammar + numbering + frozen tree) against one regex pass that
  only classifies the lines (the least any line grammar must do);
- PDF -> tree and our PDF ingest against pdfplumber's own `extract_text` on the same files
  (the seeds rendered to PDF by the test renderer).
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from parser.compile import parse_file, parse_raw  # noqa: E402
from parser.ingest import read  # noqa: E402
from parser.structure import grammar  # noqa: E402
import timing  # noqa: E402

REPEAT = 5


def best_of(fn, repeat: int = REPEAT) -> float:
    """Fastest of `repeat` runs, in seconds."""
    return timing.best_of(fn, repeat)


def text_to_tree() -> None:
    raws = [read(p) for p in sorted(ROOT.glob("corpus/*/source.txt"))]
    size = sum(len(r.text.encode("utf-8")) for r in raws)
    grammar()
    ours = best_of(lambda: [parse_raw(r, "bench") for r in raws])
    line = re.compile(r"(?m)^\s*(?:\d+[.)]\s|\d+-тарау|Глава|Приложение|.*қосымша\s*$)")
    reference = best_of(lambda: [line.findall(r.text) for r in raws])
    print(f"text->tree   {size / ours / 1e6:6.2f} MB/s  ({size / 1e3:.0f} kB in {ours * 1e3:.0f} ms; "
          f"goal >= 2 MB/s)")
    print(f"  reference: one regex pass classifying lines {size / reference / 1e6:6.2f} MB/s; "
          f"ours takes {ours / reference:.1f}x its time")


def pdf_path() -> None:
    try:
        import pdfplumber
        from render import to_pdf
    except ImportError as exc:
        print(f"pdf          skipped: {exc}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = []
        for source in sorted(ROOT.glob("corpus/*/source.txt")):
            doc = parse_raw(read(source), source.parent.name)
            path = Path(tmp) / f"{source.parent.name}.pdf"
            to_pdf([b for b in doc.text.split("\n") if b], path)
            pdfs.append(path)

        def plumber():
            pages = 0
            for p in pdfs:
                with pdfplumber.open(p) as pdf:
                    for page in pdf.pages:
                        page.extract_text()
                        pages += 1
            return pages

        pages = plumber()
        reference = best_of(plumber, 3)
        ingest = best_of(lambda: [read(p) for p in pdfs], 3)
        full = best_of(lambda: [parse_file(p) for p in pdfs], 3)
    print(f"pdf          {pages} pages rendered from the corpus")
    print(f"  pdfplumber extract_text (reference) {pages / reference:7.1f} pages/s")
    print(f"  ereje PDF ingest (text+tables)      {pages / ingest:7.1f} pages/s  "
          f"= {ingest / reference:.2f}x the reference (goal <= 1.3x)")
    print(f"  ereje PDF -> tree                   {pages / full:7.1f} pages/s  "
          f"= {full / reference:.2f}x the reference")


if __name__ == "__main__":
    text_to_tree()
    pdf_path()
