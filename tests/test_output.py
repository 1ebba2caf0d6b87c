"""Safe, atomic output (parser/output.py): a failed write or Ctrl-C leaves only complete files
and a note of what was not refreshed; ids are names, never paths."""

from __future__ import annotations

import errno
import json

import pytest

from parser import output
from parser.cli import main
from parser.errors import InputError

from conftest import FIXTURES

SOURCES = {"kk": FIXTURES / "parity_kk.txt", "ru": FIXTURES / "parity_ru.txt"}


def _inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, source in SOURCES.items():
        (folder / f"{name}.txt").write_bytes(source.read_bytes())
    return folder


def _complete(folder) -> list[str]:
    """The JSON files of a folder, each checked to be whole."""
    names = []
    for path in sorted(folder.glob("*.json")):
        json.loads(path.read_text(encoding="utf-8"))
        names.append(path.name)
    return names


@pytest.mark.parametrize("doc_id", ["../../x", "sub/dir", "..", "", "/abs", "a\\b", "x" * 200])
def test_ids_that_are_paths_are_refused(doc_id):
    with pytest.raises(InputError, match="cannot name an output file"):
        output.check_id(doc_id, "meta.yaml")


@pytest.mark.parametrize("doc_id", ["karasu-akimat-2025-139", "Әдістеме_1.2", "методика-3"])
def test_ids_that_are_names_pass(doc_id):
    assert output.check_id(doc_id, "meta.yaml") == doc_id


def _fill_disk_at(monkeypatch, suffix: str):
    """Make the rename of a file ending in `suffix` fail as on a full disk; the real rename."""
    real = output.os.replace

    def full_disk(src, dst):
        if str(dst).endswith(suffix):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(output.os, "replace", full_disk)
    return real


def test_a_failed_write_leaves_old_files_whole_and_a_note(tmp_path, monkeypatch, capsys):
    source, out = _inputs(tmp_path), tmp_path / "out"
    assert main(["compile", str(source), "--out", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.glob("*.json")}
    real = _fill_disk_at(monkeypatch, "ru.json")
    assert main(["compile", str(source), "--out", str(out), "--no-incremental"]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert _complete(out) == ["kk.json", "ru.json"]
    assert (out / "ru.json").read_bytes() == before["ru.json"]  # the old one, untouched
    assert not list(out.glob(".*.tmp"))
    note = (out / output.NOTE).read_text(encoding="utf-8")
    assert "ru.json: kept from an earlier run (stale)" in note and "kk.json" not in note
    monkeypatch.setattr(output.os, "replace", real)
    assert main(["compile", str(source), "--out", str(out), "--no-incremental"]) == 0
    assert not (out / output.NOTE).exists()  # a full run removes the note


def test_ctrl_c_leaves_complete_files_and_a_note(tmp_path, monkeypatch, capsys):
    source, out = _inputs(tmp_path), tmp_path / "out"
    import parser.pipeline as pipeline

    real = pipeline.parse_file

    def interrupted(path, *args, **kwargs):
        if path.name == "ru.txt":
            raise KeyboardInterrupt
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "parse_file", interrupted)  # one process: --jobs 1
    assert main(["compile", str(source), "--out", str(out), "--jobs", "1"]) == 130
    assert _complete(out) == ["kk.json"]
    note = (out / output.NOTE).read_text(encoding="utf-8")
    assert "interrupted" in note and "ru.json: missing" in note
    assert "interrupted" in capsys.readouterr().err


def test_the_summary_lists_what_was_written_and_kept(tmp_path, capsys):
    source, out = _inputs(tmp_path), tmp_path / "out"
    assert main(["compile", str(source), "--out", str(out), "--no-incremental"]) == 0
    (source / "ru.txt").write_bytes(b"")  # now a bad input: its old output is kept
    assert main(["compile", str(source), "--out", str(out), "--no-incremental"]) == 2
    err = capsys.readouterr().err
    assert "wrote: kk.json" in err and "kept from an earlier run, not refreshed: ru.json" in err
    assert "ru.json: kept from an earlier run" in (out / output.NOTE).read_text("utf-8")


def test_two_sources_with_one_name_do_not_overwrite_each_other(tmp_path, capsys):
    for lang, source in SOURCES.items():
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "source.txt").write_bytes(source.read_bytes())
    out = tmp_path / "out"
    assert main(["compile", str(tmp_path / "kk" / "source.txt"),
                 str(tmp_path / "ru" / "source.txt"), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "kk/source.txt" in err and "ru/source.txt" in err
    assert "compiled 1 of 2" in err
    data = json.loads((out / "source.json").read_text(encoding="utf-8"))
    assert data["lang"] == "kk"  # the first keeps the name; the second is refused, not merged


def _site(folder) -> dict[str, bytes]:
    """Every file of a site folder by its path inside it."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_interrupted_report_leaves_complete_pages_and_a_note(tmp_path, monkeypatch,
                                                                capsys):
    source, site = _inputs(tmp_path), tmp_path / "site"
    from parser.report import site as pages

    real = pages._decree_page

    def interrupted(c, *args, **kwargs):
        if c.doc.id == "ru":
            raise KeyboardInterrupt
        return real(c, *args, **kwargs)

    monkeypatch.setattr(pages, "_decree_page", interrupted)
    assert main(["report", str(source), "--out", str(site)]) == 130
    written = _site(site)
    assert "kk.html" in written and written["kk.html"].rstrip().endswith(b"</html>")
    assert not {"ru.html", "compare.html", "index.html"} & set(written)
    assert not [name for name in written if name.endswith(".tmp")]
    note = written[output.NOTE].decode("utf-8")
    assert "interrupted" in note
    assert all(f"{name}: missing" in note for name in ("ru.html", "compare.html", "index.html"))
    assert "interrupted" in capsys.readouterr().err


def test_a_failed_report_write_keeps_the_old_page_and_says_so(tmp_path, monkeypatch, capsys):
    source, site = _inputs(tmp_path), tmp_path / "site"
    assert main(["report", str(source), "--out", str(site)]) == 0
    before = _site(site)
    assert output.NOTE not in before
    capsys.readouterr()
    real = _fill_disk_at(monkeypatch, "compare.html")
    assert main(["report", str(source), "--out", str(site)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "error: cannot write: No space left on device" in lines[0]
    after = _site(site)
    assert after["compare.html"] == before["compare.html"]
    assert not [name for name in after if name.endswith(".tmp")]
    note = after[output.NOTE].decode("utf-8")
    assert "compare.html: kept from an earlier run (stale)" in note
    assert "index.html: kept from an earlier run (stale)" in note and "kk.html" not in note


@pytest.mark.parametrize("flag", ["--csv", "--xlsx"])
def test_a_failed_compare_write_keeps_the_old_table(tmp_path, monkeypatch, capsys, flag):
    table = tmp_path / f"matrix.{flag[2:]}"
    args = ["compare", str(SOURCES["kk"]), str(SOURCES["ru"]), flag, str(table)]
    assert main(args) == 0
    before = table.read_bytes()
    monkeypatch.setattr(output.os, "replace", lambda src, dst: (_ for _ in ()).throw(
        OSError(errno.ENOSPC, "No space left on device")))
    assert main(args) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert table.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [table.name]
