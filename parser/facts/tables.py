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

import bisect
import re
from decimal import Decimal

from ..blocks import CELL_BREAK
from ..model import Diagnostic, Document, Node, Span
from ..resources import GRAMMAR, load_table

from . import celled, definitions, flat, formulas, indicators, lexicon, lined, nlp, text
from .layout import laid_out, whole_tables
from .wordclass import word_class
from .profiles import profile
from .cells import (  # noqa: F401 (the cell helpers, re-exported for the readers using them)
    ALL, BETWEEN, LEADING_NUMBER, NUM, NUMBER, SIDE, SIGN, WORDS, bounds, clean, inequality,
    is_numeric, keyed, named, number, pattern, role_of, roles, rows, says, texts, words)
from .model import Fact, fold

FILL_IN = " _.…"  # the marks of a line left to be written on


def to_fill(table: Node, found: dict[str, int], sheet: bool = False) -> dict[str, int]:
    """The roles with the score column chosen among the columns to fill in: of the score
    columns and the blank points columns ("Өзін-өзі бағалау", "Тікелей басшының бағасы (1 – 5
    балл)", "Баллы (от 1 до 5)"), the first whose header states the scale, else the first
    score column. A points column with values in it stays a table of points, unless the
    table is an evaluation sheet's and the column is blank on most of its rows (a basic score
    printed in one row: "Базовый балл | 100" over rows to fill in)."""
    header = texts(rows(table)[0])
    filled = words()["columns"]

    def blank(index: int) -> bool:  # empty, or a line to write on ("________", "…")
        values = [cell(texts(r), index).strip(FILL_IN) for r in rows(table)[1:]]
        empty = sum(not v for v in values)
        return empty == len(values) or sheet and 2 * empty > len(values)

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


def named_by_criteria(found: dict[str, int]) -> dict[str, int]:
    """The roles with a criteria column naming the rows of a sheet that has no name column
    ("№ | Өлшемшарт | Балл (1–5) | …", "№ | Критерий оценки | Балл | Комментарий"): the
    criteria are its parameters."""
    if "name" in found or "guidance" not in found or "score" not in found:
        return found
    out = {k: v for k, v in found.items() if k != "guidance"}
    out["name"] = found["guidance"]
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
    """(table, innermost appendix holding it or None) under a node, in document order, a
    table broken at its lines of one cell made whole (`layout.whole_tables`)."""
    if node.kind == "appendix":
        appendix = node
    if node.kind == "table":
        yield node, appendix
        return
    for child in whole_tables(node.children):
        yield from tables_in(child, appendix)


def title_of(appendix: Node) -> Node | None:
    """An appendix's title node."""
    return next((c for c in appendix.children if c.kind == "title"), None)


def applies_to(title: str | None) -> list[str]:
    """Who the form applies to, read from the appendix title (a title naming nobody, or every
    servant: every corps "B" servant, unless a clause citing the appendix or giving the
    title's method names somebody, see `complete`)."""
    who = named(title) if title is not None else None
    return [who if who not in (None, ALL) else words()["default_applies_to"]]



def method_of(text: str) -> str | None:
    """The evaluation method a title names ("360", "differentiation", "kpi"), or None."""
    return next((k for k, w in words()["methods"].items() if says(text, w)), None)


def aggregation(appendix: Node, table: Node, count: int | None = None) -> str | None:
    """How the form's total is aggregated, read from the appendix's notes, paragraphs and
    summary rows (a table rebuilt from flattened lines included); `count` is the number of
    the sheet's parameters (see `worded`)."""
    held = [n for n in appendix.walk() if n.kind == "table"]
    prose = [n.text for n in appendix.walk() if n.kind in ("note", "paragraph")] + \
        [" ".join(texts(r)) for n in held + ([table] if table not in held else [])
         for r in rows(n)[1:] if says(" ".join(texts(r)), words()["summary_row"])
         or reckons(" ".join(texts(r)))]
    return worded(prose, count)


def worded(prose: list[str], count: int | None = None) -> str | None:
    """The aggregation a text reckoning the sum of the scores over a number gives (`sum_over`:
    their mean where the number is `count`, the number of the sheet's parameters, else the
    sum over that number, as written), else the first entry all of whose words occur in one
    of the texts, and none of its `none` words, gives."""
    for text in prose:
        over = sum_over(text)
        if over is not None:
            return MEAN if count is not None and int(over.group(1)) == count \
                else words()["sum_over_value"].format(divisor=int(over.group(1)))
    for entry in words()["aggregation"]:
        if any(all(says(text, [w]) for w in entry["all"]) and not says(text, entry.get("none"))
               for text in prose):
            return entry["value"]
    return None


def form_fact(doc, appendix, anchor, parameters, how: str | None = None) -> Fact:
    """The form of an appendix; its aggregation read from the appendix's prose, else `how`
    (what the sheet's own columns say); its title "" when the sheet has none above it."""
    span = sheet_title(doc, appendix, anchor)
    title = fold(doc.text[span.start:span.end]) if span is not None else None
    counted = None if blank_list(parameters) else len(parameters)
    how = for_items(aggregation(appendix, anchor, counted), parameters) or how
    number = int(appendix.number) if (appendix.number or "").isdigit() else appendix.number
    return fact(doc, "form", appendix.address, span or anchor.span, appendix.lang, {
        "number": number,
        "title": title or "",
        "applies_to": applies_to(title),
        "parameters": parameters,
        "aggregation": how,
        "methods": methods(title or "", appendix.lang),
    })


def methods(title: str, lang: str | None) -> list[str]:
    """The evaluation methods a sheet's title names (grammar/facts_meaning.yaml
    `form_methods`: "Анкета оценки компетенций методом 360" -> 360, competency)."""
    if not title or lang not in ("ru", "kk"):
        return []
    # "ННК бойынша бағалау парағы": a sheet of the key indicators the methodology named so
    words = profile(lang).keys(nlp.tokens(definitions.spelled_out(title), lang))
    return [e.key for e in lexicon.every("form_methods", lang, words)]


def sheet_title(doc, appendix: Node, table: Node) -> Span | None:
    """The span of an appendix's title, up to the table when a flattened table's header
    runs on in the title's text, and up to a blank to fill in that follows it on the sheet
    ("_____ квартал 20__ года"); a title that names the sheet only after a blank ("Қызметшінің
    20__ жылғы ___ тоқсандағы бағалау парағы") is the whole line, its blanks as printed."""
    title = title_of(appendix)
    if title is None:
        return title_above(doc, appendix, table)
    span = title.head or title.span
    end = span.end
    if span.start < table.span.start < span.end:
        end = table.span.start
    blank = BLANK.search(doc.text, span.start, end)
    if blank is not None and blank.start() > span.start and (
            says(doc.text[span.start:blank.start()], words()["sheet_title"])
            or not says(doc.text[span.start:end], words()["sheet_title"])):
        end = blank.start()
        lead = LEADING_INTO.search(doc.text, span.start, end)
        end = lead.start() if lead is not None else end  # "… за" of "за 20__ год"
    while end > span.start and (doc.text[end - 1].isspace() or doc.text[end - 1] in ",;"):
        end -= 1  # a title going on into the blanks' line ("…, не являющегося руководителем,")
    return Span(start=span.start, end=end)


# A blank to fill in ("_____ квартал 20__ года", "за 20__ год", "_____ тоқсан"): a title ends
# before it, and before the preposition or the bracket that leads into it ("за", "на", "в",
# "(________ жыл)", "(за ____ год)").
BLANK = re.compile(r"\d*_{3,}|\b\d{2}_{2,}")
LEADING_INTO = re.compile(r"\s(?:\(?[a-zа-яё]{1,2}|\()\s*$")  # "(за ____ год)" too
# A label of a blank on the sheet ("Ф.И.О., должность служащего: _____"): a title ends before it,
# at the label's last capitalized word
CAPITAL = re.compile(r"(?<!\S)[A-ZА-ЯЁӘІҢҒҮҰҚӨҺ]")


def title_above(doc, appendix: Node, table: Node) -> Span | None:
    """The span of a sheet's title when its appendix has no title node (a layout folded the
    title into the paragraph holding the table): that paragraph's text before the table, up
    to a blank to fill in and the label before it ("Оценочный лист …, за квартал Ф.И.О.,
    должность служащего: ____"), when it opens with a capital letter and holds two words or
    more; else None."""
    holder = next((c for c in appendix.children if c.kind == "paragraph"
                   and c.span.start <= table.span.start < c.span.end), None)
    end = table.span.start
    if holder is None:  # else the last paragraph above the table naming a sheet, the title
        # and the sheet's blanks run together ("… бағалау парағы ______ жылғы ___ тоқсан …")
        holder = next((c for c in reversed(appendix.children) if c.kind == "paragraph"
                       and c.span.end <= table.span.start
                       and says(doc.text[c.span.start:c.span.end], words()["sheet_title"])),
                      None)
        if holder is None:
            return None
        end = holder.span.end
    start = holder.span.start
    blank = BLANK.search(doc.text, start, end)
    if blank is not None:
        end = blank.start()
        before = doc.text[start:end]
        capitals = [m.start() for m in CAPITAL.finditer(before)]
        if before.rstrip().endswith(":") and len(capitals) > 1:
            end = start + capitals[-1]  # the label's last capitalized word opens it
    text = doc.text[start:end]
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    if not text or not text[0].isupper() or len(text.split()) < 2:
        return None
    return Span(start=start + lead, end=start + lead + len(text))


def for_items(how: str | None, parameters: list[dict]) -> str | None:
    """An aggregation worded for any parameters, named for a blank list's items ("sum(scores)
    / count(scores)" of a list of key indicators: their kpi_scores)."""
    if how is None or len(parameters) != 1 or parameters[0]["number"] is not None:
        return how
    subject = scale_subject(parameters[0]["name"])
    mean = words()["item_means"].get(subject)
    if mean is not None and how == MEAN:
        return mean
    scores = words()["item_scores"].get(subject)
    return re.sub(r"\bscores\b", scores, how) if scores else how


MEAN = "sum(scores) / count(scores)"  # the mean of a sheet's scores, as grammar/tables.yaml words it


# ---------------------------------------------------------------- questionnaires

_SUB_NUMBER = re.compile(r"\d+\.\d+\.?")


_BARE_NUMBER = re.compile(r"^(\d+)[.)]$")  # a row's number written with its mark: "1.", "1)"


def questionnaire(doc, table, appendix, found, notes) -> list[Fact]:
    """Competencies of a 360 questionnaire and the appendix's form.

    A row with a number opens a competency; rows without one add questions (a text that
    starts in lower case continues the question before it), as does a row numbering its
    question whose competency cell is empty (the competency's cell merged down over its
    questions), or a row numbering its question under the competency's number ("1.1"; the
    competency and its questions then may share one column, "Құзырет / сұрақ"); a summary
    row closes the competency, and questions standing after it wait for the next number row.
    """
    competencies: list[dict] = []
    pending: list[str] = []
    current = None
    one_column = found["name"] == found["question"]  # "Құзырет / сұрақ": both in one column
    for row in rows(table)[1:]:
        values = texts(row)
        first = _BARE_NUMBER.sub(r"\1", cell(values, found["number"]).strip())  # "1." is 1
        if current is not None and _SUB_NUMBER.fullmatch(first) \
                and first.split(".")[0] == str(current["number"]):
            # "1.1 | question": a question numbered under its competency's number
            add_question(current["questions"], clean(cell(values, found["question"])))
            continue
        if first and not first.isdigit() and (says(first, words()["summary_row"])
                                              or len(values) >= len(header_of(table))):
            current = None  # a summary row ("… бойынша орташа баға")
            continue
        if not first and _opens_summary(values):
            current = None  # "Средний балл (Б) – без учета самооценки" under the questions
            continue
        if first and not first.isdigit():
            first = ""  # a row the merged cells above left short: one more question
        if first and current is not None and found["name"] != found.get("question") \
                and not cell(values, found["name"]).strip():
            first = ""  # "2 | | question": the competency's cell merged down over its rows
            values = ["" if i == found["number"] else v for i, v in enumerate(values)]
        if first:
            cells = [c for c in row.children if c.kind == "cell"]
            name_cell = cells[min(found["name"], len(cells) - 1)]
            name = clean(name_cell.text)
            current = {"number": int(first), "name": name.rstrip("* ").strip(),
                       "categories": footnoted(doc, appendix, name)
                       or numbered_for(doc, appendix, int(first)) or remarked(name),
                       "span": name_cell.head or name_cell.span, "questions": pending}
            pending = []
            competencies.append(current)
            text = "" if one_column else cell(values, found["question"])
        else:
            text = " ".join(v for i, v in enumerate(values) if i != found.get("answer") and v)
        add_question(current["questions"] if current else pending, clean(text))
    if pending:
        notes.append(diagnostic(table, "questionnaire: questions outside any numbered competency"))
    if not competencies:
        notes.append(diagnostic(table, "questionnaire: no numbered competency row"))
    return _questionnaire_facts(doc, table, appendix, found.get("score"), competencies,
                                [{"number": c["number"], "name": c["name"]} for c in competencies])


