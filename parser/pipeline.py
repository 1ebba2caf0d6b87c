"""The pipeline: file -> Document -> facts -> ruleset -> act, and the corpus they come from.

Every command that turns a file into a ruleset or an act goes through here; the stages below
(compile, facts, rules, amend) know nothing of files found on disk, and amend is given its
documents and the function that turns a document into a ruleset.
"""

from __future__ import annotations

import gc

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path

from pydantic import ValidationError

from .amend import refs
from .amend.meta import publication_of, publish
from .amend.model import ActMeta, Instruction, Publication
from .amend.works import Act, Reader, Works, read_act
from .compile import parse_file
from .errors import InputError
from .export import document_data
from .facts import extract
from .facts.model import FactSet, plain
from .model import Document
from .output import write_atomic
from .resources import CORPUS, GRAMMAR, cache_folder
from .rules.build import build
from .rules.model import Ruleset
from .sources import discover

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


def compile_document(doc: Document, publication: Publication | None = None,
                     corpus: dict[str, str] | None = None) -> Compiled:
    """A parsed document through facts, ruleset and act (dated by its publication, if known;
    `corpus`: act key -> corpus id, default refs.corpus_index())."""
    facts = extract(doc)
    meta, instructions = publish(*read_act(doc, facts, corpus), publication)
    return Compiled(doc, facts, ruleset_of(doc, facts), meta, list(instructions))


def compile_file(source: Path, doc_id: str | None = None, display: str | None = None,
                 publication: Publication | None = None,
                 corpus: dict[str, str] | None = None) -> Compiled:
    """A decree file through every stage; InputError for input that is not a decree."""
    return compile_document(parse_file(source, doc_id, display), publication, corpus)


class Corpus:
    """A set of decrees (corpus entries, files, folders) read once: their acts and works,
    each act dated by its publication: `published` (id -> date; `given_as` says where it was
    given) first, else its meta.yaml `published:`."""

    def __init__(self, paths: list[Path] | None = None, read: Reader = read_act,
                 published: dict[str, dt.date] | None = None, given_as: str = "--published"):
        self.paths = list(paths) if paths else [CORPUS]
        self.read = read  # a document -> its act metadata and amendment instructions
        self.published, self.given_as = published, given_as

    def items(self) -> list[Item]:
        """The decrees of the corpus (see discover)."""
        return discover(self.paths)

    @cached_property
    def works(self) -> Works:
        """The works of the corpus and their versions, every act parsed once."""
        acts = []
        for doc_id, source, display in self.items():
            doc = parse_file(source, doc_id, display)
            meta, instructions = publish(*self.read(doc), publication_of(
                source, doc_id, self.published, self.given_as))
            acts.append(Act(doc, meta, list(instructions)))
            # a reader's reference cycles (a PDF's pages and characters) go with their decree:
            # the commands run with the cyclic collector off (cli.collecting_less), and the
            # whole corpus's would outgrow a command's memory
            gc.collect()
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


def load(paths: list[Path] | None = None, read: Reader = read_act,
         published: dict[str, dt.date] | None = None, given_as: str = "--published") -> Works:
    """The works of corpus entries (default: every entry of corpus/); see Corpus."""
    return Corpus(paths, read, published, given_as).works


# ---------------------------------------------------------------- compiling many decrees

def build_file(folder: Path) -> Path | None:
    """Where the build cache of an output folder is kept (None: nowhere): in the user's cache
    folder, named by the folder's resolved path, so the output folder (generated/) holds only
    what was compiled."""
    base = cache_folder()
    if base is None:
        return None
    name = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:32]
    return base / "builds" / f"{name}.json"


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
    bug: bool = False  # the error is the compiler's, not the input's


def compiled_data(c: Compiled) -> dict:
    """A decree as written to generated/<id>.json: document, facts, ruleset, act."""
    data = document_data(c.doc, c.facts)
    data["ruleset"] = plain(c.ruleset.model_dump(exclude={"assumptions"}))
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


def act_from_record(doc: Document | Callable[[], Document], record: dict) -> Act:
    """An act from its document (or a function that reads it) and the record _act_record
    made of it."""
    return Act(doc, ActMeta.model_validate(record["meta"]),
               [Instruction.model_validate(i) for i in record["instructions"]])


@dataclass(frozen=True)
class Job:
    """One decree to compile: where it is, its build key, its publication (if known)."""

    item: Item
    key: str
    publication: Publication | None = None
    corpus: dict[str, str] | None = field(default=None, compare=False)  # act key -> corpus id


def compile_output(job: Job, keep: bool = True) -> Output:
    """One decree compiled into its JSON text (a worker's job in `ereje compile --jobs`)."""
    doc_id, source, display = job.item
    try:
        c = compile_file(source, doc_id, display, job.publication, job.corpus)
    except InputError as exc:
        return Output(doc_id, job.key, error=exc.render())
    except MemoryError:
        raise  # the limit the whole command reports (exit 2), not this decree's bug
    except Exception as exc:  # a bug: this decree fails with one line, the batch goes on
        if os.environ.get("EREJE_DEBUG"):
            raise
        return Output(doc_id, job.key, error=f"{display}: internal error: "
                      f"{type(exc).__name__}: {str(exc)[:200]} (a bug; EREJE_DEBUG=1 shows "
                      "the traceback)", bug=True)
    text = json.dumps(compiled_data(c), ensure_ascii=False, indent=1) + "\n"
    return Output(doc_id, job.key, text, _act_record(c), compiled=c if keep else None)


def _compile_worker(job: Job) -> Output:
    """compile_output in a worker process: the document stays there (the parent re-reads
    it only if the decree's act is needed)."""
    return compile_output(job, keep=False)


def compile_many(jobs_list: list[Job], jobs: int) -> Iterator[Output]:
    """Every job compiled, in the order given, across `jobs` processes. The corpus's index of
    acts (refs.corpus_index: every entry's issuing line) is read once, its entries shared out
    among the processes, and handed to each job."""
    if jobs <= 1 or len(jobs_list) <= 1:
        yield from (compile_output(job) for job in jobs_list)
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(jobs_list))) as pool:
        index = refs.index_of(pool.map(refs.readable_key, refs.corpus_entries()))
        yield from pool.map(_compile_worker, [replace(job, corpus=index) for job in jobs_list])


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


def build_key(item: Item, publication: Publication | None = None) -> str:
    """What a decree's output depends on: its id, name, publication, source bytes and the
    compiler."""
    doc_id, source, display = item
    dated = publication.model_dump_json() if publication is not None else ""
    digest = hashlib.sha256(f"{doc_id}\0{display}\0{dated}\0{code_version()}\0".encode())
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
        path = build_file(folder)
        if path is None:
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
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
        """Store the cache of an output folder (see build_file); nowhere when caching is off."""
        path = build_file(folder)
        if path is None:
            return
        data = {"decrees": dict(sorted(self.entries.items())), "shared": self.shared}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, json.dumps(data, ensure_ascii=False) + "\n")
        except OSError:
            pass  # a cache that cannot be kept only costs the next run its reuse


def _checked(entry) -> dict:
    """A cache entry whose act reads back (else ValidationError/KeyError/TypeError)."""
    ActMeta.model_validate(entry["act"]["meta"])
    for i in entry["act"]["instructions"]:
        Instruction.model_validate(i)
    return {"key": str(entry["key"]), "act": entry["act"]}
