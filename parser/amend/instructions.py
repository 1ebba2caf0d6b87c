"""Amendment instructions read from an amending act, and `locate`, which finds an
instruction's target in the target act's tree (see docs/amend.md "Act metadata and amendment
instructions").

Two sources, Kazakh and Russian (the words are data: grammar/amend.yaml):

- an amending clause ("… шешіміне мынадай өзгерістер енгізілсін:", "Внести в решение …
  следующие изменения:") and its lines, one instruction each: what is changed (appendix,
  chapter, clause, sub-point, paragraph, in any word order), how (replace, insert, delete,
  language_only) and the new text: a quoted block after the line, or the amending act's own
  appendix ("осы шешімнің қосымшасына сәйкес", "согласно приложению к настоящему решению");
- an editor's note inside a consolidated text ("Ескерту. 17 тармақ жаңа редакцияда - … № 266
  қаулысымен"): the note's parent is the target, the act it names the amending act, and the
  new text the parent's own current text.

Target addresses are in the TARGET act's address space, built like parser/numbering.py: the
methodology is `app1`, its appendix N `app1/appN`, its clause N `app1/pN` (the chapter is
written only when the line names it, as clauses are numbered through the chapters; `locate`
finds `p12` anywhere under `app1`), sub-point `subN`, and the K-th paragraph of a clause or
sub-point `paraK` counted as the decree words it: `para1` is the unit's own opening text.
"""

from __future__ import annotations

import itertools
import re

from ..facts.model import FactSet
from ..model import Diagnostic, Document, Node, Span
from . import force, refs
from .model import ActRef, Instruction

UNIT_PREFIX = {"appendix": "app", "chapter": "ch", "clause": "p", "subpoint": "sub",
               "paragraph": "para"}
NUMBER_LIST = re.compile(r"\d+(?:-\d+)*")
LEADING_NUMBER = re.compile(r"^\s*\d+(?:-\d+)*\s*[.)]\s*")


def _w(name: str, lang: str) -> re.Pattern:
    """The pattern of a {kk, ru} entry of grammar/amend.yaml."""
    return refs.pattern(refs.words()[name][lang])


def _unread(message: str, address: str, start: int, end: int) -> Diagnostic:
    return Diagnostic(code="AMENDMENT_UNREAD", severity="warning", message=message,
                      span=Span(start=start, end=end), address=address)


# ---------------------------------------------------------------- one line

def operation(text: str, lang: str, table: str = "operations") -> str | None:
    """The operation a line states (the first entry of `table` found), or None."""
    for entry in refs.words()[table]:
        if any(refs.pattern(p).search(text) for p in entry[lang]):
            return entry["key"]
    return None


def changed_language(text: str, lang: str) -> str:
    """The language whose text a language_only line changes: the named language that is not
    the one just before "өзгермейді" / "не меняется"; by default the decree's other language."""
    other = "ru" if lang == "kk" else "kk"
    unchanged = _w("unchanged", lang).search(text)
    mentions = sorted((m.start(), code) for code, p in refs.words()["languages"][lang].items()
                      for m in refs.pattern(p).finditer(text))
    if unchanged is None or not mentions:
        return other
    before = [code for at, code in mentions if at < unchanged.start()]
    still = before[-1] if before else mentions[0][1]
    return "ru" if still == "kk" else "kk"


def _ordinal(word: str | None, lang: str) -> int | None:
    if not word:
        return None
    stems = refs.words()["ordinals"][lang]
    return next((k for k, s in enumerate(stems, 1) if refs.pattern("^" + s).match(word)), None)


def _units(text: str, lang: str) -> dict[str, list[str]]:
    """The units a line names, each kind with its numbers (first mention of each kind)."""
    found: dict[str, list[str]] = {}
    for kind, forms in refs.words()["units"].items():
        for m in refs.pattern(forms[lang]).finditer(text):
            if kind == "paragraph":
                k = _ordinal(m.groupdict().get("ord"), lang) or \
                    _ordinal(m.groupdict().get("ord2"), lang)
                numbers = [str(k)] if k else []
            else:
                numbers = NUMBER_LIST.findall(m["n"])
            if numbers:
                found[kind] = numbers
                break
    return found