def _questionnaire_facts(doc, table, appendix, scored: int | None, competencies: list[dict],
                         items: list[dict]) -> list[Fact]:
    """A questionnaire's competencies, its form (each item a parameter on the scale the header
    cell `scored` states) and that scale as one respondent's answer's score range."""
    out = [fact(doc, "competency", table.address, c["span"], table.lang, {
        "name": c["name"], "categories": c["categories"],
        "indicators": {"questions": c["questions"]}}) for c in competencies]
    stated = cell(header_of(table), scored)
    scale = bounds(stated) if len(NUMBER.findall(stated)) == 2 else None
    low, high = (scale["low"], scale["high"]) if scale else (None, None)
    out.append(form_fact(doc, appendix, table, [{**i, "low": low, "high": high} for i in items]))
    if scale is not None and scale["high"] is not None and scale["low"] != scale["high"]:
        head = rows(table)[0].children[scored]
        out.append(fact(doc, "score_range", table.address, head.head or head.span, table.lang,
                        {"subject": words()["scale_subject"]["questionnaire"], **scale}))
    return out


def _section(values: list[str], found: dict[str, int]) -> str | None:
    """The competency a row of a questionnaire opens as a heading between its questions: one
    filled cell across the row (in the number column when merged from there), words, no
    number ("Ориентация на результат" over questions 1-3); else None."""
    filled = [v.strip() for v in values if v.strip()]
    if len(filled) != 1 or not re.match(r"[^\W\d_]", filled[0]) \
            or says(filled[0], words()["summary_row"]):
        return None
    return filled[0]


def sectioned(doc, table, appendix, found, notes) -> list[Fact]:
    """A 360 questionnaire of numbered questions under competency headings set as rows of
    their own across the table: each heading opens a competency, each numbered row is a
    question of the competency above it and a parameter of the form (the respondent scores
    each question on the header's scale)."""
    competencies: list[dict] = []
    questions: list[dict] = []
    for row in rows(table)[1:]:
        values = texts(row)
        name = _section(values, found)
        if name is not None:
            cells = [c for c in row.children if c.kind == "cell" and c.text.strip()]
            competencies.append({"name": name.rstrip("* ").strip(), "questions": [],
                                 "categories": footnoted(doc, appendix, name)
                                 or remarked(name),
                                 "span": cells[0].head or cells[0].span if cells else row.span})
            continue
        number = cell(values, found["number"]).strip().rstrip(".")
        text = clean(cell(values, found["question"]))
        if not number.isdigit() or not text:
            continue
        if not competencies:
            notes.append(diagnostic(row, "questionnaire: a question before any competency"))
            continue
        competencies[-1]["questions"].append(text)
        questions.append({"number": int(number), "name": text})
    return _questionnaire_facts(doc, table, appendix, found.get("score", found.get("points")),
                                competencies, questions)


def header_of(table: Node) -> list[str]:
    """The texts of a table's header row."""
    return texts(rows(table)[0])


def footnoted(doc, appendix: Node, name: str) -> list[str] | None:
    """The category a row's footnote names ("Управление деятельностью*" under "* заполняется в
    отношении руководителей структурных подразделений"), or None (the form's then)."""
    mark = re.search(r"\*+$", name.strip())
    if mark is None:
        return None
    for node in appendix.walk():
        text = own_text(doc, node).strip() if node.kind in ("paragraph", "note") else ""
        if text.startswith(mark.group()) and not text.startswith(mark.group() + "*"):
            who = named(text)
            if who is not None and who != ALL:
                return [who]
    return None


# "компетенция 5", "компетенции № 5", "5-құзырет": a competency of the sheet by its number
_COMPETENCY_NUMBER = r"(?:компетенци\w*\s*(?:№\s*)?{n}(?!\d)|(?<!\d){n}\s*-\s*құзырет)"


def numbered_for(doc, appendix: Node, number: int) -> list[str] | None:
    """The category a sentence of the appendix's notes keeps a competency to by its number
    ("Примечание: компетенция 5 оценивается только в отношении руководителей структурных
    подразделений", "Ескертпе: 5-құзырет тек басқарма басшыларына қатысты бағаланады"), or
    None."""
    pattern = re.compile(_COMPETENCY_NUMBER.format(n=number), re.IGNORECASE)
    for node in appendix.walk():
        text = own_text(doc, node) if node.kind in ("paragraph", "note") else ""
        for sentence in re.split(r"(?<=[.;])\s+", text):
            if pattern.search(sentence):
                who = named(sentence)
                if who is not None and who != ALL:
                    return [who]
    return None


def remarked(name: str) -> list[str] | None:
    """The category a remark in brackets in a row's name keeps it to ("Управление командой
    (только для руководителей)", "Командаға басшылық ету (тек басшылар үшін)"), or None."""
    for remark in re.findall(r"\(([^()]*)\)", name):
        who = named(remark)
        if who is not None and who != ALL:
            return [who]
    return None


def _opens_summary(values: list[str]) -> bool:
    """Whether a row with no number opens with a summary's word ("Средний балл (Б) – …",
    "Орташа балл"): the first word of its first filled cell."""
    filled = [v.strip() for v in values if v and v.strip()]
    return bool(filled) and opens_summary(filled[0])


def opens_summary(text: str, within: int = 1) -> bool:
    """Whether one of the text's first `within` words is a summary word (grammar/tables.yaml
    `summary_row`): the first, or after a qualifier ("Тоқсандық орташа балл")."""
    return any(says(word, words()["summary_row"]) for word in text.split()[:within])


# an item label opening a question of a cell ("1) Ставит ли …? 2) Контролирует ли …?")
QUESTION_LABEL = re.compile(r"(?:^|(?<=[?.!;:]))\s*(?:\d{1,2}|[а-яәғқңөұүһі])\)\s+")


# a question mark closes a question when a capital opens the next ("… в срок? Признает ли …")
QUESTION_END = re.compile(r"(?<=\?)\s+(?=[«\"“]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])")


def add_question(questions: list[str], text: str) -> None:
    """Append the questions of a cell, each item of a numbered list ("1) …? 2) …?") one
    question, its label dropped, and each question a cell runs on after another's question
    mark one; a text that starts in lower case continues the last one."""
    for part in (p for item in QUESTION_LABEL.split(text) for p in QUESTION_END.split(item)):
        part = part.strip()
        if not part:
            continue
        if questions and part[0].islower():
            questions[-1] = f"{questions[-1]} {part}"
        else:
            questions.append(part)


# ---------------------------------------------------------------- forms

def form(doc, table, appendix, found, notes) -> list[Fact]:
    """The form of an appendix whose table lists scored parameters."""
    header = texts(rows(table)[0])
    scale = bounds(header[found["score"]]) if NUMBER.search(header[found["score"]]) else None
    parameters = []
    shown = shown_columns(header, found)
    competencies: list[Fact] = []
    body = rows(table)[1:]
    last = max((k for k, row in enumerate(body) if numbered(texts(row), found)), default=-1)
    # the rows above the first numbered one of a sheet that numbers its rows are its header's
    # second line ("| атауы | назарға алынатын өлшемдер | балл (1-ден 5-ке дейін) |")
    first = min((k for k, row in enumerate(body) if numbered(texts(row), found)), default=0)
    for at, row in enumerate(body):
        if at < first:
            continue
        if sums_up(texts(row), found) or closes_numbered(parameters, texts(row), found,
                                                         numbered_after=at < last):
            after_total(table, body[at + 1:], found, notes)
            break  # the total closes the parameters; a row under it grades it ("Оценка")
        parameter = form_row(texts(row), found, scale)
        if parameter is not None:
            parameters.append(parameter)
            if shown:
                competencies.append(shown_competency(doc, table, appendix, row, found,
                                                     shown, parameter["name"]))
    parameters = template_slots(parameters, clean(header[found["name"]]))
    if "guidance" not in found:
        parameters = bracketed_guidance(parameters)
    listed = not parameters and blank(table, found)
    if listed:
        parameters = [item(header[found["name"]], scale)]
    if not parameters:
        notes.append(diagnostic(table, "form: no parameter rows under the header"))
    elif "guidance" in found and table.address == appendix.address \
            and not any(p.get("guidance") for p in parameters):
        # a table rebuilt from flattened lines (parser/facts/flat.py) whose name and guidance
        # columns wrap line by line into each other: the names may hold the guidance
        notes.append(diagnostic(table, "form: the guidance column of a flattened sheet gave "
                                       "no text; its lines may be read into the parameter names"))
    total = total_formula(doc, table, found)
    summary = summary_formulas(doc, table, parameters, found)
    stated = total if total is not None else next(iter(summary), None)
    out = [*competencies, form_fact(doc, appendix, table, parameters,
                                    stated.fields["expression"] if stated is not None else None),
           *summary, *([total] if total is not None else [])]
    out += row_formulas(doc, table, found, [f for f in out if f.kind == "formula"])
    out += row_equations(doc, table, parameters, [f for f in out if f.kind == "formula"])
    if scale is not None and scale["high"] is not None and scale["low"] != scale["high"]:
        head = rows(table)[0].children[found["score"]]
        subject = sheet_subject(appendix, parameters[0]["name"] if listed else None,
                                clean(header[found["name"]]))
        if competencies and subject == words()["scale_subject"]["default"]:
            subject = words()["scale_subject"]["competency_sheet"]  # no 360 respondent's
        out.append(fact(doc, "score_range", table.address, head.head or head.span, table.lang,
                        {"subject": subject, **scale}))
    return out


def closes_numbered(parameters: list[dict], values: list[str], found: dict,
                    numbered_after: bool = True) -> bool:
    """Whether a row closes a sheet's numbered parameters: a row with no number, its number
    cell nor its name numbering it, under parameters all numbered (in their own column or
    inside their names, "1. Качество …"), that opens with a summary word ("Средний балл |
    сумма баллов, деленная на количество параметров", "Орташа балл | …") or that no numbered
    row follows ("Сумма коэффициентов сложности", "Күрделілік коэффициенттерінің қосындысы"
    under the last task: the sheet's reckoning; an unnumbered row between numbered ones heads
    a group)."""
    if not parameters or any(p["number"] is None for p in parameters):
        return False
    name = cell(values, found["name"])
    if numbered(values, found):
        return False
    return _opens_summary(values) or (not numbered_after and bool(name.strip()))


def numbered(values: list[str], found: dict) -> bool:
    """Whether a row is numbered, in a number column or inside its name ("1. Качество …")."""
    return cell(values, found.get("number")).strip().rstrip(".").isdigit() \
        or bool(LEADING_NUMBER.match(cell(values, found["name"])))


def shown_columns(header: list[str], found: dict[str, int]) -> dict[str, int]:
    """The columns of a competency sheet's behavioural indicators, by their header cells
    ("Эффективное проявление | Неэффективное проявление", "Тиімді көрінісі | Тиімсіз
    көрінісі"; grammar/indicators.yaml `columns`) among the cells that take no other role:
    {"effective": i, "ineffective": j}, or {} unless both stand there."""
    spec = indicators.words()["columns"]
    taken = set(found.values())
    out: dict[str, int] = {}
    for index, text in enumerate(header):
        if index in taken:
            continue
        key = next((k for k in ("ineffective", "effective", "category")
                    if spec[k].search(fold(text))), None)
        if key is not None:
            out.setdefault(key, index)
    return out if {"effective", "ineffective"} <= out.keys() else {}


