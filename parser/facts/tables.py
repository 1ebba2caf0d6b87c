"""Facts read by the tables reader: evaluation forms, 360 questionnaires and lookup tables.

A table is recognized by what its header cells say (grammar/tables.yaml), in either
language, never by its appendix number:

- a questionnaire (a number, a competency name and a question column) gives one
  `competency` fact per competency and the appendix's `form`;
- a range table (every data row a numeric range mapped to a number or range) gives a
  `lookup_table` with bounded rows;
- a form (a parameter name column and a score column) gives the appendix's `form`;
- a form (a parameter name column and a score column) gives the appendix's `form`; so does
  a score column split into sub-columns that name the parameters, and, in an appendix titled
  as an evaluation sheet, a blank list of items (only a header naming the item, "НМИ атауы");
- a points table (a key column and a points column) gives a `lookup_table` of keys.

A form leaves out what the decree's clauses say of it: the clauses that cite its appendix
("осы Әдістемеге 2-қосымшаға сәйкес нысан бойынша", "по форме согласно приложению 2") give
the score range of its parameters, who fills it in, and the formula that aggregates its
scores (read by the text reader). The sheet wins when the two disagree: FORM_CONFLICT.

A table recognized but not fully read gives an UNEXTRACTED warning naming what is missing.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache, cache

from ..model import Diagnostic, Document, Node, Span
from ..resources import GRAMMAR, load_table
from . import nlp, text
from .model import Fact, fold

WORDS = GRAMMAR / "tables.yaml"
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
LEADING_NUMBER = re.compile(r"^\s*(\d+)\s*[.)]?\s+(?=\S)")


@lru_cache(maxsize=1)
def words() -> dict:
    """The word table as loaded."""
    return load_table(WORDS)


@cache
def pattern(fragments: tuple[str, ...]) -> re.Pattern:
    """One case-insensitive regex for a list of word fragments."""
    return re.compile("|".join(f"(?:{f})" for f in fragments), re.IGNORECASE)


def says(text: str, fragments) -> bool:
    """Whether folded `text` contains any of the word fragments."""
    return bool(fragments) and bool(pattern(tuple(fragments)).search(fold(text)))


def clean(text: str) -> str:
    """Cell text folded, letter-spaced words rejoined ("Т и і м д і" -> "Тиімді"): a run of
    four or more one-letter tokens (three, "А и Б", can be words)."""
    out: list[str] = []
    run: list[str] = []
    for token in fold(text).split(" "):
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        out.extend(["".join(run)] if len(run) >= 4 else run)
        run = []
        out.append(token)
    out.extend(["".join(run)] if len(run) >= 4 else run)
    return " ".join(t for t in out if t)


def number(text: str) -> Decimal:
    """A decimal written with a comma or a point."""
    return Decimal(text.replace(",", "."))


def is_numeric(text: str) -> bool:
    """Whether a cell holds only a number or a range, with filler words ("5 балл")."""
    rest = pattern(tuple(words()["range_filler"])).sub(" ", fold(text))
    rest = NUMBER.sub(" ", rest)
    return bool(NUMBER.search(text)) and not re.sub(r"[\s\-–—*.,()]+", "", rest)


def bounds(text: str) -> dict | None:
    """A cell or header's range: {low, high, low_inclusive, high_inclusive}, or None.

    Two numbers are both-inclusive bounds ("95-99,99", "от 0 до 5", "1-ден 5 балға дейін");
    one number with an open-high word is a lower bound ("100 және одан жоғары"), with an
    open-low word an upper bound it excludes ("50-ден төмен"); one number alone is the single
    value [n, n].
    """
    found = [number(n) for n in NUMBER.findall(text)]
    if len(found) == 2:
        return {"low": found[0], "high": found[1], "low_inclusive": True, "high_inclusive": True}
    if len(found) == 1 and says(text, words()["open_high"]):
        return {"low": found[0], "high": None, "low_inclusive": True, "high_inclusive": None}
    if len(found) == 1 and says(text, words()["open_low"]):
        return {"low": None, "high": found[0], "low_inclusive": None, "high_inclusive": False}
    if len(found) == 1:
        return {"low": found[0], "high": found[0], "low_inclusive": True, "high_inclusive": True}
    return None


def rows(table: Node) -> list[Node]:
    """The table's rows."""
    return [r for r in table.children if r.kind == "row"]