def targets(text: str, lang: str, in_methodology: bool, op: str) -> list[str]:
    """The target addresses a line names (the own-appendix phrase already masked)."""
    units = _units(text, lang)
    methodology = in_methodology or bool(_w("methodology", lang).search(text))
    if not units:
        if _w("appendix_unnumbered", lang).search(text) or (methodology and op == "replace"):
            return ["app1"]
        return []
    root = "app1" if methodology else "main"
    if "appendix" in units:  # the methodology's appendix, else the decree's (a root)
        root = "app1" if methodology else ""
    kinds = [k for k in UNIT_PREFIX if k in units]
    out = []
    for numbers in itertools.product(*(units[k] for k in kinds)):
        parts = [root] if root else []
        out.append("/".join(parts + [UNIT_PREFIX[k] + n for k, n in zip(kinds, numbers)]))
    return out


# ---------------------------------------------------------------- the amending act's own appendices

class OwnAppendices:
    """The amending act's decree-level appendices, picked by number or, unnumbered, in the
    order the lines name them (the only one when there is one); one that is also the
    methodology's appendix N (`app1/app2`) is the act's appendix 1."""

    def __init__(self, doc: Document):
        self.doc = doc
        addresses = {r.address for r in doc.roots}
        self.roots = [r for r in doc.roots if r.kind == "appendix"
                      and r.address.split("/")[0] not in addresses - {r.address}]
        self.used = 0

    def span(self, number: str | None) -> tuple[int, int] | None:
        """The text range of the appendix (with the appendices nested under it)."""
        if number is not None:
            root = next((r for r in self.roots if r.address.split("/")[0] == f"app{number}"),
                        None) or next((r for r in self.roots if r.number == number), None)
        elif len(self.roots) == 1:
            root = self.roots[0]
        else:
            root = self.roots[self.used] if self.used < len(self.roots) else None
            self.used += 1
        if root is None:
            return None
        end = max(r.span.end for r in self.doc.roots
                  if r.address == root.address or r.address.startswith(root.address + "/"))
        return root.span.start, end


def _own_appendix(text: str, lang: str) -> tuple[re.Match | None, str]:
    """The own-appendix phrase of a line ("осы шешімнің қосымшасына сәйкес") and the line with
    it masked, so that its number is not read as a target."""
    m = _w("own_appendix", lang).search(text)
    with_word = refs.words()["own_appendix_with"][lang]
    if m is None or (with_word and not refs.pattern(with_word).search(text)):
        return None, text
    return m, text[:m.start()] + " " * (m.end() - m.start()) + text[m.end():]


# ---------------------------------------------------------------- amending clauses

def _lines(doc: Document, span: Span) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line of a span of the decree's text."""
    out, at = [], span.start
    for line in doc.text[span.start:span.end].split("\n"):
        if line.strip():
            out.append((at, at + len(line)))
        at += len(line) + 1
    return out


def _quoted(doc: Document, lines: list[tuple[int, int]], k: int) -> tuple[int, int, int]:
    """A new text quoted from line k on: (start, end) inside the quotes, and the index of the
    line after it. The block ends at the first line that closes a quote ('";', '».') where
    the guillemets opened since the block's own are closed ("«9. … «эффективно»; … »;"), else
    at the first line that closes a quote."""
    close = refs.pattern(refs.words()["quote_close"])
    opening = refs.pattern(r"^\s*" + refs.words()["quote_open"])
    start = lines[k][0] + opening.match(doc.text[lines[k][0]:lines[k][1]]).end()
    first = None
    for j in range(k, len(lines)):
        s, e = lines[j]
        m = close.search(doc.text[max(s, start):e])
        if m:
            end = max(s, start) + m.start()
            first = first or (start, end, j + 1)
            inner = doc.text[start:end]
            if inner.count("«") <= inner.count("»"):
                return start, end, j + 1
    return first or (start, lines[-1][1], len(lines))