def shown_competency(doc, table: Node, appendix: Node, row: Node, found: dict,
                     shown: dict[str, int], name: str) -> Fact:
    """The competency a row of a competency sheet scores, with the behaviours its indicator
    columns show (one a ";"-item or a paragraph of the cell); its categories are those its
    category column names, else its footnote's or its remark's, else (None) its form's."""
    cells = [c for c in row.children if c.kind == "cell"]
    name_cell = cells[min(found["name"], len(cells) - 1)]
    values = texts(row)
    codes = indicators.categories(cell(values, shown.get("category")))
    return fact(doc, "competency", table.address, name_cell.head or name_cell.span, table.lang, {
        "name": name,
        "categories": codes or footnoted(doc, appendix, name_cell.text or "") or remarked(name),
        "indicators": {key: indicators.items(clean(_items_text(cell(values, shown[key]))))
                       for key in ("effective", "ineffective")}})


def _items_text(text: str) -> str:
    """A cell of indicators with its items parted by ";": a cell whose items a ";" ends
    wraps its lines (a text export's column: "тапсырмаларды сапалы әрі" / "белгіленген
    мерзімде орындайды; …"), else each of its paragraphs is an item."""
    return text.replace(CELL_BREAK, " " if ";" in text else ";")


def after_total(table: Node, below: list[Node], found: dict, notes: list[Diagnostic]) -> None:
    """Report the rows under a sheet's total that would be parameters: a row there grades the
    total ("5 | Оценка", "6 | Тоқсандық баға": a score or summary word) or sums up; any other
    row with words is not read, and said so."""
    for row in below:
        name = clean(cell(texts(row), found["name"]))
        if not re.search(r"[^\W\d_]{2,}", name) or says(name, words()["columns"]["score"]) \
                or says(name, words()["summary_row"]) or reckons(name):
            continue
        notes.append(diagnostic(table, f"form: the row {name!r} under the sheet's total is no "
                                       "parameter of it and is not read"))


def summary_formulas(doc, table: Node, parameters: list[dict], found: dict) -> list[Fact]:
    """The formula a form's summary row names in words ("Итоговая оценка (среднее
    арифметическое)", "Қорытынды баға (орта арифметикалық мән)"), or any row under the
    numbered ones states in its bracket, whatever it is called ("Квартальная оценка (сумма
    баллов / 6)", "Тоқсандық баға (салмақталған балдардың қосындысы)"): the aggregation it
    words, named as the vocabulary names that mean (average_score, kpi_weighted_score). A
    bracket a row leaves open goes on in the rows under it (a PDF's wrapped cell read as rows
    of its own: "Итоговая оценка" / "(сумма взвешенных" / "баллов по всем КЦИ)")."""
    body = rows(table)[1:]
    last = max((k for k, row in enumerate(body) if numbered(texts(row), found)), default=-1)
    counted = None if blank_list(parameters) else len(parameters)
    out, k = [], 0
    while k < len(body):
        row, line = body[k], " ".join(texts(body[k]))
        while line.count("(") > line.count(")") and k + 1 < len(body) \
                and not numbered(texts(body[k + 1]), found):
            k += 1
            line += " " + " ".join(texts(body[k]))
        k += 1
        if not (says(line, words()["summary_row"]) or k - 1 > last >= 0 and "(" in line):
            continue
        how = for_items(worded([line], counted), parameters)
        target = formulas.mean_name(how) if how else None
        if target is not None:
            target, how = _named_mean(line, table.lang, target, how)
            variables = {target: "", **{v: "" for v in re.findall(r"\((\w+)\)", how)}}
            out.append(fact(doc, "formula", table.address, row.head or row.span, table.lang,
                            {"target": target, "expression": how, "variables": variables}))
    return out


def _named_mean(line: str, lang: str | None, target: str, how: str) -> tuple[str, str]:
    """(target, expression) of a summary row's mean: the mean of a list the words before its
    bracket name where the `variables` entry they name is one ("Жеке жоспардың орындалу
    бағасы (балдардың орташа арифметикалық мәні)" is the plan's score, the mean of its
    targets' scores: `mean_of`), else the vocabulary's name of the mean. (A sheet's own mean
    keeps that name though its words name the competency result, "Оценка компетенций
    (среднее арифметическое баллов)": the rule plan chooses the sheet by it.)"""
    bracket = line.find("(")
    named = formulas.variable_named(line[:bracket], lang) if bracket > 0 else None
    if named is None:
        return target, how
    if named[1].get("mean_of") and how == MEAN:
        return named[0], f"avg({named[1]['mean_of']})"
    return target, how


def row_formulas(doc, table: Node, found: dict, known: list[Fact]) -> list[Fact]:
    """The formulas of a sheet's rows that reckon their value from other rows by number or
    from values named in words, in brackets after their name ("8 | Шегерілетін балдар (7-жол
    × 0,25)", "9 | Итоговый квартальный балл (строка 6 – строка 8)", "Штрафные баллы (0,25 ×
    количество нарушений)"): each row referred to stands for its value (the formula its row
    states, else what the `variables` table names its words), the target is what the
    expression's shape names, else the row's own words; a coefficient is written first
    ("0.25 * violations"). A term left unnamed gives no formula."""
    if "number" not in found:
        return []
    said = {f.span.start: f.fields["target"] for f in known}
    values: dict[int, str] = {}
    for row in rows(table)[1:]:
        cells_ = texts(row)
        number = cell(cells_, found["number"]).strip().rstrip(".")
        if not number.isdigit():
            continue
        own = next((t for start, t in said.items()
                    if row.span.start <= start < row.span.end), None)
        named = formulas.variable_named(EXPRESSION_TAIL.sub("", clean(cell(
            cells_, found["name"]))), table.lang)
        if own or named:
            values[int(number)] = own or named[0]
    out = []
    for row in rows(table)[1:]:
        name = clean(cell(texts(row), found["name"]))
        bracket = EXPRESSION_TAIL.search(name)
        if bracket is None or not re.search(r"[×*+/–−-]", bracket.group(1)):
            continue
        reckoned = _reckoned(bracket.group(1), values, table.lang)
        if reckoned is None:
            continue
        named = formulas.variable_named(name[:bracket.start()], table.lang)
        target = formulas.computed_name(reckoned, named[0] if named else None)
        if target is None or target in reckoned.split() or any(
                f.fields.get("expression") == reckoned for f in known):
            continue
        out.append(fact(doc, "formula", table.address, row.head or row.span, table.lang, {
            "target": target, "expression": reckoned,
            "variables": {target: "", **{v: "" for v in re.findall(r"[^\W\d]\w*", reckoned)}}}))
    return out


def row_equations(doc, table: Node, parameters: list[dict], known: list[Fact]) -> list[Fact]:
    """The formulas a sheet's rows state as equations in their brackets, each row naming its
    symbol by its words (a row may name one with no equation: "… фактілерінің саны (Н)"),
    the rows together a legend ("Орташа балл (ОБ = балдар қосындысы / 6)", "Шегерім (Ш =
    0,2 × бұзушылық фактілерінің саны, 1 балдан аспайды)", "Тоқсандық
    қорытынды баға (ТҚБ = ОБ – Ш, ондық үлеске дейін дөңгелектенеді)" is average_score − b):
    a term is a symbol another row names, a number, or words a value is named by; an
    aggregation in words the vocabulary names (`worded`: a sum over the count of the sheet's
    parameters is their mean) is that aggregation. The target is what the
    expression's shape names, else the row's words; what follows the expression after a
    comma (a rounding, a cap) is no part of it. A term left unnamed gives no formula, nor
    does one the sheet's other readers state already."""
    equations, names = [], {}
    for row in rows(table)[1:]:
        line, start = " ".join(t for t in texts(row) if t), 0
        for found in ROW_EQUATION.finditer(line):  # a row's cells may hold two rows' words
            named = formulas.variable_named(line[start:found.start()], table.lang)
            key = formulas.symbol_key(found["symbol"])
            if named is not None:
                names[key] = named[0]
            if found["body"] is not None:
                equations.append((row, key, ROW_EQUATION_TAIL.split(found["body"])[0]))
            start = found.end()
    counted = None if blank_list(parameters) else len(parameters)
    said = {f.fields.get("expression") for f in known}
    read: dict[int, tuple[str, str]] = {}
    while True:  # a symbol no row's words name is what its own equation computes
        more = False
        for k, (row, key, body) in enumerate(equations):
            expression = None if k in read else _equated(body, names, table.lang, counted)
            target = expression and formulas.computed_name(expression, names.get(key))
            if target and target not in expression.split():
                read[k] = (target, expression)
                names.setdefault(key, target)
                more = True
        if not more:
            break
    out = []
    for k in sorted(read):
        target, expression = read[k]
        if expression in said:
            continue
        said.add(expression)
        row = equations[k][0]
        out.append(fact(doc, "formula", table.address, row.head or row.span, table.lang, {
            "target": target, "expression": expression,
            "variables": {target: "", **dict.fromkeys(formulas.variables_of(expression), "")}}))
    return out


def _equated(body: str, names: dict[str, str], lang: str | None, counted: int | None) -> str | None:
    """An equation's right side with its symbols named (`names`), its words read as the
    values they name, a sum over a number or a count the sheet's mean; None when a term is
    left unnamed."""
    mean = worded([f"({body})"], counted)
    if mean is not None and formulas.mean_name(mean) is not None:
        return mean  # not a sum over a number that is no count ("сумма произведений … / 100")
    return _rendered(body, {}, lambda term: names.get(formulas.symbol_key(term)) or (
        formulas.variable_named(term, lang) or (None,))[0])


# an equation in a row's bracket ("(ТҚБ = ОБ – Ш, …)", "(Ш = 0,2 × … саны)"), or the symbol
# alone the row's words name ("… фактілерінің саны (Н)")
ROW_EQUATION = re.compile(r"\(\s*(?P<symbol>[^\W\d_]{1,5}\d*)\s*"
                          r"(?:=\s*(?P<body>[^()=]*[×*+/–−-][^()=]*))?\)")
# what follows the expression: a comma and a space ("…, ондық үлеске дейін …", "…, но не
# более 1 балла", "…, 1 балдан аспайды"), never a decimal comma
ROW_EQUATION_TAIL = re.compile(r",\s+")


# the bracket closing a row's name: "Шегерілетін балдар (7-жол × 0,25)"
EXPRESSION_TAIL = re.compile(r"\s*\(([^()]*)\)\s*$")


def _reckoned(text: str, values: dict[int, str], lang: str | None) -> str | None:
    """An expression over rows by number and values named in words ("7-жол × 0,25",
    "строка 6 – строка 8", "0,25 × количество нарушений") with each term named, or None."""
    names: dict[str, str] = {}

    def row(m: re.Match) -> str:
        number = int(m.group(1) or m.group(2))
        names[f"r{number}"] = values.get(number, "")
        return f" r{number} "
    text = re.sub(words()["row_reference"], row, text)
    return _rendered(text, names, lambda term: (formulas.variable_named(term, lang) or (None,))[0])


def _rendered(text: str, names: dict[str, str], name_of) -> str | None:
    """An expression written over terms -> its text over the vocabulary's names: each term
    that is no number nor a placeholder already in `names` ("r7", a row referred to) is
    named by `name_of` (None: the expression is left unread); a coefficient comes first, as
    a per-violation deduction is written ("0.25 * violations")."""
    names = dict(names)
    parts = re.split(r"\s*([×*+/–−:]|\s-\s)\s*", text.strip())
    for i in range(0, len(parts), 2):
        term = parts[i].strip()
        if term in names or re.fullmatch(r"\d+(?:[.,]\d+)?", term):
            continue
        named = name_of(term) if term else None
        if not named:
            return None
        names[f"w{i}"] = named
        parts[i] = f" w{i} "
    if not all(names.values()):
        return None
    tree = formulas.expression_tree("".join(parts).replace("−", "-"))
    if tree is None:
        return None
    return re.sub(r"^([^\W\d]\w*) \* (\d+(?:\.\d+)?)$", r"\2 * \1", formulas.render(tree, names))