def texts(row: Node) -> list[str]:
    """A row's cell texts."""
    return [c.text for c in row.children if c.kind == "cell"]


def roles(header: list[str]) -> dict[str, int]:
    """Column index of each role, the first column taking a role keeping it."""
    found: dict[str, int] = {}
    for index, text in enumerate(header):
        for role, fragments in words()["columns"].items():
            if says(text, fragments):
                found.setdefault(role, index)
                break
    return found


def to_fill(table: Node, found: dict[str, int]) -> dict[str, int]:
    """The roles with the score column chosen among the columns to fill in: of the score
    columns and the blank points columns ("Өзін-өзі бағалау", "Тікелей басшының бағасы (1 – 5
    балл)", "Баллы (от 1 до 5)"), the first whose header states the scale, else the first
    score column. A points column with values in it stays a table of points."""
    header = texts(rows(table)[0])
    filled = words()["columns"]

    def blank(index: int) -> bool:
        return not any(cell(texts(r), index).strip() for r in rows(table)[1:])

    candidates = [i for i, text in enumerate(header) if i not in
                  {found.get(r) for r in found if r not in ("score", "points")}
                  and (says(text, filled["score"]) or (says(text, filled["points"]) and blank(i)))]
    scaled = [i for i in candidates if len(NUMBER.findall(header[i])) == 2]
    chosen = (scaled or ([found["score"]] if "score" in found else candidates) or [None])[0]
    if chosen is None:
        return found
    out = {k: v for k, v in found.items() if k not in ("score", "points") or v != chosen}
    out.pop("score", None)
    out["score"] = chosen
    return out


def cell(values: list[str], index: int | None) -> str:
    """The text at a column, "" when the row is short or the column absent."""
    if index is None or index >= len(values):
        return ""
    return values[index]


def diagnostic(node: Node, message: str) -> Diagnostic:
    """An UNEXTRACTED warning about a recognized table."""
    return Diagnostic(code="UNEXTRACTED", severity="warning", message=message,
                      span=node.span, address=node.address)


def fact(doc: Document, kind: str, address: str, span: Span, lang, fields: dict) -> Fact:
    """A fact quoting the folded text of its span."""
    quote = fold(doc.text[span.start:span.end])
    return Fact(kind=kind, address=address, span=span, quote=quote, lang=lang, fields=fields)


# ---------------------------------------------------------------- appendix context

def tables_in(node: Node, appendix: Node | None = None):
    """(table, innermost appendix holding it or None) under a node, in document order."""
    if node.kind == "appendix":
        appendix = node
    if node.kind == "table":
        yield node, appendix
        return
    for child in node.children:
        yield from tables_in(child, appendix)


def title_of(appendix: Node) -> Node | None:
    """An appendix's title node."""
    return next((c for c in appendix.children if c.kind == "title"), None)


def named(text: str) -> str | None:
    """The category of servants a title, clause or heading names, or None."""
    return next((e["key"] for e in words()["applies_to"] if says(text, e["words"])), None)


def applies_to(appendix: Node) -> list[str]:
    """Who the form applies to, read from the appendix title (a title naming nobody: every
    corps "B" servant, unless a clause citing the appendix names somebody, see `complete`)."""
    title = title_of(appendix)
    return [(named(title.text) if title is not None else None) or words()["default_applies_to"]]