def _target_act(doc: Document, facts: FactSet, clause: Node, lang: str,
                corpus: dict[str, str]) -> ActRef | None:
    """The act an amending clause amends: its `reference` fact with purpose amends, else the
    first act the clause names."""
    head = clause.head or clause.span
    named = refs.refs_in(doc.text[head.start:head.end], lang)
    keys = [f.fields["target"] for f in facts.facts if f.kind == "reference"
            and f.fields.get("purpose") == "amends"
            and (f.address == clause.address or f.address.startswith(clause.address + "/"))]
    ref = next((r for _, r in named if r.key in keys), None) or \
        (ActRef(key=keys[0]) if keys else None) or next((r for _, r in named), None)
    return refs.resolve(ref, corpus) if ref else None


class _Reader:
    """Reads the lines of one amending clause into instructions."""

    def __init__(self, doc, lang, own, make):
        """`make(address, op, language, new_span, source)` builds one Instruction."""
        self.doc, self.lang, self.own, self.make = doc, lang, own, make
        self.in_methodology = False
        self.found: list[Instruction] = []
        self.unread: list[Diagnostic] = []

    def read(self, clause: Node, lines: list[tuple[int, int]], first: int) -> None:
        """Read the clause's lines (the first from `first`, after the amending words'
        colon): each line with an operation and a target is an instruction, its new text the
        quoted block after it or the own appendix it names."""
        k = 0
        while k < len(lines):
            start, end = (first, lines[0][1]) if k == 0 else lines[k]
            text = self.doc.text[start:end]
            k += 1
            if not text.strip():
                continue
            number = LEADING_NUMBER.match(text) if k > 1 else None
            start += number.end() if number else 0
            text = self.doc.text[start:end]
            op = operation(text, self.lang)
            if op is None:
                self._no_operation(clause, text, start, end)
                continue
            own, masked = _own_appendix(text, self.lang)
            quoted = list(refs.pattern(refs.words()["quoted_words"]).finditer(masked))
            for q in quoted:  # the quoted words name no target
                masked = masked[:q.start()] + " " * (q.end() - q.start()) + masked[q.end():]
            addresses = targets(masked, self.lang, self.in_methodology, op)
            if not addresses:
                self.unread.append(_unread(f"an amendment whose target is not read: "
                                           f"{' '.join(text.split())[:80]}", clause.address,
                                           start, end))
                continue
            new = None
            if op in ("replace", "insert"):
                if own is not None:
                    new = self.own.span(own["n"])
                elif k < len(lines) and refs.pattern(
                        r"^\s*" + refs.words()["quote_open"]).match(
                        self.doc.text[lines[k][0]:lines[k][1]]):
                    s, e, k = _quoted(self.doc, lines, k)
                    new = (s, e)
                if new is None:
                    self.unread.append(_unread("an amendment without its new text",
                                               clause.address, start, end))
                    continue
            old = None
            if op == "replace_words":
                if len(quoted) < 2:
                    self.unread.append(_unread("a word replacement without its two quoted "
                                               "texts", clause.address, start, end))
                    continue
                old = quoted[0].group(1)
                new = (start + quoted[1].start(1), start + quoted[1].end(1))
            language = changed_language(text, self.lang) if op == "language_only" else None
            for address in addresses:
                self.found.append(self.make(address, op, language, new, clause.address, old))

    def _no_operation(self, clause: Node, text: str, start: int, end: int) -> None:
        """A line without an operation: a scope line naming the methodology ("…
        әдістемесінде:", "в Методике …:"), or, when it looks like an amendment, unread."""
        if _w("methodology", self.lang).search(text):
            self.in_methodology = True
        elif _w("amendment_like", self.lang).search(text):
            self.unread.append(_unread(f"an amendment that is not read: "
                                       f"{' '.join(text.split())[:80]}", clause.address,
                                       start, end))


def _amending_clauses(doc: Document, lang: str) -> list[tuple[Node, re.Match]]:
    """Clauses (or, in a fragment, paragraphs) of the first root that state amendments, with
    the amending words' match: the decree's own clauses, or a text without its decree frame
    read as a methodology (NO_DECREE_FRAME)."""
    if not doc.roots:
        return []
    out = []
    for node in doc.roots[0].children:
        if node.kind in ("clause", "paragraph"):
            head = node.head or node.span
            m = _w("amending", lang).search(doc.text[head.start:head.end])
            if m:
                out.append((node, m))
    return out