def total_formula(doc, table: Node, found: dict) -> Fact | None:
    """The formula a sheet's total row states in brackets ("4 | Тоқсандық балл (100 + а – б)",
    "4 | Квартальный балл (100 + а – б)"), its symbols named by the rows naming them ("2 |
    Баллы за поощряемую деятельность, «а» (…)": the `variables` entry of the row's words) and
    its target by its shape (grammar/facts_meaning.yaml `formula_shapes`); None when a symbol
    is left unnamed or the shape names nothing."""
    names: dict[str, str] = {}
    total = None
    for row in rows(table)[1:]:
        values = texts(row)
        name = clean(cell(values, found["name"]))
        # the total's own bracket quotes the symbols it reckons ("(100 + «а» – «б»)"): no name
        bare = EXPRESSION.sub(" ", name)
        symbol = formulas.QUOTED_SYMBOL.search(bare)
        if symbol is not None:
            named = formulas.variable_named(bare[:symbol.start()], table.lang)
            if named is not None:
                names[formulas.symbol_key(symbol.group(1))] = named[0]
        if total is None and sums_up(values, found) and EXPRESSION.search(name):
            total = (row, formulas.QUOTED_SYMBOL.sub(r"\1", EXPRESSION.search(name).group()[1:-1]))
    if total is None:
        return None
    tree = formulas.expression_tree(total[1])
    if tree is None:
        return None
    symbols = set(formulas.symbols_of(tree))
    formulas.spell_alike(names, symbols)
    expression = formulas.render(tree, names)
    target = formulas.shape_name(expression)
    if target is None or not symbols <= names.keys():
        return None
    return fact(doc, "formula", table.address, total[0].head or total[0].span, table.lang, {
        "target": target, "expression": expression,
        "variables": {target: "", **{v: "" for v in sorted(set(names.values()))}}})


def sheet_subject(appendix: Node, item: str | None, name_header: str) -> str:
    """What the scale a sheet's header states scores: one respondent's answer on a sheet
    titled with the 360 method ("Анкета оценки компетенций методом 360"), else the item of a
    blank list (`scale_subject`) when it names one, else what its name column's header says
    its rows are ("Целевой показатель плана работы", "Наименование КЦИ", "Задача ИПР"), else
    the parameters."""
    spec = words()["scale_subject"]
    title = title_of(appendix)
    if title is not None and method_of(title.text) == "360":
        return spec["questionnaire"]
    if item is not None and scale_subject(item) != spec["default"]:
        return scale_subject(item)
    # … a blank list whose item is what the header names ("Задача ИПР" over empty numbered rows)
    named_ = next((k for k, w in spec["headers"].items() if says(name_header, w)), None)
    if named_ is None and title is not None:
        named_ = next((k for k, w in spec["titled"].items() if says(name_header, w["header"])
                       and says(title.text, w["title"])), None)
    return named_ or spec["default"]


def scale_subject(item_name: str | None) -> str:
    """What a sheet's scale scores: the item of a blank list when it names a key indicator
    (kpi_score), else the sheet's parameters."""
    spec = words()["scale_subject"]
    if item_name:
        item_name = definitions.spelled_out(item_name)  # "ННК": a key indicator it defined
        found = next((k for k, w in spec["items"].items() if says(item_name, w)), None)
        if found:
            return found
    return spec["default"]


def blank(table: Node, found: dict) -> bool:
    """Whether no row under the header has a word in the name column but a summary row
    ("Қорытынды баға", "Итоговая оценка"): a blank list to fill."""
    names = [cell(texts(r), found["name"]) for r in rows(table)[1:]]
    return not any(re.search(r"[^\W_]{2,}", n) and not says(n, words()["summary_row"])
                   for n in names)  # a line to write on ("________") is no word


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


def tally(table: Node) -> bool:
    """Whether a table is a blank register of what happened in the period: two columns of
    points or more to fill in ("Көтермелеу балы (а)", "Айыппұл балы (б)"), none stating a
    scale (a sheet scoring its items states one), and rows that are numbered slots (a summary
    row aside)."""
    header = texts(rows(table)[0])
    number_at = roles(header, table.lang).get("number")
    slots = [v for v in map(texts, rows(table)[1:])
             if not says(" ".join(v), words()["summary_row"])]
    points = [h for h in header if role_of(h, table.lang) == "points"]
    return len(points) >= 2 and not any(len(NUMBER.findall(h)) == 2 for h in header) \
        and bool(slots) and all(not c.strip() for v in slots
                                for i, c in enumerate(v) if i != number_at)


def column_form(doc, table, appendix) -> list[Fact]:
    """The form of a blank register: each column but the number column is a thing its rows
    report ("Көтермеленетін қызмет түрі", "Көтермелеу балы (а)", …), unnumbered and unscored
    (the points come from the clauses the sheet applies)."""
    header = texts(rows(table)[0])
    number_at = roles(header, table.lang).get("number")
    parameters = [{"number": None, "name": clean(h), "low": None, "high": None}
                  for i, h in enumerate(header) if i != number_at and clean(h)]
    return [form_fact(doc, appendix, table, parameters)]


def split_form(doc, table, appendix, found) -> list[Fact]:
    """The form of a sheet whose score columns are split into named parameters."""
    parameters = [{"number": None, "name": n, "low": None, "high": None}
                  for n in split_columns(table, found)]
    return [form_fact(doc, appendix, table, parameters)]


def sums_up(values: list[str], found: dict) -> bool:
    """Whether a numbered row of a sheet is its total, not a parameter: its name opens with a
    summary word and states how it is computed ("4 | Итоговый балл (И = 100 + а – б)",
    "6 | Орташа балл (қосынды / 5)"), reckons the sum of the scores over a number ("4 | Сумма
    баллов (сумма / 3)", `sum_over`), or names points with the equation or the expression that
    reckons them ("5 | Тоқсандық балл (ТБ = 100 + а – б)", "5 | Квартальный балл (КБ = 100 + а
    – б)", "4 | Тоқсандық балл (100 + а – б)")."""
    name = clean(cell(values, found["name"]))
    numbered = cell(values, found.get("number")).strip().rstrip(".").isdigit()
    points = says(name, words()["columns"]["points"])
    return numbered and ((bool(COMPUTED.search(name)) and (
        opens_summary(name, within=2) or (bool(EQUATION.search(name)) and points)))
        or (bool(EXPRESSION.search(name)) and points) or sum_over(name) is not None
        or reckons_in_words(name))


COMPUTED = re.compile(r"[=/]")
# an expression in brackets, numbers and short symbols joined by operators, one symbol at
# least: "(100 + а – б)"; numbers alone in brackets are a range ("(0 – 20)", "(1 - 5)") or a
# number, no reckoning
# a symbol may stand in quotes ("(100 + «а» – «б»)", formulas.QUOTED_SYMBOL's marks)
_TERM = r"(?:\d+(?:[.,]\d+)?|[«\"“„]?[^\W\d_]{1,4}\d*[»\"”“]?)"
EXPRESSION = re.compile(rf"\((?=[^()]*[^\W\d_])\s*{_TERM}(?:\s+[-+–−×*/]\s+{_TERM})+\s*\)")


def reckons(name: str) -> bool:
    """Whether a row's name states in brackets how the sheet's total is reckoned: an equation
    setting a symbol ("(ТБ = 100 + а – б)"), an expression over symbols ("(100 + а – б)"),
    or the sum of the scores over a number or a count ("Тоқсандық баға (балдардың қосындысы /
    5)", "Квартальная оценка (сумма баллов / 5)", "(сумма баллов/количество параметров)",
    grammar/tables.yaml `sum_over`, `sum_divided`). A bracket
    that only parts words with a slash ("Качество (полнота/своевременность)", "Сапа
    (толықтығы/уақтылығы)") or holds a range ("(0 – 20)") reckons nothing."""
    return bool(EQUATION.search(name) or EXPRESSION.search(name) or sum_over(name)
                or reckons_in_words(name))


def reckons_in_words(name: str) -> bool:
    """Whether a row's bracket reckons the sum of the scores over what it counts in words
    ("Тоқсандық баға (балдардың қосындысы міндеттер санына бөлінеді, …)", grammar/tables.yaml
    `sum_divided`)."""
    return bool(re.search(words()["sum_divided"], fold(name), re.IGNORECASE))


def sum_over(text: str) -> re.Match | None:
    """The bracket of a text reckoning the sum of the scores over a number ("(сумма баллов /
    5)", "(балдардың қосындысы / 5)"), its group 1 the number, or None."""
    return re.search(words()["sum_over"], fold(text), re.IGNORECASE)
# a symbol set equal to an expression in brackets: "(ТБ = 100 + а – б)"
EQUATION = re.compile(r"\(\s*[^\W\d_]{1,4}\d*\s*=\s*[^)]*[-+–−×*/][^)]*\)")


def form_row(values: list[str], found: dict, scale: dict | None) -> dict | None:
    """One parameter of a form row, or None for a summary, placeholder or empty row."""
    name = clean(summary_tail(cell(values, found["name"])))
    numbered = cell(values, found.get("number")).strip().rstrip(".")
    numbered = numbered if numbered.isdigit() else ""  # a merged summary row repeats its words
    if not re.search(r"[^\W_]{2,}", name) or (not numbered and (says(name, words()["summary_row"])
                                                             or reckons(name))):
        return None
    lead = LEADING_NUMBER.match(name)
    if lead:
        numbered = numbered or lead.group(1)
        name = name[lead.end():]
    name = name.rstrip("*. ").strip()
    rng = bracket_range(name) or scale or row_range(values, found)
    parameter = {"number": int(numbered) if numbered.isdigit() else None, "name": name,
                 "low": rng["low"] if rng else None, "high": rng["high"] if rng else None}
    guidance = clean(cell(values, found.get("guidance")))
    if guidance:
        parameter["guidance"] = guidance
    if says(name, words()["optional_row"]):
        parameter["optional"] = True  # filled only where it applies: a case may leave it out
    return parameter


def summary_tail(name: str) -> str:
    """A name cell less its last line when that line is the sheet's summary row the layout
    wrapped into the last parameter's cell (a text export's unnumbered "Орташа балл" under
    row 5's wrapped name, a merged cell's "Средняя оценка"): a line after the first that
    opens with a capital and a summary word (grammar/tables.yaml `summary_row`)."""
    *lines, last = name.split(CELL_BREAK)
    label = last.strip()
    if lines and label[:1].isupper() and opens_summary(label):
        return CELL_BREAK.join(lines)
    return name


def bracket_range(name: str) -> dict | None:
    """The range a row's name closes with in brackets, nothing else in them ("Баллы за
    качество работы (0 – 20)", "Сапасы үшін балдар (0-ден 20-ға дейін)"): that row's own
    range, whatever the header's scale; else None."""
    closing = BRACKETED.match(name)
    if closing is None or not is_numeric(closing.group(2)) \
            or len(NUMBER.findall(closing.group(2))) != 2:
        return None
    return bounds(closing.group(2))


def row_range(values: list[str], found: dict) -> dict | None:
    """A range written in a row's own cell ("2-ден 5 ке дейін"), if any."""
    skip = {found.get("name"), found.get("number")}
    for index, text in enumerate(values):
        if index not in skip and is_numeric(text) and len(NUMBER.findall(text)) == 2:
            return bounds(text)
    return None


def bracketed_guidance(parameters: list[dict]) -> list[dict]:
    """A sheet with no guidance column that closes every parameter's name with a bracketed
    explanation ("1. Функционалдық міндеттерді орындау сапасы (негізделген ескертулердің …
    болмауы)"): the brackets are the guidance, as a column would be. A bracket on some rows
    only ("Работа с подчиненными (наставничество, мотивация)") is part of the name, and a
    bracketed range ("(0 – 20)") is the row's range (`bracket_range`), no guidance."""
    split = [BRACKETED.match(p["name"]) for p in parameters]
    if len(parameters) < 2 or not all(split) or any(bracket_range(p["name"]) for p in parameters):
        return parameters
    return [{**p, "name": m.group(1).strip(), "guidance": m.group(2).strip()}
            for p, m in zip(parameters, split)]


BRACKETED = re.compile(r"^(.*\w.*?)\s*\(([^()]*\w[^()]*)\)$")


SLOT_NUMBER = re.compile(r"^\s*\d+\s*[-–.)]?\s*|\s*№?\s*\d+\s*$")


def template_slots(parameters: list[dict], header: str) -> list[dict]:
    """Rows that only number the name column's header ("1 мақсаттық көрсеткіштің нәтижесі"
    under "Мақсаттық көрсеткіштің нәтижесі", "1-мақсатты көрсеткіш" under "Мақсатты
    көрсеткіштің нәтижесі", "Целевой показатель 2" under "Целевой показатель") are slots of
    one parameter: kept as one, unnumbered."""
    slot = header.rstrip("*. ").casefold()
    if parameters and all(p["name"].casefold() == slot or _numbered_slot(p["name"], slot)
                          for p in parameters):
        first = parameters[0]
        return [{"number": None, "name": header.rstrip("*. "),
                 "low": first["low"], "high": first["high"]}]
    return parameters