def aggregation(appendix: Node) -> str | None:
    """How the form's total is aggregated, read from the appendix's notes, paragraphs and
    summary rows."""
    prose = [n.text for n in appendix.walk() if n.kind in ("note", "paragraph")] + \
        [" ".join(texts(r)) for n in appendix.walk() if n.kind == "table"
         for r in rows(n)[1:] if says(" ".join(texts(r)), words()["summary_row"])]
    for entry in words()["aggregation"]:
        if any(all(says(text, [w]) for w in entry["all"]) for text in prose):
            return entry["value"]
    return None


def form_fact(doc, appendix, anchor, parameters, how: str | None = None) -> Fact:
    """The form of an appendix; its aggregation read from the appendix's prose, else `how`
    (what the sheet's own columns say)."""
    title = title_of(appendix)
    how = aggregation(appendix) or how
    number = int(appendix.number) if (appendix.number or "").isdigit() else appendix.number
    span = (title.head or title.span) if title is not None else anchor.span
    return fact(doc, "form", appendix.address, span, appendix.lang, {
        "number": number,
        "title": fold(title.text) if title is not None else None,
        "applies_to": applies_to(appendix),
        "parameters": parameters,
        "aggregation": how,
    })


# ---------------------------------------------------------------- questionnaires

def questionnaire(doc, table, appendix, found, notes) -> list[Fact]:
    """Competencies of a 360 questionnaire and the appendix's form.

    A row with a number opens a competency; rows without one add questions (a text that
    starts in lower case continues the question before it); a summary row closes the
    competency, and questions standing after it wait for the next number row.
    """
    competencies: list[dict] = []
    pending: list[str] = []
    current = None
    for row in rows(table)[1:]:
        values = texts(row)
        first = cell(values, found["number"]).strip()
        if first and not first.isdigit():
            current = None  # a summary row ("… бойынша орташа баға")
            continue
        if first:
            cells = [c for c in row.children if c.kind == "cell"]
            name_cell = cells[min(found["name"], len(cells) - 1)]
            current = {"number": int(first), "name": clean(name_cell.text),
                       "span": name_cell.head or name_cell.span, "questions": pending}
            pending = []
            competencies.append(current)
            text = cell(values, found["question"])
        else:
            text = " ".join(v for i, v in enumerate(values) if i != found.get("answer") and v)
        add_question(current["questions"] if current else pending, clean(text))
    if pending:
        notes.append(diagnostic(table, "questionnaire: questions outside any numbered competency"))
    if not competencies:
        notes.append(diagnostic(table, "questionnaire: no numbered competency row"))
    categories = applies_to(appendix)
    out = [fact(doc, "competency", table.address, c["span"], table.lang, {
        "name": c["name"], "categories": categories,
        "indicators": {"questions": c["questions"]}}) for c in competencies]
    parameters = [{"number": c["number"], "name": c["name"], "low": None, "high": None}
                  for c in competencies]
    return out + [form_fact(doc, appendix, table, parameters)]


def add_question(questions: list[str], text: str) -> None:
    """Append a question, or continue the last one when the text starts in lower case."""
    if not text:
        return
    if questions and text[0].islower():
        questions[-1] = f"{questions[-1]} {text}"
    else:
        questions.append(text)


# ---------------------------------------------------------------- forms

def form(doc, table, appendix, found, notes) -> list[Fact]:
    """The form of an appendix whose table lists scored parameters."""
    header = texts(rows(table)[0])
    scale = bounds(header[found["score"]]) if NUMBER.search(header[found["score"]]) else None
    parameters = []
    for row in rows(table)[1:]:
        parameter = form_row(texts(row), found, scale)
        if parameter is not None:
            parameters.append(parameter)
    parameters = template_slots(parameters, clean(header[found["name"]]))
    if not parameters and blank(table, found):
        parameters = [item(header[found["name"]], scale)]
    if not parameters:
        notes.append(diagnostic(table, "form: no parameter rows under the header"))
    out = [form_fact(doc, appendix, table, parameters)]
    if scale is not None and scale["high"] is not None and scale["low"] != scale["high"]:
        head = rows(table)[0].children[found["score"]]
        out.append(fact(doc, "score_range", table.address, head.head or head.span, table.lang,
                        {"subject": words()["scale_subject"], **scale}))
    return out