def _from_clauses(doc, facts, lang, corpus, source_act, effective):
    """Instructions of the amending clauses, and the lines that could not be read."""
    found, unread = [], []
    own = OwnAppendices(doc)
    for clause, m in _amending_clauses(doc, lang):
        target_act = _target_act(doc, facts, clause, lang, corpus)
        head = clause.head or clause.span
        if target_act is None:
            unread.append(_unread("an amending clause that names no act", clause.address,
                                  head.start, head.end))
            continue

        def make(address, op, language, new, source, old=None, target_act=target_act):
            return Instruction(source_act=source_act, target_act=target_act, target=address,
                               operation=op, language=language,
                               new_text=doc.text[new[0]:new[1]] if new else None,
                               old_text=old, new_source=new, effective=effective, source=source)

        lines = _lines(doc, clause.span)
        colon = doc.text.find(":", head.start + m.end(), lines[0][1])
        first = colon + 1 if colon >= 0 else head.start + m.end()
        reader = _Reader(doc, lang, own, make)
        reader.read(clause, lines, first)
        if not reader.found and not reader.unread:  # never dropped silently
            reader.unread.append(_unread("an amending clause whose instructions are not read",
                                         clause.address, head.start, head.end))
        found += reader.found
        unread += reader.unread
    return found, unread


# ---------------------------------------------------------------- editor's notes

def _own_text(doc: Document, node: Node) -> tuple[str, tuple[int, int]]:
    """A node's text without its editor's notes, and the range it spans."""
    pieces, at = [], node.span.start
    for note in (c for c in node.children if c.kind == "note"):
        pieces.append((at, note.span.start))
        at = note.span.end
    pieces.append((at, node.span.end))
    pieces = [(s, e) for s, e in pieces if doc.text[s:e].strip()]
    text = "\n".join(doc.text[s:e].strip() for s, e in pieces)
    return text, (pieces[0][0], pieces[-1][0] + len(doc.text[pieces[-1][0]:pieces[-1][1]].rstrip()))


def note_target(doc: Document, note: Node, parent: Node, lang: str) -> str | None:
    """The address an editor's note concerns: its parent; for a note at the act's level, the
    part it names (the title, or a clause, appendix … of `units`), or None (the whole act)."""
    if parent.address not in {r.address for r in doc.roots}:
        return parent.address
    if _w("note_title", lang).search(note.text):
        return next((c.address for c in parent.children if c.kind == "title"),
                    f"{parent.address}/title")
    named = targets(note.text, lang, parent.address != "main", "delete")
    return named[0] if named else None


def _from_notes(doc, lang, corpus, own_ref):
    """Instructions recorded by editor's notes: the act the note names changed the part the
    note concerns (`note_target`), whose current text is the new text."""
    found, unread = [], []
    parents = {c.address: n for n in doc.nodes() for c in n.children}
    for note in (n for n in doc.nodes() if n.kind == "note"):
        if not _w("note_opening", lang).search(note.text):
            continue
        parent = parents.get(note.address)
        target = note_target(doc, note, parent, lang) if parent is not None else None
        op = operation(note.text, lang, "note_operations")
        if op is None and target is not None and _w("note_repeal", lang).search(note.text):
            op = "delete"  # "Сноска. Пункт 3 утратил силу …": that clause, not the act
        if op is None:
            if _w("amendment_like", lang).search(note.text):
                unread.append(_unread("an editor's note of an amendment that is not read",
                                      note.address, note.span.start, note.span.end))
            continue
        named = refs.refs_in(doc.text[note.span.start:note.span.end], lang, note.span.start)
        if not named or parent is None:
            unread.append(_unread("an editor's note that names no amending act",
                                  note.address, note.span.start, note.span.end))
            continue
        node = locate(doc, target) if target else parent
        text, source = _own_text(doc, node) if op != "delete" and node else (None, None)
        found.append(Instruction(source_act=refs.resolve(named[0][1], corpus),
                                 target_act=own_ref, target=target or parent.address,
                                 operation=op, new_text=text, new_source=source,
                                 source=note.address))
    return found, unread