def _numbered_slot(name: str, header: str) -> bool:
    """Whether a numbered row names the header's thing: its words, the number off, begin the
    header's words one by one (the header may inflect them and go on: "көрсеткіш" of
    "көрсеткіштің нәтижесі")."""
    if not SLOT_NUMBER.search(name):
        return False
    words, heads = SLOT_NUMBER.sub("", name).casefold().split(), header.split()
    return bool(words) and len(words) <= len(heads) and all(
        h.startswith(w) for w, h in zip(words, heads))


# ---------------------------------------------------------------- lookup tables

def lookup_name(header: list[str], found_in: int, found_out: int,
                lang: str | None = None, title: str | None = None) -> tuple | None:
    """(input, output) keys from the input and output columns' header words (the output's
    head word first: "Берілетін балл" gives points, "Оценка в баллах" a score), the input
    from the table's title where its column's header does not name it ("Вид дополнительной
    деятельности" under "Виды дополнительной деятельности и поощрительные баллы"), or None."""
    spec = words()["lookup"]
    key_in = next((k for text in (header[found_in], title or "")
                   for k, w in spec["inputs"].items() if says(text, w)), None)
    key_out = keyed(header[found_out], spec["outputs"], lang)
    if key_in is None or key_out is None:
        return None
    return key_in, spec.get("output_of_input", {}).get(key_in, {}).get(key_out, key_out)


def ranges_name(keys: tuple[str, str]) -> str:
    """A table of ranges' name from its input and output keys, each by the word the
    vocabulary's names use for it (grammar/tables.yaml `input_names`, `output_names`)."""
    spec = words()["lookup"]
    return spec["name_of_ranges"].format(input=spec.get("input_names", {}).get(keys[0], keys[0]),
                                         output=spec.get("output_names", {}).get(keys[1], keys[1]))


def data_columns(table: Node) -> list[int]:
    """The columns of a table but its number column ("№ п/п")."""
    header = texts(rows(table)[0])
    number_at = roles(header, table.lang).get("number")
    return [i for i in range(len(header)) if i != number_at]


def numeric_columns(table: Node) -> list[int]:
    """The data columns every data row of which holds a number or a range: a column that
    glosses them ("Статус КЦИ": достигнут / не достигнут, "ННИ мәртебесі") is none."""
    data = [texts(r) for r in rows(table)[1:]]
    width = len(texts(rows(table)[0]))
    if not data or any(len(v) != width for v in data):
        return []
    return [i for i in data_columns(table) if all(is_numeric(v[i]) for v in data)]


def range_table(doc, table, notes) -> list[Fact]:
    """A table of numeric ranges mapped to a number or a range; an output column of ranges
    ("4 – 4,99") is a score range whatever its header calls it; a column glossing the rows in
    words is left aside."""
    header_row, *data = rows(table)
    given_at, value_at = numeric_columns(table)
    header = texts(header_row)
    keys = lookup_name(header, given_at, value_at, table.lang)
    if any(len(NUMBER.findall(texts(r)[value_at])) == 2 for r in data):
        key_in = keys[0] if keys else next((k for k, w in words()["lookup"]["inputs"].items()
                                            if says(header[given_at], w)), None)
        keys = (key_in, words()["lookup"]["range_output"]) if key_in else None
    if keys is None:
        notes.append(diagnostic(table, "lookup table: input or output not named by the header"))
        return []
    out_rows = []
    for row in data:
        values = texts(row)
        given, value = bounds(values[given_at]), bounds(values[value_at])
        single = keys[1] != words()["lookup"]["range_output"] and value["low"] == value["high"]
        out_rows.append({**given, "value": value["low"] if single else
                         [value["low"], value["high"]]})
    name = ranges_name(keys)
    return [fact(doc, "lookup_table", table.address, header_row.span, table.lang, {
        "name": name, "input": keys[0], "output": keys[1], "rows": out_rows})]


def bound_columns(table: Node, holds=is_numeric) -> tuple[int, int, int] | None:
    """(low, high, value) columns of a table whose input is written as two columns, its lower
    and its upper bound (grammar/tables.yaml `lookup` `low_bound`, `high_bound`), and whose
    one other data column `holds` a value in every row (a number; a grade's name for
    `band_columns`); else None."""
    header, spec = texts(rows(table)[0]), words()["lookup"]
    low = [i for i, h in enumerate(header) if says(h, spec["low_bound"])]
    high = [i for i, h in enumerate(header) if says(h, spec["high_bound"]) and i not in low]
    if len(low) != 1 or len(high) != 1:
        return None
    data = [texts(r) for r in rows(table)[1:]]
    if len(data) < 2 or any(len(v) != len(header) for v in data):
        return None
    rest = [i for i in data_columns(table) if i not in (low[0], high[0])
            and all(holds(v[i]) for v in data)]
    ends = all(is_numeric(v[i]) or not re.sub(r"[\s\-–—]+", "", v[i])
               for v in data for i in (low[0], high[0]))
    return (low[0], high[0], rest[0]) if len(rest) == 1 and ends else None


def band_columns(table: Node) -> tuple[int, int, int] | None:
    """(low, high, grade) columns of a grading table: its score's bounds in two columns and
    a grade named in every row ("Годовая оценка | от (включительно) | до (включительно)",
    "Баға | бастап | дейін")."""
    return bound_columns(table, lambda cell: _grade(cell, table.lang) is not None)


def _grade(cell: str, lang: str) -> str | None:
    """The grade a cell names (grammar/facts_meaning.yaml `grades`), or None."""
    found = lexicon.entry("grades", lang, _keys(cell, lang))
    return found[0] if found else None


def _keys(words: str, lang: str) -> str:
    """The word keys of a piece of text (the meaning tables are searched in them)."""
    return " ".join(text.words_of(s.tokens, lang) for s in nlp.analyze(words, lang))


def band_table(doc, table, columns: tuple[int, int, int]) -> list[Fact]:
    """The grade bands of a grading table, one a row: a dash or a blank an open end, each end
    included unless its header leaves it out ("до (не включительно)", "дейін (кірмейді)");
    the scale is the one its header names, else its clause's (text.py `scale_named`)."""
    header_row, *data = rows(table)
    header = texts(header_row)
    low_at, high_at, grade_at = columns
    excluded = words()["lookup"]["excluded"]
    ends = [(NUMBER.search(texts(r)[low_at]), NUMBER.search(texts(r)[high_at])) for r in data]
    top = max((number(m.group()) for pair in ends for m in pair if m), default=None)
    scale = text.scale_named(doc, table, _keys(" ".join(header), table.lang), top)
    out = []
    for row, (low, high) in zip(data, ends):
        out.append(fact(doc, "grade_band", table.address, row.span, table.lang, {
            "scale": scale, "grade": _grade(texts(row)[grade_at], table.lang),
            "low": number(low.group()) if low else None,
            "high": number(high.group()) if high else None,
            "low_inclusive": (not says(header[low_at], excluded)) if low else None,
            "high_inclusive": (not says(header[high_at], excluded)) if high else None}))
    return out


def bound_table(doc, table, columns: tuple[int, int, int], notes) -> list[Fact]:
    """A lookup table whose rows give their input's bounds in two columns: a dash or a blank
    an open end, each end included unless its header leaves it out ("дейін (кірмейді)")."""
    header_row, *data = rows(table)
    header = texts(header_row)
    low_at, high_at, value_at = columns
    keys = lookup_name(header, low_at, value_at, table.lang)
    if keys is None:
        notes.append(diagnostic(table, "lookup table: input or output not named by the header"))
        return []
    excluded = words()["lookup"]["excluded"]
    out_rows = []
    for row in data:
        values = texts(row)
        low, high = (NUMBER.search(values[low_at]), NUMBER.search(values[high_at]))
        out_rows.append({
            "low": number(low.group()) if low else None,
            "high": number(high.group()) if high else None,
            "low_inclusive": (not says(header[low_at], excluded)) if low else None,
            "high_inclusive": (not says(header[high_at], excluded)) if high else None,
            "value": signed(values[value_at])})
    name = ranges_name(keys)
    return [fact(doc, "lookup_table", table.address, header_row.span, table.lang, {
        "name": name, "input": keys[0], "output": keys[1], "rows": out_rows})]


def is_range_table(table: Node) -> bool:
    """Two columns (a number column aside) numeric in every data row (at least three), the
    others, if any, glossing the rows in words (`numeric_columns`) and no more than one."""
    columns = numeric_columns(table)
    return len(columns) == 2 and len(data_columns(table)) <= 3 and len(rows(table)) >= 4


MINUS = re.compile(r"^\s*[-–−]\s*\d")


def signed(points: str) -> Decimal:
    """The number of a points cell, negative when a dash or minus opens it ("–3": a
    deduction printed as such)."""
    value = number(NUMBER.search(points).group())
    return -value if MINUS.match(points) else value


def keyed_by_input(table: Node, found: dict[str, int]) -> dict[str, int]:
    """The roles with the key column of a table of points moved to the column whose header
    names what is looked up, when the name column does not ("№ | Вид дисциплины | Нарушение |
    Штрафные баллы": the violations are the keys, the kinds of discipline group them)."""
    header, inputs = texts(rows(table)[0]), words()["lookup"]["inputs"]
    if any(says(header[found["name"]], w) for w in inputs.values()):
        return found
    other = [i for i, h in enumerate(header) if i not in found.values()
             and any(says(h, w) for w in inputs.values())]
    return {**found, "name": other[0]} if len(other) == 1 else found


def worded_points(text: str, lang: str | None) -> Decimal | None:
    """The points a cell says in words with their unit ("два балла за каждый календарный день
    просрочки", "әр күн үшін екі балл"): the first number the points word follows, or None."""
    tokens = nlp.tokens(text, lang or "ru")
    return next((Decimal(t.value) for t, after in zip(tokens, tokens[1:])
                 if t.is_number and t.value is not None
                 and word_class(after, lang or "ru") == "POINT"), None)


def points_table(doc, table, found, notes, appendix: Node | None = None) -> list[Fact]:
    """A table of keys and their points; an empty points cell is merged from the row above.

    A row whose key cell is empty and whose points cell holds text (a row shifted by one
    column) keeps that text as its key and the group's points.
    """
    header_row, *data = rows(table)
    header = texts(header_row)
    title = title_of(appendix) if appendix is not None else None
    keys = lookup_name(header, found["name"], found["points"], table.lang,
                       title.text if title is not None else None)
    if keys is None:
        notes.append(diagnostic(table, "lookup table: input or output not named by the header"))
        return []
    out_rows, value = [], None
    for row in data:
        values = texts(row)
        points, key = cell(values, found["points"]), clean(cell(values, found["name"]))
        if points and is_numeric(points):
            value = signed(points)
        elif points and key and (said := worded_points(points, table.lang)) is not None:
            value = said
        elif points and not key:
            key = clean(points)
        if not key:
            continue
        if value is None:
            notes.append(diagnostic(row, "lookup table: a key without points"))
            continue
        out_rows.append({"key": key, "value": value})
    spec = words()["lookup"]
    name = spec.get("keyed_names", {}).get(keys[0]) or spec["name_of_keys"].format(
        input=keys[0], output=keys[1])
    return [fact(doc, "lookup_table", table.address, header_row.span, table.lang, {
        "name": name, "input": keys[0], "output": keys[1], "rows": out_rows})]


# ---------------------------------------------------------------- entry point