def blank(table: Node, found: dict) -> bool:
    """Whether no row under the header has a word in the name column: a blank list to fill."""
    return not any(re.search(r"\w{2,}", cell(texts(r), found["name"])) for r in rows(table)[1:])


def item(header: str, scale: dict | None = None) -> dict:
    """The one parameter of a blank list: the item its name column names ("НМИ атауы" ->
    "НМИ", "Наименование КЦИ" -> "КЦИ"), unnumbered."""
    name = pattern(tuple(words()["name_words"])).sub(" ", clean(header))
    name = fold(name).strip("*.:, ") or clean(header)
    return {"number": None, "name": name,
            "low": scale["low"] if scale else None, "high": scale["high"] if scale else None}


def item_form(doc, table, appendix, found) -> list[Fact]:
    """The form of an evaluation sheet that is a blank list of items with no score column
    (a column of "achieved / not achieved" marks tallies them, grammar/tables.yaml)."""
    header = texts(rows(table)[0])
    tally = None
    if "achieved" in found:
        tally = next((e["value"] for e in words()["tally"]
                      if says(header[found["name"]], e["items"])), None)
    return [form_fact(doc, appendix, table, [item(header[found["name"]])], tally)]


def split_columns(table: Node, found: dict) -> list[str]:
    """The parameters a two-level header names under its score columns: a score cell of the
    first row spans the empty cells after it, and the second row names the parameters under
    it ("Қызметшінің өзін-өзі бағалауы" over three kinds of information, again under
    "Тікелей басшының бағалауы"); each name once, in order. Sub-columns naming reporting
    periods ("1 тоқсан") split a column by time, not by parameter: none then."""
    if len(rows(table)) < 2:
        return []
    top, sub = texts(rows(table)[0]), texts(rows(table)[1])
    names: list[str] = []
    scored = False
    for index, text in enumerate(top):
        if text.strip():
            scored = says(text, words()["columns"]["score"])
        name = clean(cell(sub, index))
        if scored and re.search(r"[^\W\d_]{2,}", name) and name not in names:
            names.append(name)
    if any(says(n, words()["period_columns"]) for n in names):
        return []
    return names


def split_form(doc, table, appendix, found) -> list[Fact]:
    """The form of a sheet whose score columns are split into named parameters."""
    parameters = [{"number": None, "name": n, "low": None, "high": None}
                  for n in split_columns(table, found)]
    return [form_fact(doc, appendix, table, parameters)]


def form_row(values: list[str], found: dict, scale: dict | None) -> dict | None:
    """One parameter of a form row, or None for a summary, placeholder or empty row."""
    name = clean(cell(values, found["name"]))
    numbered = cell(values, found.get("number")).strip().rstrip(".")
    if not re.search(r"\w{2,}", name) or (not numbered and says(name, words()["summary_row"])):
        return None
    lead = LEADING_NUMBER.match(name)
    if lead:
        numbered = numbered or lead.group(1)
        name = name[lead.end():]
    name = name.rstrip("*. ").strip()
    rng = scale or row_range(values, found)
    parameter = {"number": int(numbered) if numbered.isdigit() else None, "name": name,
                 "low": rng["low"] if rng else None, "high": rng["high"] if rng else None}
    guidance = clean(cell(values, found.get("guidance")))
    if guidance:
        parameter["guidance"] = guidance
    return parameter


def row_range(values: list[str], found: dict) -> dict | None:
    """A range written in a row's own cell ("2-ден 5 ке дейін"), if any."""
    skip = {found.get("name"), found.get("number")}
    for index, text in enumerate(values):
        if index not in skip and is_numeric(text) and len(NUMBER.findall(text)) == 2:
            return bounds(text)
    return None


