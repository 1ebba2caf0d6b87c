"""The word tables' compiled regexes and parsed YAML kept between runs (parser/regexes.py,
parser/resources.py): what is read back behaves as what was compiled or parsed, a changed
table is read anew, and a damaged cache file is never trusted."""

from __future__ import annotations

import datetime as dt
import marshal
import os
import re
import subprocess
import sys

import pytest

from parser import regexes, resources

from conftest import CORPUS, ROOT

KK_DECREE = CORPUS / "karasu-akimat-2025-139" / "source.txt"  # seed 000 (kk)
RU_DECREE = CORPUS / "zhanakorgan-akimat-2026-10" / "source.txt"  # seed 003 (ru)


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """A cache folder of its own, and regexes.py's memory of it emptied before and after."""
    monkeypatch.setenv("EREJE_CACHE", str(tmp_path / "cache"))
    _forget()
    yield tmp_path / "cache"
    _forget()


def _forget() -> None:
    regexes._programs = None
    regexes._new.clear()


def _facts(decree, cache) -> subprocess.CompletedProcess:
    """`ereje facts DECREE --json` in a new process with its own cache folder."""
    env_cache = "" if cache is None else str(cache)
    return subprocess.run([sys.executable, "-m", "parser.cli", "facts", str(decree), "--json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "EREJE_CACHE": env_cache})


def _kept(cache) -> dict:
    """The programs a run left in the cache folder."""
    files = list(cache.glob("regex-*.marshal"))
    assert len(files) == 1, files
    return marshal.loads(files[0].read_bytes())


@pytest.mark.parametrize("decree", [KK_DECREE, RU_DECREE], ids=["kk", "ru"])
def test_facts_read_with_kept_regexes_and_tables_are_the_facts_read_without(decree, tmp_path):
    cache = tmp_path / "cache"
    cold = _facts(decree, cache)
    warm = _facts(decree, cache)  # every pattern and table now read back from the folder
    none = _facts(decree, None)  # EREJE_CACHE= : nothing kept, everything compiled
    assert cold.returncode == warm.returncode == none.returncode == 0, cold.stderr
    assert cold.stdout == warm.stdout == none.stdout
    assert len(_kept(cache)) > 100  # the lexicon's patterns, the word classes…
    assert any(cache.glob("tables/facts_meaning-*.marshal"))


@pytest.mark.parametrize("decree", [KK_DECREE, RU_DECREE], ids=["kk", "ru"])
def test_every_kept_program_matches_as_the_pattern_compiled_anew(decree, tmp_path, fresh):
    assert _facts(decree, fresh).returncode == 0
    programs = _kept(fresh)
    text = decree.read_text(encoding="utf-8")[:20000]
    for (pattern, flags) in programs:
        kept, anew = regexes.compile(pattern, flags), re.compile(pattern, flags)
        assert (kept.pattern, kept.flags, kept.groups, kept.groupindex) == \
            (anew.pattern, anew.flags, anew.groups, anew.groupindex)
        for sample in (text, text.lower()):
            assert [m.span() for m in kept.finditer(sample)] == \
                [m.span() for m in anew.finditer(sample)], pattern
    assert regexes._new == {}  # all of them were read back, none compiled here


def test_a_new_pattern_is_kept_at_exit_and_read_back(fresh):
    pattern = r"(?<!\w)бағала\w*|(?P<term>мерзім)|срок\w*"
    first = regexes.compile(pattern, re.IGNORECASE)
    regexes._save()
    _forget()
    second = regexes.compile(pattern, re.IGNORECASE)
    assert regexes._new == {}  # from the file
    for text in ("Бағалау мерзімі", "СРОКИ оценки", "бағалаушы"):
        assert [m.groupdict() for m in first.finditer(text)] == \
            [m.groupdict() for m in second.finditer(text)] != []


def test_a_damaged_cache_file_is_ignored_and_written_again(fresh):
    regexes.compile(r"оценк\w*")
    regexes._save()
    (path,) = fresh.glob("regex-*.marshal")
    path.write_bytes(b"\x00not marshal")
    _forget()
    assert regexes.compile(r"оценк\w*").findall("оценка оценки") == ["оценка", "оценки"]
    regexes._save()
    assert (r"оценк\w*", 0) in marshal.loads(path.read_bytes())


def test_a_program_the_engine_refuses_is_compiled_anew(fresh):
    regexes._programs = {(r"баға\w*", 0): (0, [1, 2, 3], 1, {})}  # not a valid program
    assert regexes.compile(r"баға\w*").findall("баға бағасы") == ["баға", "бағасы"]


def test_no_cache_folder_compiles_every_run(tmp_path, monkeypatch):
    monkeypatch.setenv("EREJE_CACHE", "")
    _forget()
    assert regexes.compile(r"срок\w*").findall("сроки") == ["сроки"]
    regexes._save()
    assert list(tmp_path.iterdir()) == []


def _table(folder, text: str):
    path = folder / "words.yaml"
    path.write_text(text, encoding="utf-8")
    resources.load_table.cache_clear()
    return path


def test_a_table_is_kept_and_read_anew_when_its_bytes_change(tmp_path, fresh):
    path = _table(tmp_path, "kk: [мерзім, бағалау]\nru: {срок: 3, оценка: 2.5}\n")
    first = resources.load_table(path)
    assert len(list((fresh / "tables").iterdir())) == 1
    path = _table(tmp_path, "kk: [мерзім, бағалау]\nru: {срок: 3, оценка: 2.5}\n")
    assert resources.load_table(path) == first == {"kk": ["мерзім", "бағалау"],
                                                   "ru": {"срок": 3, "оценка": 2.5}}
    path = _table(tmp_path, "kk: [мерзім]\nru: [срок]\n")  # edited: a new file, new data
    assert resources.load_table(path) == {"kk": ["мерзім"], "ru": ["срок"]}
    assert len(list((fresh / "tables").iterdir())) == 2
    resources.load_table.cache_clear()


def test_a_table_marshal_cannot_write_is_read_from_its_yaml(tmp_path, fresh):
    path = _table(tmp_path, "kk: {күні: 2024-01-10}\nru: {дата: 2024-01-10}\n")
    assert resources.load_table(path) == {"kk": {"күні": dt.date(2024, 1, 10)},
                                          "ru": {"дата": dt.date(2024, 1, 10)}}
    assert not (fresh / "tables").exists() or not any((fresh / "tables").iterdir())
    resources.load_table.cache_clear()