def read_table(doc: Document, table: Node, appendix: Node | None,
               notes: list[Diagnostic]) -> list[Fact]:
    """The facts of one table, by what its header says."""
    if not rows(table):
        return []
    table = laid_out(table)
    found = named_by_criteria(to_fill(table, roles(texts(rows(table)[0]), table.lang),
                                      appendix is not None and sheet(appendix)))
    if appendix is not None and {"number", "name", "question"} <= found.keys():
        return questionnaire(doc, table, appendix, found, notes)
    if appendix is not None and {"number", "question"} <= found.keys() \
            and any(_section(texts(row), found) for row in rows(table)[1:]):
        return sectioned(doc, table, appendix, found, notes)
    if bound_columns(table) is not None:
        return bound_table(doc, table, bound_columns(table), notes)
    if band_columns(table) is not None:
        return band_table(doc, table, band_columns(table))
    if is_range_table(table):
        return range_table(doc, table, notes)
    if appendix is not None and sheet(appendix) and tally(table):
        return column_form(doc, table, appendix)
    if appendix is not None and {"name", "score"} <= found.keys():
        return form(doc, table, appendix, found, notes)
    if appendix is not None and "score" in found and "name" not in found and sheet(appendix) \
            and split_columns(table, found):
        return split_form(doc, table, appendix, found)
    if {"name", "points"} <= found.keys() and "score" not in found:
        return points_table(doc, table, keyed_by_input(table, found), notes, appendix)
    if {"answer", "points"} <= found.keys() and not {"name", "question", "score"} & found.keys():
        # a scale of answers ("Вариант ответа | Балл", "Жауап нұсқасы | Балл"): the answers
        # are its keys
        return points_table(doc, table, {**found, "name": found["answer"]}, notes)
    if appendix is not None and "name" in found and blank(table, found) and sheet(appendix):
        return item_form(doc, table, appendix, found)
    return []


def flattened(doc: Document) -> list[tuple[Node, Node]]:
    """(table, appendix) of the tables a PDF export flattened into the text of an appendix
    that holds no table node, a row a line (parser/facts/flat.py), a cell a block or a cell
    a line (parser/facts/celled.py and lined.py)."""
    out = []
    for node in doc.nodes():
        if node.kind == "appendix" and not any(n.kind == "table" for n in node.walk()):
            table = flat.rebuild(doc, node) or celled.rebuild(doc, node) \
                or lined.rebuild(doc, node)
            if table is not None:
                out.append((table, node))
        elif node.kind == "clause" and len(node.children) >= 2 and \
                not any(n.kind == "table" for n in node.walk()):
            table = lined.rebuild(doc, node, numbered_rows=False)  # a clause's lookup table
            if table is not None:
                out.append((table, None))
    return out


def other_sheets(read_facts: list[Fact], cited_rest: set[str] = frozenset()) -> list[Fact]:
    """A sheet titled for the other servants ("Оценочный лист иного служащего", "Өзге
    қызметшінің бағалау парағы", grammar/tables.yaml `rest`), or cited for them
    (`cited_rest`, addresses: "Иные служащие … оцениваются … по форме согласно приложению 3"),
    whose title names nobody else, beside a sheet of managers or of heads of units (a
    category `split_by_halves` reads as managers): the sheets divide the servants in two, and
    it is the non-managers' half (docs/facts.md, "`manager`, `non_manager`,
    `structural_head`"); with no such sheet beside it, every servant's."""
    spec = words()
    manager, other = spec["halves"]
    rest = [f for f in read_facts if f.kind == "form" and f.fields["title"]
            and (says(f.fields["title"], spec["rest"]) or f.address in cited_rest)
            and f.fields["applies_to"] == [spec["default_applies_to"]]]
    managing = {h for f in read_facts if f.kind == "form" and f not in rest
                for w in f.fields["applies_to"] or () for h in spec["split_by_halves"].get(w, [w])}
    if not rest or manager not in managing:
        return read_facts
    return [f.model_copy(update={"fields": {**f.fields, "applies_to": [other]}})
            if f in rest else f for f in read_facts]


def by_halves(read_facts: list[Fact]) -> list[Fact]:
    """A methodology that gives the servants who are no managers a form of their own ("…
    служащего, не являющегося руководителем …", "… басшысы болып табылмайтын қызметшінің …")
    splits its servants into the two `halves`: the categories of its other forms and of its
    competencies are read as those halves (`split_by_halves`: the heads of structural units
    are the managers). Without such a form they stay as the titles and rows name them."""
    spec = words()
    named_ = {w for f in read_facts if f.kind == "form" for w in f.fields["applies_to"] or ()}
    if spec["halves"][1] not in named_:
        return read_facts
    out = []
    for f in read_facts:
        key = {"form": "applies_to", "competency": "categories"}.get(f.kind)
        if key and f.fields[key]:
            who = list(dict.fromkeys(h for w in f.fields[key]
                                     for h in spec["split_by_halves"].get(w, [w])))
            f = f.model_copy(update={"fields": {**f.fields, key: who}})
        out.append(f)
    return out


def inherit_categories(read_facts: list[Fact], placed) -> list[Fact]:
    """Competencies whose row names no category take the categories of their questionnaire's
    form (who the appendix applies to, once completed)."""
    holder = {table.address: appendix.address for table, appendix in placed if appendix}
    forms = {f.address: f.fields["applies_to"] for f in read_facts if f.kind == "form"}
    out = []
    for f in read_facts:
        if f.kind == "competency" and f.fields["categories"] is None:
            where = holder.get(f.address, f.address)
            who = forms.get(where) or [words()["default_applies_to"]]
            f = f.model_copy(update={"fields": {**f.fields, "categories": list(who)}})
        out.append(f)
    return out


def said(found: Fact) -> tuple:
    """What makes a table's fact one the text reader has read already: a score range by its
    bounds and subject, any other fact whole. A table's score range of another subject than
    the text reader's of the same bounds is its own (the sheet knows what its header's scale
    scores: the items of its name column, "Мақсатты көрсеткіш" -> plan_target_score, a 360
    questionnaire's answers; the text reader only the words around the header, which may be
    another row's, "Поощрительные баллы (А)"): it supersedes the text reader's (`superseded`)."""
    if found.kind == "score_range":
        return (found.kind, found.address, *(found.fields.get(k) for k in RANGE_KEYS),
                found.fields.get("subject"))
    return found.kind, found.address, repr(found.fields)


def superseded(found: list[Fact], read: list[Fact], doc: Document | None = None) -> list[Fact]:
    """The text reader's score ranges (`found`) that a table's (`read`) of the same bounds at
    the same address names otherwise (a header cell's words do not name the items the sheet
    lists), and those a row of a form's table states of its own parameter (`row_ranges`:
    the form holds them)."""
    tables = {(f.address, *(f.fields.get(k) for k in RANGE_KEYS)): f.fields.get("subject")
              for f in read if f.kind == "score_range"}
    out = [f for f in found if f.kind == "score_range" and tables.get(
        (f.address, *(f.fields.get(k) for k in RANGE_KEYS)), f.fields.get("subject"))
        != f.fields.get("subject")]
    # a table a clause's lines hold one cell a line (parser/facts/lined.py) is read by its
    # rows, not as sentences: what the text reader read in its cells goes ("40 %-дан төмен 0")
    looked = {f.address for f in read if f.kind == "lookup_table"}
    spans = [t.span for node in (doc.nodes() if doc is not None and looked else ())
             if node.kind == "clause" and node.address in looked
             for t in [lined.rebuild(doc, node, numbered_rows=False)] if t is not None]
    out += [f for f in found if f.kind in ("threshold", "grade_band", "score_range") and any(
        span.start <= f.span.start < span.end for span in spans)]
    # a band the text reader reads in a header cell stating a sheet's scale ("Балл (от 1 до
    # 5)" beside "Эффективное проявление") is that scale, no grade's
    heads = {(f.address, f.span.start, f.span.end, *(f.fields.get(k) for k in RANGE_KEYS))
             for f in read if f.kind == "score_range"}
    out += [f for f in found if f.kind == "grade_band" and any(
        (f.address, *(f.fields.get(k) for k in RANGE_KEYS)) == (a, *bounds_)
        and f.span.start < end and start < f.span.end for a, start, end, *bounds_ in heads)]
    if doc is not None:
        forms = {f.address for f in read if f.kind == "form"}
        held = Found(found)
        out += [f for node in doc.nodes() if node.kind == "appendix" and node.address in forms
                for table in node.walk() if table.kind == "table"
                for _, f in row_ranges(table, held)]
    return out


RANGE_KEYS = ("low", "high", "low_inclusive", "high_inclusive")


def answered(facts: list[Fact], doc: Document) -> list[Fact]:
    """A score range a sentence of a 360 questionnaire states of the competencies ("Қызметшіні
    әрбір құзырет бойынша 1-ден 5-ке дейінгі бүтін санмен бағалаңыз" under "Айналмалы бағалау
    сауалнамасы (360 әдісі)") scores one respondent's answer, as the questionnaire's header
    does (grammar/tables.yaml `scale_subject`)."""
    spec = words()["scale_subject"]
    asked = [a.address for a in doc.nodes() if a.kind == "appendix"
             and (t := title_of(a)) is not None and method_of(t.text) == "360"]
    if not asked:
        return facts
    return [f.model_copy(update={"fields": {**f.fields, "subject": spec["questionnaire"]}})
            if f.kind == "score_range" and f.fields.get("subject") == spec["competency_sheet"]
            and any(f.address == a or f.address.startswith(a + "/") for a in asked) else f
            for f in facts]


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
    found = Found(text.facts(doc)[0] if found is None else found)
    read_facts: list[Fact] = []
    notes: list[Diagnostic] = []
    appendices: dict[str, tuple[Node, Node]] = {}  # form address -> (appendix, its table)
    placed = [pair for root in doc.roots for pair in tables_in(root)] + flattened(doc)
    stated = {said(f) for f in found} | {said(f)[:-1] + (None,) for f in found
                                          if f.kind == "score_range"}
    for table, appendix in placed:
        read = [f for f in read_table(doc, table, appendix, notes)
                if said(f) not in stated]  # the text reader's too
        if any(f.kind == "form" and f.address in appendices for f in read):
            notes.append(diagnostic(table, "form: a second form table in the appendix, not read"))
            continue
        appendices.update((f.address, (appendix, table)) for f in read if f.kind == "form")
        read_facts.extend(read)
    cited = Citations(doc)
    asked = {f.address for f in read_facts  # a 360 questionnaire's: its competencies asked
             if f.kind == "competency" and "questions" in f.fields["indicators"]}
    lookups = [f for f in read_facts if f.kind == "lookup_table"]  # the tables' own too
    read_facts = [complete(doc, f, *appendices[f.address], cited, found, notes,
                           appendices[f.address][1].address in asked, lookups)
                  if f.kind == "form" else f for f in read_facts]
    rest = {f.address for f in read_facts if f.kind == "form"
            and cited_as_rest(doc, appendices[f.address][0], cited)}
    read_facts = inherit_categories(by_halves(other_sheets(read_facts, rest)), placed)
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
        # (holding appendix, appendix number) -> the citing nodes, in document order: indexed
        # once, so each appendix's lookup costs its own citations, not the document's
        self.citing: dict[tuple[str | None, str], list[Node]] = {}
        self.addresses = sorted(self.numbers)  # those starting alike stand together
        for address, numbers in self.numbers.items():
            node = self.node[address]
            scope = self.holder(node)
            for number in sorted(numbers):
                self.citing.setdefault((scope, number), []).append(node)

    def under(self, prefix: str) -> set[str]:
        """The appendix numbers cited by the nodes whose address starts with `prefix`."""
        out: set[str] = set()
        i = bisect.bisect_left(self.addresses, prefix)
        while i < len(self.addresses) and self.addresses[i].startswith(prefix):
            out.update(self.numbers[self.addresses[i]])
            i += 1
        return out

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
        return list(self.citing.get((scope, appendix.number), []))

    def holder(self, node: Node) -> str | None:
        """The address of the innermost appendix holding a node, None at the decree's text."""
        return next((a.address for a in self.ancestors(node) if a.kind == "appendix"), None)

    def enclosing(self, node: Node, kinds) -> Node | None:
        """The node itself or its nearest ancestor of one of the kinds."""
        if node.kind in kinds:
            return node
        return next((a for a in self.ancestors(node) if a.kind in kinds), None)


def clause_text(doc: Document, fact: Fact) -> str:
    """The text of the clause (or the deepest node) a fact was read in: a formula's lead-in
    and legend with it ("… по всем компетенциям: Б360 = (О1 + … + Оk) / k")."""
    holders = [n for n in doc.nodes() if n.span.start <= fact.span.start
               and fact.span.end <= n.span.end]
    clauses = [n for n in holders if n.kind == "clause"]
    node = (clauses or holders or [None])[-1]
    return fact.quote if node is None else doc.text[node.span.start:node.span.end]


# where a clause citing several appendices parts them: a comma or semicolon before a space
# (a decimal comma, "4,5", parts nothing)
_PIECES = re.compile(r"[,;]\s+")