def template_slots(parameters: list[dict], header: str) -> list[dict]:
    """Rows that only number the name column's header ("1 мақсаттық көрсеткіштің нәтижесі"
    under "Мақсаттық көрсеткіштің нәтижесі") are slots of one parameter: kept as one, unnumbered."""
    slot = header.rstrip("*. ").casefold()
    if parameters and all(p["name"].casefold() == slot for p in parameters):
        first = parameters[0]
        return [{"number": None, "name": header.rstrip("*. "),
                 "low": first["low"], "high": first["high"]}]
    return parameters


# ---------------------------------------------------------------- lookup tables

def lookup_name(header: list[str], found_in: int, found_out: int) -> tuple | None:
    """(input, output) keys from the input and output columns' header words, or None."""
    spec = words()["lookup"]
    key_in = next((k for k, w in spec["inputs"].items() if says(header[found_in], w)), None)
    key_out = next((k for k, w in spec["outputs"].items() if says(header[found_out], w)), None)
    if key_in is None or key_out is None:
        return None
    return key_in, key_out


def range_table(doc, table, notes) -> list[Fact]:
    """A table of numeric ranges mapped to a number or a range; an output column of ranges
    ("4 – 4,99") is a score range whatever its header calls it."""
    header_row, *data = rows(table)
    header = texts(header_row)
    keys = lookup_name(header, 0, 1)
    if any(len(NUMBER.findall(texts(r)[1])) == 2 for r in data):
        key_in = keys[0] if keys else next((k for k, w in words()["lookup"]["inputs"].items()
                                            if says(header[0], w)), None)
        keys = (key_in, words()["lookup"]["range_output"]) if key_in else None
    if keys is None:
        notes.append(diagnostic(table, "lookup table: input or output not named by the header"))
        return []
    out_rows = []
    for row in data:
        values = texts(row)
        given, value = bounds(values[0]), bounds(values[1])
        out_rows.append({**given, "value": [value["low"], value["high"]]})
    name = words()["lookup"]["name_of_ranges"].format(input=keys[0], output=keys[1])
    return [fact(doc, "lookup_table", table.address, header_row.span, table.lang, {
        "name": name, "input": keys[0], "output": keys[1], "rows": out_rows})]


def is_range_table(table: Node) -> bool:
    """Two columns, and every data row (at least three) numeric in both."""
    data = [texts(r) for r in rows(table)[1:]]
    return len(data) >= 3 and all(len(v) == 2 and is_numeric(v[0]) and is_numeric(v[1])
                                  for v in data)


def points_table(doc, table, found, notes) -> list[Fact]:
    """A table of keys and their points; an empty points cell is merged from the row above.

    A row whose key cell is empty and whose points cell holds text (a row shifted by one
    column) keeps that text as its key and the group's points.
    """
    header_row, *data = rows(table)
    header = texts(header_row)
    keys = lookup_name(header, found["name"], found["points"])
    if keys is None:
        notes.append(diagnostic(table, "lookup table: input or output not named by the header"))
        return []
    out_rows, value = [], None
    for row in data:
        values = texts(row)
        points, key = cell(values, found["points"]), clean(cell(values, found["name"]))
        if points and is_numeric(points):
            value = number(NUMBER.search(points).group())
        elif points and not key:
            key = clean(points)
        if not key:
            continue
        if value is None:
            notes.append(diagnostic(row, "lookup table: a key without points"))
            continue
        out_rows.append({"key": key, "value": value})
    name = words()["lookup"]["name_of_keys"].format(input=keys[0], output=keys[1])
    return [fact(doc, "lookup_table", table.address, header_row.span, table.lang, {
        "name": name, "input": keys[0], "output": keys[1], "rows": out_rows})]


# ---------------------------------------------------------------- entry point

