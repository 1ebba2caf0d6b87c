"""The pipeline: file -> Document -> facts -> ruleset -> act, and the corpus they come from.

Every command that turns a file into a ruleset or an act goes through here; the stages below
(compile, facts, rules, amend) know nothing of files found on disk, and amend is given its
documents and the function that turns a document into a ruleset.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import yaml
from pydantic import ValidationError

from .amend.model import ActMeta, Instruction
from .amend.works import Act, Reader, Works, read_act
from .compile import parse_file
from .errors import InputError
from .export import document_data
from .facts import extract
from .facts.model import FactSet, plain
from .ingest import SUFFIXES
from .model import Document
from .output import check_id, write_atomic
from .resources import CORPUS, GRAMMAR
from .rules.build import build
from .rules.model import Ruleset

Item = tuple[str, Path, str]  # (id, source file, display name)


@dataclass(frozen=True)
class Compiled:
    """One decree through every stage: its document, facts, ruleset and act."""

    doc: Document
    facts: FactSet
    ruleset: Ruleset
    meta: ActMeta
    instructions: list[Instruction]

    @property
    def act(self) -> Act:
        """The decree as an act of a corpus (for Works)."""
        return Act(self.doc, self.meta, list(self.instructions))


def ruleset_of(doc: Document, facts: FactSet | None = None) -> Ruleset:
    """A document's ruleset (its facts extracted when not given)."""
    facts = facts if facts is not None else extract(doc)
    return build(doc.id, doc.lang, facts, doc)


def compile_document(doc: Document) -> Compiled:
    """A parsed document through facts, ruleset and act."""
    facts = extract(doc)
    meta, instructions = read_act(doc, facts)
    return Compiled(doc, facts, ruleset_of(doc, facts), meta, instructions)


def compile_file(source: Path, doc_id: str | None = None, display: str | None = None
                 ) -> Compiled:
    """A decree file through every stage; InputError for input that is not a decree."""
    return compile_document(parse_file(source, doc_id, display))


def discover(paths: list[Path], problems: list[InputError] | None = None) -> list[Item]:
    """(id, source file, display name) for files, folders and corpus entries (meta.yaml).
    An entry that cannot be used (a damaged meta.yaml, an id that is not a name) is
    appended to `problems` when it is given, else raised."""
    found: list[Item] = []
    for path in paths:
        try:
            found += _discover_one(path, problems)
        except InputError as exc:
            if problems is None:
                raise
            problems.append(exc)
    return found


def _discover_one(path: Path, problems) -> list[Item]:
    """The items one path names (see discover)."""
    if path.is_dir() and (path / "meta.yaml").exists():
        return [_entry(path)]
    if path.is_dir():
        entries = sorted(p for p in path.iterdir() if p.is_dir() or p.suffix.lower() in SUFFIXES)
        return discover([p for p in entries if not p.is_dir() or (p / "meta.yaml").exists()],
                        problems)
    if not path.exists():
        raise InputError(str(path), "no such file or folder")
    return [(check_id(path.stem, str(path)), path, path.name)]


def _entry(path: Path) -> Item:
    """A corpus entry's id, source file and display name, from its meta.yaml."""
    where = f"{path.name}/meta.yaml"
    try:
        meta = yaml.safe_load((path / "meta.yaml").read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(where, f"cannot read: {str(exc).splitlines()[0][:200]}") from None
    if not isinstance(meta, dict):
        raise InputError(where, "meta.yaml is a mapping (id:, source:, language:, origin:)")
    name = str(meta.get("source", "source.txt"))
    if Path(name).name != name or name in ("", ".", ".."):
        raise InputError(where, f"source {name!r} is not a file name in the entry's folder")
    source = path / name
    return check_id(str(meta.get("id", path.name)), where), source, f"{path.name}/{source.name}"


def unique(items: list[Item]) -> tuple[list[Item], list[InputError]]:
    """The items whose ids no earlier item has; the others as errors naming both sources."""
    first: dict[str, Path] = {}
    kept, clashes = [], []
    for doc_id, source, display in items:
        if doc_id in first:
            clashes.append(InputError(str(source), f"id {doc_id!r} is also that of "
                                      f"{first[doc_id]}; both would write {doc_id}.json "
                                      "(give each a meta.yaml id, or rename one)"))
            continue
        first[doc_id] = source
        kept.append((doc_id, source, display))
    return kept, clashes


class Corpus:
    """A set of decrees (corpus entries, files, folders) read once: their acts and works."""

    def __init__(self, paths: list[Path] | None = None, read: Reader = read_act):
        self.paths = list(paths) if paths else [CORPUS]
        self.read = read  # a document -> its act metadata and amendment instructions

    def items(self) -> list[Item]:
        """The decrees of the corpus (see discover)."""
        return discover(self.paths)

    @cached_property
    def works(self) -> Works:
        """The works of the corpus and their versions, every act parsed once."""
        acts = []
        for doc_id, source, display in self.items():
            doc = parse_file(source, doc_id, display)
            meta, instructions = self.read(doc)
            acts.append(Act(doc, meta, list(instructions)))
        return Works(acts, ruleset_of)

    def timeline(self, work_key: str):
        """The versions of a work of the corpus."""
        return self.works.timeline(work_key)

    def ruleset_as_of(self, ref: str, day: dt.date) -> Ruleset:
        """The ruleset of a work (corpus id or act key) as in force on `day`."""
        return self.works.ruleset_as_of(ref, day)


@cache
def corpus() -> Corpus:
    """The project's own corpus/, read once per process."""
    return Corpus()


# ---------------------------------------------------------------- compiling many decrees

BUILD_FILE = ".ereje-build"  # in an output folder: each decree's build key and act, for reuse (JSON)


@dataclass(frozen=True)
class Output:
    """One decree compiled for writing: its JSON text and its act as plain data, or the
    one-line error that stopped it. `compiled` is kept when it was made in this process."""

    id: str
    key: str
    text: str | None = None
    act: dict | None = None
    error: str | None = None
    compiled: Compiled | None = None


def compiled_data(c: Compiled) -> dict:
    """A decree as written to generated/<id>.json: document, facts, ruleset, act."""
    data = document_data(c.doc, c.facts)
    data["ruleset"] = plain(c.ruleset.model_dump())
    data["act"] = act_data(c.meta, c.instructions)
    return data


def act_data(meta: ActMeta, instructions) -> dict:
    """An act's metadata, relations and amendment instructions as plain data."""
    return {"meta": meta.model_dump(mode="json"),
            "instructions": [i.model_dump(mode="json", exclude={"new_text"})
                             for i in instructions]}


def _act_record(c: Compiled) -> dict:
    """An act whole (the new texts included), to be read back by act_from_record."""
    return {"meta": c.meta.model_dump(mode="json"),
            "instructions": [i.model_dump(mode="json") for i in c.instructions]}


def act_from_record(doc: Document, record: dict) -> Act:
    """An act from its document and the record _act_record made of it."""
    return Act(doc, ActMeta.model_validate(record["meta"]),
               [Instruction.model_validate(i) for i in record["instructions"]])


def compile_output(item: Item, key: str, keep: bool = True) -> Output:
    """One decree compiled into its JSON text (a worker's job in `ereje compile --jobs`)."""
    doc_id, source, display = item
    try:
        c = compile_file(source, doc_id, display)
    except InputError as exc:
        return Output(doc_id, key, error=exc.render())
    text = json.dumps(compiled_data(c), ensure_ascii=False, indent=1) + "\n"
    return Output(doc_id, key, text, _act_record(c), compiled=c if keep else None)


def _compile_worker(job: tuple[Item, str]) -> Output:
    """compile_output in a worker process: the document stays there (the parent re-reads
    it only if the decree's act is needed)."""
    return compile_output(*job, keep=False)


def compile_many(items: list[Item], jobs: int, keys: dict[str, str]) -> Iterator[Output]:
    """Every item compiled, in the order given, across `jobs` processes."""
    if jobs <= 1 or len(items) <= 1:
        yield from (compile_output(item, keys[item[0]]) for item in items)
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(items))) as pool:
        yield from pool.map(_compile_worker, [(item, keys[item[0]]) for item in items])