def citing_piece(text: str, number: str | None, lang: str | None) -> tuple[str, list[str]]:
    """The piece of a text citing several appendices that cites this one ("Құрылымдық
    бөлімшелердің басшылары 1-қосымшасына сәйкес нысан бойынша, өзге қызметшілер 2-қосымшаға
    сәйкес нысан бойынша бағаланады": the second piece cites appendix 2), and the pieces
    citing the others; the whole text and none where it cites one appendix."""
    pieces = _PIECES.split(text)
    cites = [cited_numbers(p, lang) for p in pieces]
    mine = [p for p, c in zip(pieces, cites) if number in c]
    if number is None or len(mine) != 1 or len(set().union(*cites)) < 2:
        return text, []
    return mine[0], [p for p, c in zip(pieces, cites) if c and number not in c]


def citing_sentences(text: str, number: str | None, lang: str | None) -> str:
    """The sentences of a text that cite an appendix, the others left out ("360 әдісімен
    бағалау осы Әдістеменің 3-қосымшасына сәйкес сауалнама бойынша … жүргізіледі. Әрбір
    қызметшіні кемінде алты респондент бағалайды, …, ал басшылық лауазымдағы қызметшіні
    қосымша … бағалайды.": the respondents' sentence names no one the sheet is for); the
    whole text where no one sentence cites it."""
    if number is None or not text:
        return text
    sentences = nlp.analyze(text, lang or "kk")
    mine = [s for s in sentences if number in cited_numbers(text[s.start:s.end], lang)]
    if not mine or len(mine) == len(sentences):
        return text
    return " ".join(text[s.start:s.end] for s in mine)


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


class Found(list):
    """The facts read from the text, in their order, indexed by kind and by where they start:
    the facts of a kind within a node are a bisection away, not a scan of the document's
    facts for each form (which made a long decree's compile quadratic)."""

    def __init__(self, facts):
        super().__init__(facts)
        self.kinds: dict[str, list[Fact]] = {}
        placed: dict[str, list[tuple[int, int, Fact]]] = {}
        for i, fact in enumerate(self):
            self.kinds.setdefault(fact.kind, []).append(fact)
            placed.setdefault(fact.kind, []).append((fact.span.start, i, fact))
        self.placed = {kind: sorted(rows, key=lambda r: r[:2]) for kind, rows in placed.items()}
        self.starts = {kind: [r[0] for r in rows] for kind, rows in self.placed.items()}

    def of(self, kind: str) -> list[Fact]:
        """The facts of a kind, in their order."""
        return self.kinds.get(kind, [])

    def inside(self, kind: str, start: int, end: int) -> list[Fact]:
        """The facts of a kind read within [start, end], in their order."""
        rows = self.placed.get(kind, [])
        lo = bisect.bisect_left(self.starts.get(kind, []), start)
        hi = bisect.bisect_right(self.starts.get(kind, []), end)
        return [f for _, _, f in sorted((r for r in rows[lo:hi] if r[2].span.end <= end),
                                         key=lambda r: r[1])]

    def within(self, kind: str, node: Node) -> list[Fact]:
        """The facts of a kind read from the text of a node (`within`), in their order."""
        return self.inside(kind, node.span.start, node.span.end)

    def within_head(self, kind: str, node: Node) -> list[Fact]:
        """The facts of a kind read from a node's own text (`within_head`), in their order."""
        return [] if node.head is None else self.inside(kind, node.head.start, node.head.end)


def within(fact: Fact, node: Node) -> bool:
    """Whether a fact was read from the text of a node."""
    return node.span.start <= fact.span.start and fact.span.end <= node.span.end


def within_head(fact: Fact, node: Node) -> bool:
    """Whether a fact was read from a node's own text."""
    return node.head is not None and node.head.start <= fact.span.start \
        and fact.span.end <= node.head.end


def complete(doc, form: Fact, appendix: Node, table: Node, cited: Citations,
             found: Found, notes: list[Diagnostic], questionnaire: bool = False,
             lookups: list[Fact] = ()) -> Fact:
    """A form completed from the clauses citing its appendix: the score range of parameters
    the sheet gives none, who it applies to when its title names nobody, and the formula
    aggregating its scores when the sheet states none. A sheet's range that the citing clause
    contradicts is kept and reported (FORM_CONFLICT); a form left with no aggregation is
    reported (UNEXTRACTED)."""
    citing = cited.of(appendix)
    fields = dict(form.fields)
    owned = row_ranges(table, found)
    fields["parameters"] = with_range(form, appendix, citing, cited, found, notes,
                                      questionnaire, {id(f) for _, f in owned}, lookups)
    fields["parameters"] = own_ranges(fields["parameters"], owned)
    if form.fields["title"] is None or named(form.fields["title"]) in (None, ALL) \
            and not says(form.fields["title"], words()["rest"]):  # "the other servant's": below
        lang = appendix.lang or doc.lang
        pieces = [citing_piece(citing_sentences(own_text(doc, n), appendix.number, lang),
                               appendix.number, lang) for n in citing]
        who = next((k for k in (named(t) for n, piece in zip(citing, pieces)
                                for t in (piece[0], heading(cited, n))) if k), None)
        if who is None and any(says(piece[0], words()["rest"]) and any(
                words()["halves"][0] in words()["split_by_halves"].get(k, [k])
                for k in [*map(named, piece[1]), *_siblings_named(doc, cited, node)])
                for node, piece in zip(citing, pieces)):
            who = words()["halves"][1]  # "…басшылары 1-қосымшаға сәйкес, өзге қызметшілер
            # 2-қосымшаға сәйкес нысан бойынша бағаланады": the sheets divide the servants in
            # two; so do sub-points ("1) құрылымдық бөлімшенің басшысына – … 1-қосымшаға …;
            # 2) өзге қызметшіге – … 2-қосымшаға сәйкес нысан бойынша")
        if who is None or who == ALL:
            who = by_method(doc, appendix, form.fields["title"], cited, notes) or who
        fields["applies_to"] = who if isinstance(who, list) else \
            [who if who not in (None, ALL) else words()["default_applies_to"]]
    formula = None
    if fields["aggregation"] is None:
        formula = cited_formula(appendix, citing, cited, found, blank_list(fields["parameters"]))
        if formula is not None:
            fields["aggregation"] = formula.fields["expression"]
            # a questionnaire's mean is its competencies' unless its words take every answer
            # at once ("по всем компетенциям", "барлық сұрақтары бойынша") and name no one
            # competency's
            stated = clause_text(doc, formula)
            if questionnaire and (says(stated, words()["each_competency"])
                                  or not says(stated, words()["all_answers"])):
                fields["aggregation"] = words()["per_competency"].format(fields["aggregation"])
    if fields["aggregation"] is None:
        fields["aggregation"] = worded([n.text for node in citing
                                        for scope in [cited.enclosing(node, SCOPES)] if scope
                                        for n in scope.walk() if n.kind in CITING],
                                       None if blank_list(fields["parameters"])
                                       else len(fields["parameters"]))
    if fields["aggregation"] is None:
        notes.append(diagnostic(table, "form: no aggregation of the total stated in the "
                                          "appendix or in a clause citing it"))
    elif questionnaire:  # the clause stating the mean, those citing the sheet, its appendix
        fields["aggregation"] = _excluding(fields["aggregation"], doc.lang or "kk", [
            *([clause_text(doc, formula)] if formula is not None else []),
            *(doc.text[n.span.start:n.span.end] for n in [*citing, appendix])])
    return form.model_copy(update={"fields": fields})


def _excluding(aggregation: str, lang: str, texts: list[str]) -> str:
    """A questionnaire's aggregation with the respondents it leaves out, where the clause
    stating it, a clause citing the sheet or the sheet's appendix says so (grammar/
    facts_meaning.yaml `excluded_respondents`: "Баллы самооценки в расчет не включаются",
    "өзін-өзі бағалау балдары ескерілмейді"), written as the vocabulary writes it
    (grammar/rules.yaml `grouped` `excluded`: ", self-evaluation excluded")."""
    suffixes = {role: suffix for suffix, role in
                load_table(GRAMMAR / "rules.yaml")["grouped"]["excluded"].items()}
    if any(suffix in aggregation for suffix in suffixes.values()):
        return aggregation
    for text_ in texts:
        for sentence in nlp.analyze(text_, lang):
            found = [e.key for e in lexicon.every("excluded_respondents", lang,
                                                   profile(lang).keys(sentence.tokens))]
            if found and found[0] in suffixes:
                return aggregation + suffixes[found[0]]
    return aggregation


def cited_as_rest(doc, appendix: Node, cited: Citations) -> bool:
    """Whether a sentence citing the appendix gives it to "the other servants" ("Иные служащие
    … оцениваются … по форме согласно приложению 3", "Өзге қызметшілерді … 3-қосымшаға сәйкес
    нысан бойынша … бағалайды"), in the piece of it that cites this appendix."""
    lang = appendix.lang or doc.lang
    return any(says(citing_piece(citing_sentences(own_text(doc, n), appendix.number, lang),
                                 appendix.number, lang)[0], words()["rest"])
               for n in cited.of(appendix))


def _siblings_named(doc, cited: Citations, node: Node) -> list[str]:
    """The categories a citing sub-point's siblings that cite a sheet of their own name ("1)
    құрылымдық бөлімшенің басшысына – … 1-қосымшаға сәйкес нысан бойынша" beside "2) өзге
    қызметшіге – … 2-қосымшаға …": the sheets divide the servants); none for a node that is no
    sub-point, nor for a sibling citing no appendix (the heads evaluated by their KPI alone)."""
    parent = cited.parent.get(node.address)
    if node.kind != "subpoint" or parent is None:
        return []
    return [k for c in parent.children if c is not node and c.kind == "subpoint"
            and cited.numbers.get(c.address) for k in [named(own_text(doc, c))] if k]


def by_method(doc, appendix: Node, title: str | None, cited: Citations,
              notes: list[Diagnostic] | None = None) -> list[str] | None:
    """Who the text the appendix hangs from gives the method its title names: the first
    sub-point, clause or paragraph naming that method and a category ("2) "Б" корпусының
    қызметшілері үшін – саралау әдісімен"); one naming every servant ("3) барлық қызметшілер
    үшін – 360 әдісімен") gives the categories its sibling sub-points name, every corps "B"
    servant where they are the two halves `manager` and `non_manager`. "The rest" ("2)
    остальных служащих – методом 360", "қалған қызметшілер – 360 әдісімен") are the servants
    no other sub-point names for another method (`rest_of`)."""
    method = method_of(title) if title is not None else None
    if method is None:
        return None
    scope = appendix.address.rpartition("/")[0] or None
    for node in doc.nodes():
        if node.kind not in CITING or cited.holder(node) != scope:
            continue
        text = method_sentences(own_text(doc, node), method, node.lang or doc.lang)
        if not text or defines(text, method):
            continue
        parent = cited.parent.get(node.address)
        siblings = [c for c in (parent.children if parent is not None else ()) if c is not node]
        others = [own_text(doc, c) for c in siblings]
        if says(text, words()["rest"]) or any(
                says(t, words()["methods"][method]) and says(t, words()["rest"]) for t in others):
            return rest_of(method, others, node, notes)
        who = named(text)
        if who == ALL:
            named_ = [k for k in (named(own_text(doc, c)) for c in siblings) if k not in (None, ALL)]
            named_ = list(dict.fromkeys(named_))
            # the two halves of the methodology's servants are every one of them, and so are
            # those named with "the others" ("1) руководители структурных подразделений – …;
            # 2) иные служащие – …; 3) все служащие – методом 360")
            whole = set(named_) == set(words()["halves"]) or any(
                says(t, words()["rest"]) for t in others)
            return [words()["default_applies_to"]] if whole else named_ or None
        if who is not None:
            return _with_siblings(doc, who, method, siblings)
    return None


def _with_siblings(doc, who: str, method: str, siblings: list[Node]) -> list[str]:
    """The categories a method is given to by a sub-point naming one (`who`) and its sibling
    sub-points naming it too ("1) в отношении руководителей … – … оценки методом 360; 2) в
    отношении служащих, не являющихся руководителями, – … оценки методом 360": both halves,
    every corps "B" servant); a sibling naming the method and no one, or everyone, adds none."""
    named_ = [who] + [k for c in siblings if c.kind == "subpoint"
                      for t in [own_text(doc, c)] if method_of(t) == method
                      for k in [named(t)] if k not in (None, ALL)]
    named_ = list(dict.fromkeys(named_))
    spec = words()  # the heads of structural units beside the non-managers are the managers
    if {h for k in named_ for h in spec["split_by_halves"].get(k, [k])} == set(spec["halves"]):
        return [spec["default_applies_to"]]
    return named_