def read_table(doc: Document, table: Node, appendix: Node | None,
               notes: list[Diagnostic]) -> list[Fact]:
    """The facts of one table, by what its header says."""
    if not rows(table):
        return []
    found = to_fill(table, roles(texts(rows(table)[0])))
    if appendix is not None and {"number", "name", "question"} <= found.keys():
        return questionnaire(doc, table, appendix, found, notes)
    if is_range_table(table):
        return range_table(doc, table, notes)
    if appendix is not None and {"name", "score"} <= found.keys():
        return form(doc, table, appendix, found, notes)
    if appendix is not None and "score" in found and "name" not in found and sheet(appendix) \
            and split_columns(table, found):
        return split_form(doc, table, appendix, found)
    if {"name", "points"} <= found.keys() and "score" not in found:
        return points_table(doc, table, found, notes)
    if appendix is not None and "name" in found and blank(table, found) and sheet(appendix):
        return item_form(doc, table, appendix, found)
    return []


def said(found: Fact) -> tuple:
    """What makes a table's fact one the text reader has read already: a score range by its
    bounds (the text reader names its subject from the words around the header, "Баға
    (0-ден 5-ке дейін)" under "ТТК атауы" -> kpi_score), any other fact whole."""
    if found.kind == "score_range":
        return (found.kind, found.address, *(found.fields.get(k) for k in RANGE_KEYS))
    return found.kind, found.address, repr(found.fields)


RANGE_KEYS = ("low", "high", "low_inclusive", "high_inclusive")


def sheet(appendix: Node) -> bool:
    """Whether an appendix is titled as an evaluation sheet."""
    title = title_of(appendix)
    return title is not None and says(title.text, words()["sheet_title"])


def facts(doc: Document, found: list[Fact] | None = None) -> tuple[list[Fact], list[Diagnostic]]:
    """(facts, diagnostics) of a document's tables, in document order.

    `found` holds the facts already read from the text (the text reader's, read here when not
    given): the clauses citing a form's appendix complete it (`complete`). An appendix has one
    form: a second form table in it is reported, not read. An appendix titled as an evaluation
    sheet that gives no form is reported too.
    """
    if found is None:
        found = text.facts(doc)[0]
    read_facts: list[Fact] = []
    notes: list[Diagnostic] = []
    appendices: dict[str, tuple[Node, Node]] = {}  # form address -> (appendix, its table)
    placed = [pair for root in doc.roots for pair in tables_in(root)]
    stated = {said(f) for f in found}
    for table, appendix in placed:
        read = [f for f in read_table(doc, table, appendix, notes)
                if said(f) not in stated]  # the text reader's too
        if any(f.kind == "form" and f.address in appendices for f in read):
            notes.append(diagnostic(table, "form: a second form table in the appendix, not read"))
            continue
        appendices.update((f.address, (appendix, table)) for f in read if f.kind == "form")
        read_facts.extend(read)
    cited = Citations(doc)
    read_facts = [complete(doc, f, *appendices[f.address], cited, found, notes)
                  if f.kind == "form" else f for f in read_facts]
    for node in doc.nodes():
        if node.kind == "appendix" and node.address not in appendices and sheet(node):
            notes.append(diagnostic(node, "form: an evaluation sheet whose parameters and "
                                          "scores no table header names"))
    return read_facts, notes


# ---------------------------------------------------------------- clauses citing a form

CITING = ("clause", "subpoint", "paragraph", "note")
SCOPES = ("chapter", "section")


class Citations:
    """The nodes of a document's text (outside its appendices) that cite an appendix by
    number ("2-қосымшаға", "1-1-қосымшасына", "приложению № 2", "екінші қосымша"), with
    each node's clause and chapter or section."""

    def __init__(self, doc: Document):
        self.parent: dict[str, Node] = {}
        for node in doc.nodes():
            for child in node.children:
                self.parent[child.address] = node
        self.node = {n.address: n for n in doc.nodes()}
        mention = pattern(tuple(words()["appendix_words"]))
        self.numbers = {n.address: cited_numbers(own_text(doc, n), n.lang or doc.lang)
                        for n in doc.nodes()
                        if n.kind in CITING and mention.search(own_text(doc, n).lower())}

    def ancestors(self, node: Node):
        """The node's ancestors, nearest first."""
        while node.address in self.parent:
            node = self.parent[node.address]
            yield node

    def of(self, appendix: Node) -> list[Node]:
        """The nodes citing an appendix in the text it hangs from, known by its address
        (app1's chapters for app1/app2, the decree's own text for a root appendix; never
        another appendix), in document order."""
        scope = appendix.address.rpartition("/")[0] or None
        out = []
        for address, numbers in self.numbers.items():
            node = self.node[address]
            holder = next((a.address for a in self.ancestors(node) if a.kind == "appendix"), None)
            if appendix.number in numbers and holder == scope:
                out.append(node)
        return out

    def enclosing(self, node: Node, kinds) -> Node | None:
        """The node itself or its nearest ancestor of one of the kinds."""
        if node.kind in kinds:
            return node
        return next((a for a in self.ancestors(node) if a.kind in kinds), None)


