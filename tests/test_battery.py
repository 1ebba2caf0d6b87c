"""Every command on a battery of bad inputs (tests/battery.yaml): the exit code each must
give, one line in the user's terms, never a traceback, and memory under 1 GB — each row in
its own process under a 1 GB address-space limit. `python tests/test_battery.py [COMMAND...]`
prints the table of inputs, exit codes and peak memory (of every row, or those commands')."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ROWS = yaml.safe_load((Path(__file__).parent / "battery.yaml").read_text(encoding="utf-8"))
GB = 1 << 30


def _docx(path: Path, paragraphs: int, size: int) -> None:
    """A DOCX whose document.xml holds `paragraphs` paragraphs of `size` letters each."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/'
                       b'wordprocessingml/2006/main"><w:body>')
            chunk = b"a" * min(size, 1 << 24)
            for _ in range(paragraphs):
                part.write(b"<w:p><w:r><w:t>")
                for _ in range(size // len(chunk)):
                    part.write(chunk)
                part.write(b"</w:t></w:r></w:p>")
            part.write(b"</w:body></w:document>")


def _pdf(path: Path, count: int) -> None:
    """A one-page PDF whose page tree declares `count` pages."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % count,
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for k, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (k, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    path.write_bytes(bytes(out))


def _repeat(path: Path, text: str, chars: int, head: str = "", tail: str = "") -> None:
    body = text * (chars // len(text) + 1)
    path.write_text(head + body[:chars] + tail, encoding="utf-8")


def _make(path: Path, spec) -> None:
    """One input file of a row (see battery.yaml's header)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(spec, str):
        path.write_text(spec, encoding="utf-8")
    elif "copy" in spec:
        path.write_bytes((ROOT / spec["copy"]).read_bytes())
    elif "build" not in spec:
        path.write_bytes(spec["text"].encode(spec.get("encoding", "utf-8")))
    elif spec["build"] == "docx":
        _docx(path, spec["paragraphs"], spec["size"])
    elif spec["build"] == "pdf":
        _pdf(path, spec["count"])
    elif spec["build"] == "repeat":
        _repeat(path, spec["text"], spec["chars"], spec.get("head", ""), spec.get("tail", ""))
    else:
        path.write_bytes(bytes.fromhex(spec["hex"]))


def serve() -> None:
    """The runner: import the command once, then for each request on stdin (a JSON line:
    args, folder, address-space limit) fork a child that runs it with that limit, its output
    in folder/.stdout and .stderr, the packages it imported in folder/.modules; answer a
    JSON line: exit code, peak resident memory."""
    import json
    import traceback

    from parser.cli import main

    for line in sys.stdin:
        job = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = 3
            try:
                if job["limit"]:
                    resource.setrlimit(resource.RLIMIT_AS, (job["limit"], job["limit"]))
                for fd, name in ((1, ".stdout"), (2, ".stderr")):
                    os.dup2(os.open(Path(job["folder"]) / name,
                                    os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
                code = main(job["args"])
            except SystemExit as exc:  # argparse's usage errors
                code = exc.code
            except BaseException:  # noqa: BLE001 - shown to the test as a traceback
                traceback.print_exc()
            finally:
                sys.stdout.flush(), sys.stderr.flush()
                (Path(job["folder"]) / ".modules").write_text(
                    "\n".join(sorted({m.partition(".")[0] for m in sys.modules})))
                os._exit(code if isinstance(code, int) else 3)
        _, status, usage = os.wait4(pid, 0)
        print(json.dumps({"exit": os.waitstatus_to_exitcode(status),
                          "peak_mb": usage.ru_maxrss // 1024}), flush=True)


class Runner:
    """A runner process (serve) and the rows sent to it."""

    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, __file__, "--serve"], cwd=ROOT,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                     env={**os.environ, "PYTHONPATH": str(ROOT)})

    def run(self, row: dict, folder: Path) -> dict:
        """Build a row's files and run its command; exit code, output, peak memory (MB),
        seconds and the address-space limit."""
        import json

        for name, spec in (row.get("files") or {}).items():
            _make(folder / name, spec)
        args = [a.format(dir=folder, root=ROOT) for a in row["run"]]
        limit = None if row.get("limit") == "none" else GB
        started = time.monotonic()
        self.proc.stdin.write(json.dumps({"args": args, "folder": str(folder),
                                          "limit": limit}) + "\n")
        self.proc.stdin.flush()
        got = json.loads(self.proc.stdout.readline())
        got.update(stdout=(folder / ".stdout").read_text("utf-8", "replace"),
                   stderr=(folder / ".stderr").read_text("utf-8", "replace"),
                   modules=set((folder / ".modules").read_text().split()),
                   seconds=time.monotonic() - started, limit="1 GB" if limit else "none")
        return got

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


@pytest.fixture(scope="module")
def runner():
    one = Runner()
    yield one
    one.close()


def _said(row: dict) -> list[str]:
    said = row.get("say") or []
    return [str(s) for s in ([said] if isinstance(said, str) else said)]


@pytest.mark.parametrize("row", ROWS, ids=[r["name"] for r in ROWS])
def test_battery_row(row, tmp_path, runner):
    got = runner.run(row, tmp_path)
    shown = got["stdout"] + got["stderr"]
    assert "Traceback" not in shown and "internal error" not in shown, shown[-2000:]
    assert got["exit"] == row["exit"], shown[-2000:]
    for words in _said(row):
        assert words.lower() in shown.lower(), (words, shown[-2000:])
    for words in row.get("not") or []:
        assert words not in shown
    if row["exit"] == 2:
        errors = [line for line in got["stderr"].splitlines() if ": error: " in line]
        assert errors, got["stderr"]
        assert all(len(line) <= row.get("short", 1000) for line in errors)
    for name in row.get("present") or []:
        assert (tmp_path / name).is_file(), name
    for name in row.get("missing") or []:
        assert not (tmp_path / name).exists(), name
    assert got["peak_mb"] < 1024
    assert not got["modules"] & set(row.get("unloaded") or []), got["modules"]


def table(commands: list[str]) -> None:
    """Print the battery's table (the rows of `commands`, or all): input, command, exit
    code, peak memory."""
    import tempfile

    one = Runner()
    print("| input | command | exit (expected) | peak RSS | address-space limit |")
    print("|---|---|---|---|---|")
    for row in ROWS:
        if commands and row["run"][0] not in commands:
            continue
        with tempfile.TemporaryDirectory() as folder:
            got = one.run(row, Path(folder))
        print(f"| {row['name']} | `ereje {row['run'][0]}` | {got['exit']} ({row['exit']}) | "
              f"{got['peak_mb']} MB | {got['limit']} |", flush=True)
    one.close()


if __name__ == "__main__":
    serve() if sys.argv[1:] == ["--serve"] else table(sys.argv[1:])