# the dash between a term and what it means ("360 әдісі – …", "оценка методом 360 – …")
_DEFINING = re.compile(r"\s[–—-]\s")


def defines(text: str, method: str) -> bool:
    """Whether a text is the glossary's entry for the method, a term of a few words before a
    dash ("2) оценка методом 360 – 360-градусная оценка компетенций служащего, проводимая
    посредством анонимного анкетирования его руководителя, коллег и подчиненных"): it says
    what the method is, not whom it is for (the respondents it names are no category)."""
    term = _DEFINING.split(text, maxsplit=1)
    return len(term) == 2 and len(term[0].split()) <= 6 and method_of(term[0]) == method


def method_sentences(text: str, method: str, lang: str | None) -> str:
    """The sentences of a text that name an evaluation method ("360 әдісімен бағалау осы
    Әдістеменің 3-қосымшасына сәйкес … жүргізіледі." without the next sentence's "ал басшылық
    лауазымдағы қызметшіні қосымша … бағалайды", which names the heads' respondents); ""
    where none does."""
    if method_of(text) != method:
        return ""
    return " ".join(t for s in nlp.analyze(text, lang or "kk")
                    for t in [text[s.start:s.end]] if method_of(t) == method)


def rest_of(method: str, others: list[str], node: Node,
            notes: list[Diagnostic] | None) -> list[str] | None:
    """Whom a method given to "the rest" applies to: every servant but those the other
    sub-points (`others`) name for another method only ("1) руководителям – методом КЦИ; 2)
    остальным служащим – методом 360": 360 is the non-managers'; "1) басқарма басшыларына –
    ТТК және 360 әдісімен; 2) қалған қызметшілерге – 360 әдісімен": 360 is everyone's). Where
    those named are one of the two halves, the rest are the other half; any other category
    left out has no name of its own: reported (UNEXTRACTED), None."""
    spec = words()
    out = {k for k in (named(t) for t in others if not says(t, spec["methods"][method]))
           if k not in (None, ALL)}
    if not out:
        return [spec["default_applies_to"]]  # to some, and to the rest: to everyone
    rest = [h for h in spec["halves"] if h not in out]
    if out <= set(spec["halves"]) and len(rest) == 1:
        return rest
    if notes is not None:
        notes.append(diagnostic(node, f"form: the method {method!r} is given to the servants "
                                      f"other than {', '.join(sorted(out))}, a category of "
                                      "no name; whom it applies to is not read"))
    return None


def heading(cited: Citations, node: Node) -> str:
    """The heading of the chapter or section holding a node ("" when none)."""
    scope = cited.enclosing(node, SCOPES)
    return (scope.heading or "") if scope is not None else ""


def cited_range(appendix: Node, citing: list[Node], cited: Citations,
                found: Found) -> tuple[Fact, Node] | None:
    """(score_range fact, citing node) a clause citing the appendix states: read in the citing
    sentence itself, else elsewhere in its clause when that clause cites no other appendix."""
    for node in citing:
        own = next(iter(found.within_head("score_range", node)), None)
        if own is not None:
            return own, node
    for node in citing:
        clause = cited.enclosing(node, ("clause",)) or node
        others = cited.under(clause.address) - {appendix.number}
        near = next(iter(found.within("score_range", clause)), None)
        if near is not None and not others:
            return near, node
    return None


def own_range(appendix: Node, found: Found, rows_own: set = frozenset()) -> tuple[Fact, Node] | None:
    """(score_range fact, appendix) the sheet's own note states ("Примечание: балл по каждому
    параметру выставляется целым числом от 1 до 5", "Ескерту: әр параметр 1-ден 5-ке дейін
    бағаланады"), when no citing clause states one; a range a row states of itself
    (`rows_own`, ids of `row_ranges`' facts) is no range of the sheet."""
    stated = next(iter(f for f in found.within("score_range", appendix)
                       if id(f) not in rows_own), None)
    return (stated, appendix) if stated is not None else None


def row_ranges(table: Node, found: Found) -> list[tuple[list[str], Fact]]:
    """(row's cell texts, score_range fact) of each range the text reader read inside a row
    of a form's table under its header ("3 | Жоспардың орындалуы үшін балдар (0-ден 8-ге
    дейін, 19-тармақ)", "Баллы за выполнение плана (от 0 до 8)"): the range of that row's
    parameter only, not of the sheet. Only a numbered row is a parameter's: a header's lower
    row ("| | балл (1-ден 5-ке дейін) | негіздеме") states the sheet's scale."""
    return [(texts(row), f) for row in rows(laid_out(table))[1:] if numbered_row(texts(row))
            for c in row.children if c.kind == "cell" and not is_numeric(c.text)
            for f in found.within("score_range", c)]  # a cell holding only a range ("2-ден
    # 5 ке дейін") is the row's score column: the sheet's scale


def numbered_row(values: list[str]) -> bool:
    """Whether a row opens with its number ("3", "3.") or its first filled cell with a
    numbered name ("3. Жоспардың орындалуы …")."""
    filled = [v.strip() for v in values if v and v.strip()]
    return bool(filled) and (bool(re.fullmatch(r"\d{1,3}[.)]?", filled[0]))
                             or bool(LEADING_NUMBER.match(filled[0])))


def own_ranges(parameters: list[dict], owned: list[tuple[list[str], Fact]]) -> list[dict]:
    """The parameters, each whose row states its own range (`row_ranges`) taking it."""
    out = []
    for p in parameters:
        name = fold(p["name"])
        got = next((f for cells, f in owned if name and name in fold(" ".join(cells))), None)
        out.append({**p, "low": got.fields["low"], "high": got.fields["high"]}
                   if got is not None else p)
    return out


def with_range(form: Fact, appendix: Node, citing: list[Node], cited: Citations,
               found: Found, notes: list[Diagnostic], questionnaire: bool = False,
               rows_own: set = frozenset(), lookups: list[Fact] = ()) -> list[dict]:
    """The form's parameters, those without a range taking the citing clause's (a
    questionnaire's, else, the range of the points its answers get, `answer_range`)."""
    parameters = form.fields["parameters"]
    tallied = form.fields.get("aggregation") in {t["value"] for t in words()["tally"]}
    got = cited_range(appendix, citing, cited, found) or own_range(appendix, found, rows_own) \
        or (None if tallied else items_range(parameters, found))  # marks are no scores
    if got is None:
        answers = answer_range(appendix, citing, cited, found) if questionnaire else \
            (None if tallied else items_points(parameters, [*found.of("lookup_table"), *lookups]))
        if answers is None:
            return parameters
        return [{**p, "low": answers[0], "high": answers[1]}
                if p["low"] is None and p["high"] is None else p for p in parameters]
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
                    f"{clash['low']} to {clash['high']}, {(node or stated).address} says from {low} to "
                    f"{high}; the sheet's range is kept"))
    return out


def items_range(parameters: list[dict], found: Found) -> tuple[Fact, None] | None:
    """(score_range fact, None) of a blank list's items where no clause citing the sheet
    nor the sheet states one: the one range the decree gives the score its items are scored
    by (`scale_subject`: a sheet of KPIs, "Каждый КПЭ оценивается … целым числом баллов от 0
    до 5", citing the conversion table, not the sheet); none where the decree gives several."""
    items = blank_list(parameters)
    if not items:
        return None
    subject = scale_subject(items[0]["name"])
    ranges = [f for f in found.of("score_range") if f.fields.get("subject") == subject]
    spans = {(f.fields["low"], f.fields["high"]) for f in ranges}
    return (ranges[0], None) if len(spans) == 1 else None


def items_points(parameters: list[dict], tables: list[Fact]) -> tuple | None:
    """(lowest, highest) points of the one table converting into the score a sheet's key
    indicators are scored by (its items "КЦИ 1", "КЦИ 2" … or a blank list's one) where the
    decree states no range of it ("Балл по каждому КЦИ определяется … в соответствии со
    следующей шкалой: … 5 … 1"): the points its rows give; none where the decree gives
    several such tables, or the items are not scored by one (grammar/tables.yaml
    `scored_by_table`)."""
    if not parameters:
        return None
    subject = scale_subject(parameters[0]["name"])
    if subject not in words()["scored_by_table"]:
        return None
    spans = set()
    for table in tables:
        values = [r["value"] for r in table.fields["rows"] if isinstance(r.get("value"), Decimal)]
        if table.fields.get("output") == subject and values:
            spans.add((min(values), max(values)))
    return next(iter(spans)) if len(spans) == 1 else None


def answer_range(appendix: Node, citing: list[Node], cited: Citations,
                 found: Found) -> tuple | None:
    """(lowest, highest) points of the table scoring a questionnaire's answers (grammar/tables.yaml
    `answer_points`) in the appendix itself ("Варианты ответа: «всегда» – 5 баллов, …" under
    the sheet), else in the chapter or section of a clause citing it."""
    for scope in [appendix] + [cited.enclosing(node, SCOPES) for node in citing]:
        table = next((f for f in (found.within("lookup_table", scope) if scope else [])
                      if f.fields.get("output") in words()["answer_points"]), None)
        values = [r["value"] for r in (table.fields["rows"] if table else [])
                  if isinstance(r.get("value"), Decimal)]
        if values:
            return min(values), max(values)
    return None


SCORES = "scores"  # a sheet's scores, by the name an aggregation reads them


def cited_formula(appendix: Node, citing: list[Node], cited: Citations,
                  found: Found, items: list[dict] = ()) -> Fact | None:
    """The formula aggregating a form's scores: one read in the appendix itself;
    else one in the chapter or section of a clause citing it, preferring a formula whose
    inputs are the sheet's scores (named after the subject of a score range of the sheet or of
    the citing sentence, or of the items a blank list names: plan_target_score ->
    plan_target_scores), then the formula no other
    formula there feeds, stated at or after the citing clause, one aggregating a list first
    (a per-item formula such as a KPI's percentage feeds a lookup, not the sheet's total)."""
    own = next((f for f in found.within("formula", appendix) if not counted_term(f)), None)
    if own is not None:
        return own
    subjects = {f.fields["subject"] for f in found.within("score_range", appendix)}
    subjects |= {f.fields["subject"] for n in citing for f in found.within_head("score_range", n)}
    subjects |= {scale_subject(p["name"]) for p in items if p["number"] is None}
    for node in citing:
        scope = cited.enclosing(node, SCOPES)
        if scope is None:
            continue
        near = found.within("formula", scope)
        fed = {s for s in subjects for f in near if any(v.startswith(s) for v in inputs(f))}
        # … or the sheet's scores by their own name ("балдардың қосындысын параметрлердің
        # санына бөлу": sum(scores) / count(scores)), before a formula that goes on from it
        # ("ТБ = ОБ – Ш")
        scored = [f for f in near if any(v.startswith(s) for s in fed for v in inputs(f))
                  or SCORES in inputs(f)]
        used = {v for f in near for v in inputs(f)}
        later = sorted((f for f in near if f.span.start >= node.span.start
                        and f.fields["target"] not in used), key=lambda f: not aggregates(f))
        chosen = (scored or later or [None])[0]
        if chosen is not None:
            return chosen
    return None


def blank_list(parameters: list[dict]) -> list[dict]:
    """The one item of a sheet that is a blank list ("Мақсатты көрсеткіш"), else nothing."""
    return parameters if len(parameters) == 1 and parameters[0]["number"] is None else []


def aggregates(formula: Fact) -> bool:
    """Whether a formula aggregates a list (sum, count, avg, min or max over items)."""
    return re.search(r"\b(?:sum|count|avg|min|max)\(", formula.fields["expression"]) is not None


def counted_term(formula: Fact) -> bool:
    """Whether a formula reads nothing but whole counts (grammar/rules.yaml inputs of type
    integer: "Вычет (0,3 × количество случаев несоблюдения сроков)"): a term of the sheet's
    total, never the total of its scores."""
    read = inputs(formula)
    types = load_table(GRAMMAR / "rules.yaml")["inputs"]
    return bool(read) and all(types.get(v, {}).get("type") == "integer" for v in read)


def inputs(formula: Fact) -> set[str]:
    """The variables a formula reads (its target excluded)."""
    return set(formula.fields.get("variables") or {}) - {formula.fields["target"]}