def own_text(doc: Document, node: Node) -> str:
    """A node's own text, children excluded."""
    return doc.text[node.head.start:node.head.end] if node.head else ""


def cited_numbers(text: str, lang: str | None) -> set[str]:
    """The appendix numbers a text cites: a number joined to or followed by an appendix word
    ("2-қосымшаға", "4 қосымшасы"), or an appendix word followed by a number ("приложению 2",
    "приложения № 2"); a compound number keeps its hyphen ("1-1-қосымшасына" -> "1-1")."""
    if not text:
        return set()
    appendix_words = tuple(words()["appendix_words"])
    toks = nlp.tokens(text, lang or "kk")
    out: set[str] = set()
    for i, tok in enumerate(toks):
        after = toks[i + 1] if i + 1 < len(toks) else None
        if tok.is_number and tok.value is not None and (
                tok.suffix.startswith(appendix_words)
                or (after is not None and after.lower.startswith(appendix_words))):
            out.add(compound(toks, i))
        if tok.lower.startswith(appendix_words):
            rest = [t for t in toks[i + 1:i + 3] if t.text != "№"]
            if rest and rest[0].is_number and rest[0].value is not None:
                out.add(numeral(rest[0]))
    return out


def numeral(tok) -> str:
    """A number token as an appendix number is written ("2", "второго" -> "2")."""
    return str(int(tok.value)) if tok.value == int(tok.value) else str(tok.value)


def compound(toks, i: int) -> str:
    """The number at toks[i] with a hyphenated number written right before it ("1-1")."""
    tok = toks[i]
    if i >= 2 and toks[i - 1].text == "-" and toks[i - 2].is_number \
            and toks[i - 2].end == toks[i - 1].start and toks[i - 1].end == tok.start:
        return f"{numeral(toks[i - 2])}-{numeral(tok)}"
    return numeral(tok)


def within(fact: Fact, node: Node) -> bool:
    """Whether a fact was read from the text of a node."""
    return node.span.start <= fact.span.start and fact.span.end <= node.span.end


def within_head(fact: Fact, node: Node) -> bool:
    """Whether a fact was read from a node's own text."""
    return node.head is not None and node.head.start <= fact.span.start \
        and fact.span.end <= node.head.end


def complete(doc, form: Fact, appendix: Node, table: Node, cited: Citations,
             found: list[Fact], notes: list[Diagnostic]) -> Fact:
    """A form completed from the clauses citing its appendix: the score range of parameters
    the sheet gives none, who it applies to when its title names nobody, and the formula
    aggregating its scores when the sheet states none. A sheet's range that the citing clause
    contradicts is kept and reported (FORM_CONFLICT); a form left with no aggregation is
    reported (UNEXTRACTED)."""
    citing = cited.of(appendix)
    fields = dict(form.fields)
    fields["parameters"] = with_range(form, appendix, citing, cited, found, notes)
    title = title_of(appendix)
    if title is None or named(title.text) is None:
        who = next((k for k in (named(t) for n in citing
                                for t in (own_text(doc, n), heading(cited, n))) if k), None)
        fields["applies_to"] = [who or words()["default_applies_to"]]
    if fields["aggregation"] is None:
        fields["aggregation"] = cited_formula(appendix, citing, cited, found)
    if fields["aggregation"] is None:
        notes.append(diagnostic(table, "form: no aggregation of the total stated in the "
                                          "appendix or in a clause citing it"))
    return form.model_copy(update={"fields": fields})


