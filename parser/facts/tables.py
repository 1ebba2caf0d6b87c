"""Facts read by the tables reader: evaluation forms, 360 questionnaires and lookup tables.

A table is recognized by what its header cells say (grammar/tables.yaml), in either
language, never by its appendix number:

- a questionnaire (a number, a competency name and a question column) gives one
  `competency` fact per competency and the appendix's `form`;
- a range table (every data row a numeric range mapped to a number or range) gives a
  `lookup_table` with bounded rows;
- a form (a parameter name column and a score column) gives the appendix's `form`;
- a points table (a key column and a points column) gives a `lookup_table` of keys.

A table recognized but not fully read gives an UNEXTRACTED warning naming what is missing.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml

from ..model import Diagnostic, Document, Node, Span
from .model import Fact, fold

WORDS = Path(__file__).resolve().parents[2] / "grammar" / "tables.yaml"
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
LEADING_NUMBER = re.compile(r"^\s*(\d+)\s*[.)]?\s+(?=\S)")


@lru_cache(maxsize=1)
def words() -> dict:
    """The word table as loaded."""
    return yaml.safe_load(WORDS.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
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
    one number with an open-high word is a lower bound ("100 және одан жоғары"); one number
    alone is the single value [n, n].
    """
    found = [number(n) for n in NUMBER.findall(text)]
    if len(found) == 2:
        return {"low": found[0], "high": found[1], "low_inclusive": True, "high_inclusive": True}
    if len(found) == 1 and says(text, words()["open_high"]):
        return {"low": found[0], "high": None, "low_inclusive": True, "high_inclusive": None}
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


def applies_to(appendix: Node) -> list[str]:
    """Who the form applies to, read from the appendix title."""
    title = title_of(appendix)
    for entry in words()["applies_to"]:
        if title is not None and says(title.text, entry["words"]):
            return [entry["key"]]
    return [words()["default_applies_to"]]


def aggregation(appendix: Node) -> str | None:
    """How the form's total is aggregated, read from the appendix's notes and paragraphs."""
    prose = [n.text for n in appendix.walk() if n.kind in ("note", "paragraph")]
    for entry in words()["aggregation"]:
        if any(all(says(text, [w]) for w in entry["all"]) for text in prose):
            return entry["value"]
    return None


def form_fact(doc, appendix, anchor, parameters, notes) -> Fact:
    """The form of an appendix; a missing aggregation is reported."""
    title = title_of(appendix)
    how = aggregation(appendix)
    if how is None:
        notes.append(diagnostic(anchor, "form: no aggregation of the total stated in the appendix"))
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
    return out + [form_fact(doc, appendix, table, parameters, notes)]


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
    if not parameters:
        notes.append(diagnostic(table, "form: no parameter rows under the header"))
    return [form_fact(doc, appendix, table, parameters, notes)]


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
    """A table of numeric ranges mapped to a number or a range."""
    header_row, *data = rows(table)
    header = texts(header_row)
    keys = lookup_name(header, 0, 1)
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
    found = roles(texts(rows(table)[0]))
    if appendix is not None and {"number", "name", "question"} <= found.keys():
        return questionnaire(doc, table, appendix, found, notes)
    if is_range_table(table):
        return range_table(doc, table, notes)
    if appendix is not None and {"name", "score"} <= found.keys():
        return form(doc, table, appendix, found, notes)
    if {"name", "points"} <= found.keys() and "score" not in found:
        return points_table(doc, table, found, notes)
    return []


def facts(doc: Document) -> tuple[list[Fact], list[Diagnostic]]:
    """(facts, diagnostics) of a document's tables, in document order.

    An appendix has one form: a second form table in it is reported, not read. An appendix
    titled as an evaluation sheet that gives no form is reported too.
    """
    found: list[Fact] = []
    notes: list[Diagnostic] = []
    forms: set[str] = set()
    placed = [pair for root in doc.roots for pair in tables_in(root)]
    for table, appendix in placed:
        read = read_table(doc, table, appendix, notes)
        if any(f.kind == "form" and f.address in forms for f in read):
            notes.append(diagnostic(table, "form: a second form table in the appendix, not read"))
            continue
        forms.update(f.address for f in read if f.kind == "form")
        found.extend(read)
    for node in doc.nodes():
        title = title_of(node) if node.kind == "appendix" else None
        if title is not None and node.address not in forms and says(title.text,
                                                                     words()["sheet_title"]):
            notes.append(diagnostic(node, "form: an evaluation sheet whose parameters and "
                                          "scores no table header names"))
    return found, notes