@cache
def code_version() -> str:
    """A hash of the compiler itself: its code and its grammars and word tables."""
    digest = hashlib.sha256()
    for base in (Path(__file__).resolve().parent, GRAMMAR):
        for path in sorted(p for p in base.rglob("*") if p.is_file()
                           and p.suffix in (".py", ".lark", ".yaml", ".yml")):
            digest.update(path.relative_to(base).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def build_key(item: Item) -> str:
    """What a decree's output depends on: its id, name, source bytes and the compiler."""
    doc_id, source, display = item
    digest = hashlib.sha256(f"{doc_id}\0{display}\0{code_version()}\0".encode())
    try:
        digest.update(source.read_bytes())
    except OSError:
        return ""  # unreadable: never reused; compiling it reports why
    return digest.hexdigest()


@dataclass
class BuildCache:
    """What the last runs into an output folder built: per decree its build key and act (so
    an unchanged decree is not compiled again), and the key of the shared files."""

    entries: dict[str, dict] = field(default_factory=dict)
    shared: dict = field(default_factory=dict)
    reused: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, folder: Path) -> BuildCache:
        """The cache of a folder; empty when there is none or it cannot be used."""
        try:
            data = json.loads((folder / BUILD_FILE).read_text(encoding="utf-8"))
            entries = {str(k): _checked(v) for k, v in data["decrees"].items()}
            shared = dict(data.get("shared") or {})
        except (OSError, ValueError, KeyError, TypeError, AttributeError, ValidationError):
            return cls()
        return cls(entries, shared)

    def current(self, doc_id: str, key: str, folder: Path) -> bool:
        """Whether a decree's output in `folder` was built from the same key (then reused)."""
        entry = self.entries.get(doc_id)
        ok = bool(key) and entry is not None and entry["key"] == key and \
            (folder / f"{doc_id}.json").is_file()
        if ok:
            self.reused.append(doc_id)
        return ok

    def remember(self, doc_id: str, key: str, act: dict) -> None:
        self.entries[doc_id] = {"key": key, "act": act}

    def forget(self, doc_id: str) -> None:
        self.entries.pop(doc_id, None)

    def shared_key(self, ids: list[str]) -> str:
        """The key of the consolidated versions and schema: the compiler and every decree's."""
        text = "\0".join([code_version()] + [f"{i}={self.entries.get(i, {}).get('key')}"
                                             for i in ids])
        return hashlib.sha256(text.encode()).hexdigest()

    def write(self, folder: Path) -> None:
        """Store the cache in the folder (not a compiled decree: `*.json` does not match it)."""
        data = {"decrees": dict(sorted(self.entries.items())), "shared": self.shared}
        write_atomic(folder / BUILD_FILE, json.dumps(data, ensure_ascii=False) + "\n")


def _checked(entry) -> dict:
    """A cache entry whose act reads back (else ValidationError/KeyError/TypeError)."""
    ActMeta.model_validate(entry["act"]["meta"])
    for i in entry["act"]["instructions"]:
        Instruction.model_validate(i)
    return {"key": str(entry["key"]), "act": entry["act"]}