def heading(cited: Citations, node: Node) -> str:
    """The heading of the chapter or section holding a node ("" when none)."""
    scope = cited.enclosing(node, SCOPES)
    return (scope.heading or "") if scope is not None else ""


def cited_range(appendix: Node, citing: list[Node], cited: Citations,
                found: list[Fact]) -> tuple[Fact, Node] | None:
    """(score_range fact, citing node) a clause citing the appendix states: read in the citing
    sentence itself, else elsewhere in its clause when that clause cites no other appendix."""
    ranges = [f for f in found if f.kind == "score_range"]
    for node in citing:
        own = next((f for f in ranges if within_head(f, node)), None)
        if own is not None:
            return own, node
    for node in citing:
        clause = cited.enclosing(node, ("clause",)) or node
        others = {n for a, ns in cited.numbers.items() if a.startswith(clause.address)
                  for n in ns} - {appendix.number}
        near = next((f for f in ranges if within(f, clause)), None)
        if near is not None and not others:
            return near, node
    return None


def with_range(form: Fact, appendix: Node, citing: list[Node], cited: Citations,
               found: list[Fact], notes: list[Diagnostic]) -> list[dict]:
    """The form's parameters, those without a range taking the citing clause's."""
    parameters = form.fields["parameters"]
    got = cited_range(appendix, citing, cited, found)
    if got is None:
        return parameters
    stated, node = got
    low, high = stated.fields["low"], stated.fields["high"]
    out, clash = [], None
    for p in parameters:
        if p["low"] is None and p["high"] is None:
            out.append({**p, "low": low, "high": high})
            continue
        if (p["low"], p["high"]) != (low, high):
            clash = clash or p
        out.append(p)
    if clash is not None:
        notes.append(Diagnostic(
            code="FORM_CONFLICT", severity="warning", span=stated.span, address=appendix.address,
            message=f"form {appendix.address}: the sheet scores {clash['name']!r} from "
                    f"{clash['low']} to {clash['high']}, {node.address} says from {low} to "
                    f"{high}; the sheet's range is kept"))
    return out


def cited_formula(appendix: Node, citing: list[Node], cited: Citations,
                  found: list[Fact]) -> str | None:
    """The expression aggregating a form's scores: a formula read in the appendix itself;
    else one in the chapter or section of a clause citing it, preferring a formula whose
    inputs are the sheet's scores (named after the subject of a score range of the sheet or of
    the citing sentence: plan_target_score -> plan_target_scores), then the formula no other
    formula there feeds, stated at or after the citing clause."""
    formulas = [f for f in found if f.kind == "formula"]
    own = next((f for f in formulas if within(f, appendix)), None)
    if own is not None:
        return own.fields["expression"]
    subjects = {f.fields["subject"] for f in found if f.kind == "score_range"
                and (within(f, appendix) or any(within_head(f, n) for n in citing))}
    for node in citing:
        scope = cited.enclosing(node, SCOPES)
        if scope is None:
            continue
        near = [f for f in formulas if within(f, scope)]
        fed = {s for s in subjects for f in near if any(v.startswith(s) for v in inputs(f))}
        scored = [f for f in near if any(v.startswith(s) for s in fed for v in inputs(f))]
        used = {v for f in near for v in inputs(f)}
        later = [f for f in near if f.span.start >= node.span.start
                 and f.fields["target"] not in used]
        chosen = (scored or later or [None])[0]
        if chosen is not None:
            return chosen.fields["expression"]
    return None


def inputs(formula: Fact) -> set[str]:
    """The variables a formula reads (its target excluded)."""
    return set(formula.fields.get("variables") or {}) - {formula.fields["target"]}
