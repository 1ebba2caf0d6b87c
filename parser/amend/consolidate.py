"""Amendment instructions applied to an act's text: the consolidated text, parsed, with the
act that last changed each node and the date it did (see docs/amend.md).

The consolidated text is the base's normalized text with each target's text replaced by the
new text (the amending act's own normalized text where its document is at hand, so tables and
line layout stay as the structure grammar reads them), parsed again by the structure parser.
The result is an ordinary Document: facts and rulesets are computed on it as on any decree.
Addresses stay those of the base: a new text that the parser would address differently
(appendix 4 written as a bare "4-қосымша") is re-addressed under its target address.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..blocks import is_row
from ..compile import parse_raw
from ..export import node_data
from ..model import Diagnostic, Document, Node, RawText, Value, as_tuples, value
from .instructions import locate as find
from .model import ActRef, Instruction

_LABEL = re.compile(r"\d+(?:-\d+)*[.)]\s*")
_QUOTES = "\"'«»“”„"
_CLOSING = re.compile(r"(?<=[\"»”]);?\.?$|;$")  # '…".' / '…";' closing an amending clause


@value
class Provenance(Value):
    """Who gave a node its current text, and from when."""

    act: str  # the key of the act that last changed the node (the base act for its own text)
    since: dt.date | None = None  # the day that text took effect (None: not known)
    # language -> act that changed only that language's text
    languages: dict[str, str] = field(default_factory=dict)


@value
class Consolidated(Value):
    """An act's text with its amendments applied."""

    work: str  # the base act's key
    base: str  # the base document's id
    document: Document  # the consolidated text, parsed; addresses are the base's
    provenance: dict[str, Provenance]  # address -> provenance, for every node
    applied: tuple[Instruction, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    def __post_init__(self) -> None:
        as_tuples(self, "applied", "diagnostics")


@dataclass
class _Range:
    """A stretch of the consolidated text that one instruction wrote."""

    start: int
    end: int
    provenance: Provenance
    address: str | None = None  # the address its first node takes (whole-node replace/insert)


def apply(base: Document, instructions: list[Instruction], sources: dict[str, Document],
          base_ref: ActRef | None = None, since: dt.date | None = None,
          doc_id: str | None = None) -> Consolidated:
    """Apply the instructions, in order of taking effect, to the base's text.

    `sources` maps an act key (or corpus id) to the Document whose normalized text an
    instruction's `new_source` span points into: the amending act, or for an editor's note
    the amended act's own current text. `base_ref` names the base act (default: the target of
    the instructions) and `since` the day its own text took effect.
    """
    work = base_ref.key if base_ref else (instructions[0].target_act.key if instructions
                                          else base.id)
    name = doc_id or base.id
    state = _State(base.text, [], {}, base.lang)
    doc = base
    applied: list[Instruction] = []
    notes: list[Diagnostic] = []
    for ins in sorted(instructions, key=_order):
        problem = state.step(doc, ins, sources)
        if problem:
            notes.append(Diagnostic(code="AMENDMENT_NOT_APPLIED", severity="error",
                                    address=ins.target, message=f"{ins.source_act.key} "
                                    f"({ins.source}): {ins.operation} {ins.target}: {problem}"))
            continue
        applied.append(ins)
        doc = state.document(name, base.path)
    own = Provenance(act=work, since=since)
    if doc.id != name:  # no instruction applied: the base's own text, under the asked name
        doc = doc.model_copy(update={"id": name})
    return Consolidated(work=work, base=base.id, document=doc,
                        provenance=state.provenance(doc, own), applied=tuple(applied),
                        diagnostics=tuple(notes))


def _order(ins: Instruction) -> tuple:
    """Instructions take effect in date order; undated ones in their act's date order."""
    day = ins.effective or ins.source_act.date or dt.date.min
    return (day, ins.source_act.key)


@dataclass
class _State:
    """The consolidated text as it is being written, with what wrote each stretch of it."""

    text: str
    ranges: list[_Range]
    marks: dict[str, dict[str, str]]  # address -> {language: act} for language-only changes
    lang: str | None

    def step(self, doc: Document, ins: Instruction, sources: dict[str, Document]) -> str:
        """Apply one instruction to the text; return why it could not be, or ""."""
        prov = Provenance(act=ins.source_act.key, since=ins.effective)
        found = locate(doc, ins.target)
        if ins.operation == "language_only":
            if found is None:
                return "no such node in the text"
            self.marks.setdefault(found[0].address, {})[ins.language or "?"] = ins.source_act.key
            return ""
        if ins.operation == "delete":
            if found is None:
                return "no such node in the text"
            start, end = deleted(doc, found[0])
            self.splice(start, min(end + 1, len(self.text)), "", None)
            return ""
        if ins.operation == "replace_words":
            return self.replace_words(doc, ins, found, prov)
        piece = new_text(ins, sources)
        if not piece:
            return "no new text"
        if found is None and ins.operation == "insert":  # an insert already in the text replaces
            place = insertion_point(doc, ins.target)
            if place is None:
                return "no place for it: neither its siblings nor its parent are in the text"
            at, address = place
            self.splice(at, at, "\n" + piece, _Range(at + 1, 0, prov, address))
            return ""
        if found is None:
            return "no such node in the text"
        node, own_text = found
        if own_text:
            start, end = node.head.start, node.head.end
            piece = labelled(piece, doc.text[start:end])
            self.splice(start, end, piece, _Range(start, 0, prov))
            return ""
        start, end = region(doc, node)
        if node.number is not None and node.kind in ("clause", "subpoint"):
            piece = labelled(piece, doc.text[start:end])
        self.splice(start, end, piece, _Range(start, 0, prov, node.address))
        return ""

    def replace_words(self, doc: Document, ins: Instruction, found, prov) -> str:
        """"слова «…» заменить словами «…»": the words, wherever they stand in the node's
        text (white space folded), replaced by the new words; the node (its own text and its
        parts) is then the amending act's."""
        if found is None:
            return "no such node in the text"
        if not ins.old_text or not ins.new_text:
            return "no words to replace"
        start, end = region(doc, found[0])
        words = re.compile(r"\s+".join(re.escape(w) for w in ins.old_text.split()))
        places = list(words.finditer(doc.text, start, end))
        if not places:
            return f"the words “{ins.old_text}” are not in the text"
        for m in reversed(places):  # from the end, so the earlier offsets stay true
            self.splice(m.start(), m.end(), ins.new_text, None)
        shift = len(places) * len(ins.new_text) - sum(m.end() - m.start() for m in places)
        self.ranges = sorted(self.ranges + [_Range(start, end + shift, prov)],
                             key=lambda r: r.start)
        return ""

    def splice(self, start: int, end: int, piece: str, written: _Range | None) -> None:
        """Replace text[start:end] by `piece`; the ranges after it move, those under it go."""
        shift = len(piece) - (end - start)
        kept = []
        for r in self.ranges:
            if r.start < start:
                kept.append(_Range(r.start, min(r.end, start), r.provenance, r.address))
            if r.end > end:
                kept.append(_Range(max(r.start, end) + shift, r.end + shift, r.provenance,
                                   r.address if r.start >= end else None))
        if written is not None:
            written.end = start + len(piece)
            kept.append(written)
        self.ranges = sorted(kept, key=lambda r: r.start)
        self.text = self.text[:start] + piece + self.text[end:]

    def document(self, doc_id: str, path: str) -> Document:
        """The text parsed, its written stretches re-addressed under their targets."""
        doc = parse_raw(RawText(path=path, format="html", text=layout(self.text)), doc_id)
        self.text = doc.text
        for r in self.ranges:
            if r.address is not None:
                doc = readdress(doc, r.start, r.end, r.address)
        return doc

    def provenance(self, doc: Document, own: Provenance) -> dict[str, Provenance]:
        """Every node's provenance: that of the stretch holding its own text."""
        out = {}
        for node in doc.nodes():
            span = node.head or node.span
            prov = next((r.provenance for r in self.ranges
                         if r.start <= span.start and span.end <= r.end), own)
            if node.address in self.marks:
                prov = prov.model_copy(update={"languages": dict(sorted(
                    self.marks[node.address].items()))})
            out[node.address] = prov
        return out


def layout(text: str) -> str:
    """Normalized text (one block a line, an empty line between two tables) laid out so that
    normalization reads it back unchanged: a blank line between blocks, a table's rows on
    adjacent lines, as the DOCX and HTML readers write them."""
    out: list[str] = []
    prev = ""
    for block in text.split("\n"):
        row = is_row(block)
        if block and out and not (row and prev == "row"):
            out.append("")
        out.append(block)
        prev = "row" if row else "text" if block else ""
    return "\n".join(out) + "\n"


def locate(doc: Document, target: str) -> tuple[Node, bool] | None:
    """The node an instruction's target names (instructions.locate), and whether it names
    only its own text (the first paragraph of a clause or sub-point is its own text)."""
    node = find(doc, target)
    if node is None:
        return None
    own = target.rsplit("/", 1)[-1] == "para1" and node.kind in ("clause", "subpoint")
    return node, own


def region(doc: Document, node: Node) -> tuple[int, int]:
    """The text a node takes, with the appendices that hang under it (app1/app2 under app1)."""
    inside = [n.span for n in doc.nodes()
              if n.address == node.address or n.address.startswith(node.address + "/")]
    return min(s.start for s in inside), max(s.end for s in inside)


def deleted(doc: Document, node: Node) -> tuple[int, int]:
    """The text a deletion takes: the node's region, except that the last sub-point of a list
    leaves the unnumbered paragraphs after it, which close its clause ("6. … не проводится: 1)
    …; 2) …; 3) … . Оценка служащего, отсутствовавшего …, проводится …" loses only "3) …")."""
    parent = next((n for n in doc.nodes() if node in n.children), None)
    later = parent is not None and any(k.kind == node.kind for k in
                                       parent.children[parent.children.index(node) + 1:])
    if node.kind != "subpoint" or later or not node.children \
            or any(k.kind != "paragraph" for k in node.children):
        return region(doc, node)
    return node.span.start, node.children[0].span.start - 1


def insertion_point(doc: Document, target: str) -> tuple[int, str] | None:
    """Where a new node goes, and the address it takes there: after the last sibling numbered
    before it, else before the first numbered after it, else at the end of its parent's own
    text. The parent is found as any target is (`app1` of `app1/p15-1`), its numbered units at
    any depth inside it, not in its appendices (the appendices hanging under it are the
    siblings of a new appendix): `app1/ch1/p15` is a sibling of `app1/p15-1`,
    so the new clause goes into clause 15's chapter as `app1/ch1/p15-1`, not after the
    methodology's last appendix."""
    parent, _, last = target.rpartition("/")
    kind = re.match(r"[a-z]+", last)
    number = _number(last[kind.end():]) if kind else None
    owner = find(doc, parent) if parent else None
    if kind is None or number is None or owner is None:
        return None
    hanging = [r for r in doc.roots if r.address.rpartition("/")[0] == owner.address]
    siblings = [(k, n) for n in [*_units(owner, kind.group()), *hanging]
                if n.address.rpartition("/")[2].startswith(kind.group())
                and (k := _number(n.address.rpartition("/")[2][kind.end():]))]
    before = [(k, n) for k, n in siblings if k < number]
    if before:
        node = max(before, key=lambda kn: kn[0])[1]
        return region(doc, node)[1], _beside(node, last)
    after = [(k, n) for k, n in siblings if k > number]
    if after:
        node = min(after, key=lambda kn: kn[0])[1]
        return max(region(doc, node)[0] - 1, 0), _beside(node, last)
    return owner.span.end, f"{owner.address}/{last}"


def _beside(node: Node, last: str) -> str:
    """The address of a unit `last` standing beside `node`, under the same parent."""
    return f"{node.address.rpartition('/')[0]}/{last}"


def _units(node: Node, prefix: str):
    """The units under a node whose address ends in `prefix` + a number (`p15`), at any depth
    through chapters and sections, not inside another such unit nor an appendix."""
    for kid in node.children:
        tail = kid.address.rpartition("/")[2]
        if tail.startswith(prefix) and _number(tail[len(prefix):]):
            yield kid
        elif kid.kind != "appendix":
            yield from _units(kid, prefix)


def _number(label: str) -> tuple[int, ...] | None:
    """"1-1" -> (1, 1); anything else -> None."""
    return tuple(int(p) for p in label.split("-")) if re.fullmatch(r"\d+(?:-\d+)*", label) \
        else None


def new_text(ins: Instruction, sources: dict[str, Document]) -> str:
    """The new text of an instruction: the span of its source document when at hand (its
    layout intact), else the text as the instruction carries it; outer quotes and the ";" or
    "." closing the amending clause dropped when they are there — a text read without its
    quotes keeps its own last ";" or "." (a sub-point's "…баға;", a clause's "…».")."""
    doc = sources.get(ins.source_act.key) or sources.get(ins.source_act.corpus_id or "")
    text = doc.text[ins.new_source[0]:ins.new_source[1]] if doc is not None and ins.new_source \
        else ins.new_text or ""
    text = text.strip()
    if text[:1] in _QUOTES:  # the block as the amending line writes it: '"12. …";'
        text = _CLOSING.sub("", text)
        if len(text) > 1 and text[-1] in _QUOTES:
            text = text[1:-1].strip()
    return text


def labelled(piece: str, old: str) -> str:
    """A clause's new text keeps the clause's number: the old label goes before a new text
    written without one."""
    label = _LABEL.match(old)
    return piece if label is None or _LABEL.match(piece) else label.group() + piece


def readdress(doc: Document, start: int, end: int, address: str) -> Document:
    """The nodes written in text[start:end] under `address`: the first node there takes it,
    and the nodes under that node take it as their address prefix."""
    top = next((n for n in doc.nodes() if start <= n.span.start and n.span.end <= end), None)
    if top is None or top.address == address:
        return doc
    old = top.address

    def move(node: Node) -> Node:
        inside = start <= node.span.start and node.span.end <= end
        renamed = address + node.address[len(old):] if inside and (
            node.address == old or node.address.startswith(old + "/")) else node.address
        return node.model_copy(update={"address": renamed,
                                       "children": tuple(move(c) for c in node.children)})

    return doc.model_copy(update={"roots": tuple(move(r) for r in doc.roots)})


def consolidated_data(c: Consolidated) -> dict:
    """The consolidated text as plain data for JSON: its tree with each node's provenance, the
    instructions applied and the diagnostics. Deterministic."""
    def node(n: Node) -> dict:
        return provenance(node_data(c.document, n))

    def provenance(data: dict) -> dict:
        """export.node_data's node, with which act last changed it and from when."""
        prov = c.provenance[data["address"]]
        data["changed_by"] = prov.act
        data["since"] = prov.since.isoformat() if prov.since else None
        if prov.languages:
            data["languages"] = prov.languages
        for child in data.get("children", ()):
            provenance(child)
        return data

    return {"work": c.work, "base": c.base, "lang": c.document.lang,
            "roots": [node(r) for r in c.document.roots],
            "applied": [i.model_dump(mode="json", exclude_none=True) for i in c.applied],
            "diagnostics": [d.model_dump(mode="json", exclude_none=True)
                            for d in c.diagnostics]}