def instructions(doc: Document, facts: FactSet, corpus: dict[str, str] | None = None
                 ) -> tuple[list[Instruction], list[Diagnostic]]:
    """The amendment instructions an act states (amending clauses) or records (editor's
    notes), in document order, and an AMENDMENT_UNREAD diagnostic for every line that looks
    like an amendment but gives no instruction. `corpus`: act key -> corpus id."""
    corpus = refs.corpus_index() if corpus is None else corpus
    lang = refs.lang_of(doc)
    own_ref = refs.own_ref(doc, corpus)
    eif = force.entry_into_force(doc, facts)
    found, unread = _from_clauses(doc, facts, lang, corpus, own_ref, eif.date if eif else None)
    noted, unread_notes = _from_notes(doc, lang, corpus, own_ref)
    return found + noted, unread + unread_notes


# ---------------------------------------------------------------- locate

def _step(node: Node, segment: str) -> Node | None:
    """The node under `node` that the address segment names: a child with that address tail,
    else (a clause numbered through chapters, an appendix nested or not) the first descendant
    with it, not entering other appendices."""
    for kid in node.children:
        if kid.address.rpartition("/")[2] == segment:
            return kid
    for kid in node.children:
        if kid.kind != "appendix" and (found := _step(kid, segment)) is not None:
            return found
    return None


def _paragraph(node: Node, k: int) -> Node | None:
    """The K-th paragraph of a clause or sub-point as the decree words it: the first is the
    unit's own opening text (the unit itself), the next ones its `para` children."""
    if node.head is not None:
        if k == 1:
            return node
        k -= 1
    paras = [c for c in node.children if c.kind == "paragraph"]
    return paras[k - 1] if 0 < k <= len(paras) else None


def _root_prefix(segments: list[str], roots: dict) -> int:
    """How many leading segments name a root of the tree (0: none)."""
    return next((k for k in range(len(segments), 0, -1) if "/".join(segments[:k]) in roots), 0)


def locate(target_doc: Document, target: str) -> Node | None:
    """The node an instruction target names in the target act's tree, by its numbers: the
    root (`main`, `app1`, `app1/app4`, or `app4` when the methodology's appendices stand at
    the root; a target without a root is read inside the methodology, `app1`), then each
    segment under it at any depth (`app1/p12` finds `app1/ch2/p12`).
    `…/paraK` under a clause or sub-point is its K-th paragraph as worded (`para1`: the unit
    itself, whose own text is that paragraph; see `locate_span`)."""
    segments = target.split("/")
    roots = {r.address: r for r in target_doc.roots}
    nested = "/".join(segments[:2])
    if segments[1:2] and segments[1].startswith("app") and nested not in roots \
            and segments[1] in roots:  # "app1/app4": appendix 4 stands at the root (seed 001)
        segments = segments[1:]
    k = _root_prefix(segments, roots)
    if k == 0 and "app1" in roots and segments[0] != "app1":
        segments = ["app1", *segments]  # "app4", "p12": read inside the methodology
        k = _root_prefix(segments, roots)
    if k == 0:
        return None
    node = roots["/".join(segments[:k])]
    for segment in segments[k:]:
        para = re.fullmatch(r"para(\d+)", segment)
        if para and node.kind in ("clause", "subpoint"):
            node = _paragraph(node, int(para[1]))
        else:
            node = _step(node, segment)
        if node is None:
            return None
    return node


def locate_span(target_doc: Document, target: str) -> Span | None:
    """The text an instruction target concerns: the located node's span, or only its own
    text (`head`) for the first paragraph of a clause or sub-point."""
    node = locate(target_doc, target)
    if node is None:
        return None
    if target.rsplit("/", 1)[-1] == "para1" and node.kind in ("clause", "subpoint"):
        return node.head
    return node.span
