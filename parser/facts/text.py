"""Rules stated in sentences: deadlines, thresholds, grade bands, caps and score ranges.

Each sentence of a clause (sub-point, paragraph, note, table cell) is turned into
terminals (lexer.py) and scanned with the language's fact grammar (grammar/facts_kk.lark,
grammar/facts_ru.lark): at every terminal that can open a phrase, the longest phrase the
grammar accepts is taken. The words around a phrase then say what it is about
(grammar/facts_meaning.yaml): which event a deadline times, from which anchor, what a
threshold bounds, which grade a band gives. A phrase that cannot be placed, and a sentence
that holds a number with a unit or a deadline word but yields no fact, is an `UNEXTRACTED`
diagnostic: nothing is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cache

from lark import Lark, Token as LarkToken, Tree
from lark.exceptions import UnexpectedInput
from lark.lexer import Lexer

from ..model import Diagnostic, Document, Node, Span
from .. import resources
from ..resources import GRAMMAR, load_table
from .. import acts
from . import (definitions, designators, exceptions, formulas, frames, leadins, lexicon,
               nlp, references, sanctions, scales, subjects, weights)
from .cells import is_numeric, number as decimal_of
from .lexer import Terminal, terminals
from .lexicon import entry
from .model import Fact, fold
from .profiles import profile

# Nodes whose own text is read, and the node a fact found in them is addressed to.
READ = {"clause", "subpoint", "paragraph", "note", "cell", "formula", "preamble"}
OWNERS = {"clause", "subpoint", "note", "table", "appendix", "main", "preamble"}
# A sentence that holds one of these and yields no fact is reported.
COUNTED = {"WORK", "CAL", "DAY", "WEEK", "MONTH", "YEAR", "POINT", "PERSON", "PERCENT"}
DEADLINE_WORDS = {"LATER", "NOTLATER", "LATE", "ISTECHENIE", "TECHENIE"}
# the terminals that negate the comparison they stand by ("не более", "кем емес", "артық
# түзетілмейді")
NEGATING = frozenset({"NOT", "NEG", "NEGV"})


class _Feed(Lexer):
    """The scanner feeds terminals itself; Lark needs a lexer class to accept that."""

    def __init__(self, conf):
        pass

    def lex(self, data):
        return iter(data)


@cache
def grammar(lang: str) -> Lark:
    return resources.lark(GRAMMAR / f"facts_{lang}.lark", parser="lalr", lexer=_Feed)


@cache
def opening(lang: str) -> frozenset[str]:
    """The terminals a phrase can start with."""
    return frozenset(grammar(lang).parse_interactive(None).accepts())


def lookup(table: str, lang: str, words: str) -> tuple[str, str | None] | None:
    """(key, unit) of the first entry of a meaning table found in `words` (word keys)."""
    found = entry(table, lang, words)
    return (found[0], found[1].get("unit")) if found else None


def fired_entries(doc: Document) -> dict[str, int]:
    """Lexicon entry id -> how many times it decided a meaning while reading `doc`."""
    with lexicon.recording() as fired:
        facts(doc)
    return dict(sorted(fired.items()))


@dataclass
class Phrase:
    """One phrase the grammar accepted: its form and the terminals it spans."""

    form: str
    first: int  # terminal indexes, inclusive
    last: int
    tree: Tree
    terms: list[Terminal] = field(repr=False)

    @property
    def span(self) -> tuple[int, int]:
        """Where the phrase's own words stand (a comparison borrowed from elsewhere left out)."""
        own = [t for t in self.terms[self.first:self.last + 1] if not t.borrowed]
        if not own:
            return self.terms[self.first].token.start, self.terms[self.last].token.end
        return own[0].token.start, own[-1].token.end

    def types(self) -> list[str]:
        return [t.type for t in self.terms[self.first:self.last + 1]]

    def numbers(self) -> list[Decimal | Fraction]:
        return [t.value for t in self.terms[self.first:self.last + 1]
                if t.type in ("NUM", "ORD") and t.value is not None]

    def subtrees(self, name: str) -> list[Tree]:
        return [t for t in self.tree.iter_subtrees_topdown() if _name(t) == name]


def _name(tree: Tree) -> str:
    return str(tree.data).rsplit("__", 1)[-1]


def scan(terms: list[Terminal], lang: str) -> list[Phrase]:
    """Longest accepted phrase at each terminal that can open one, left to right."""
    parser = grammar(lang)
    starts = opening(lang)
    out: list[Phrase] = []
    i = 0
    while i < len(terms):
        if terms[i].type not in starts:
            i += 1
            continue
        best = None
        state = parser.parse_interactive(None)
        for j in range(i, len(terms)):
            try:
                state.feed_token(LarkToken(terms[j].type, j))
            except (UnexpectedInput, KeyError):
                break
            try:
                best = (j, state.copy().feed_eof())
            except UnexpectedInput:
                pass
        if best is None:
            i += 1
            continue
        tree = best[1].children[0]
        out.append(Phrase(_name(tree), i, best[0], tree, terms))
        i = best[0] + 1
    return out


# ---------------------------------------------------------------- reading a document

def facts(doc: Document) -> tuple[list[Fact], list[Diagnostic]]:
    """Facts stated in the sentences of a document, and what could not be placed; a short
    term the document defines read as what it stands for (definitions.py)."""
    with definitions.scope(doc):
        return _facts(doc)


def _facts(doc: Document) -> tuple[list[Fact], list[Diagnostic]]:
    found: list[Fact] = []
    notes: list[Diagnostic] = []
    rows: dict[str, list] = {}  # owner address -> rows of a table written as a list
    pieces: dict[str, list[str]] = {}  # clause address -> its words, in document order
    before: dict[str, tuple[str, int]] = {}  # clause -> (the clause before, its pieces then)
    readable = list(_readable(doc))
    sentences: dict[str, list] = {}  # node address -> its sentences
    cells: dict[str, list[tuple[str, str, str]]] = {}  # row -> (cell, its words, its text)
    for node, _, clause in readable:  # first pass: every clause's words, for context
        if node.kind == "formula":
            continue
        lang = node.lang or doc.lang or "kk"
        sentences[node.address] = nlp.analyze(doc.text[node.head.start:node.head.end], lang,
                                              base=node.head.start)
        if clause.address not in pieces:
            last = next(reversed(pieces), "")
            before[clause.address] = (last, len(pieces.get(last, ())))
            pieces[clause.address] = []
        pieces[clause.address].append(" " + " ".join(
            _words(s.tokens, lang) for s in sentences[node.address]))
        if node.kind == "cell":
            cells.setdefault(_row_of(node.address), []).append(
                (node.address, " ".join(_words(s.tokens, lang) for s in sentences[node.address]),
                 doc.text[node.head.start:node.head.end]))
    # joined once: a clause's words grow with it, and a text with no clauses is one "main"
    contexts = {address: "".join(words) for address, words in pieces.items()}
    previous_of = {address: "".join(pieces.get(other, ())[:count])
                   for address, (other, count) in before.items()}
    heads = {address: words[0] for address, words in pieces.items()}
    leads = leadins.leads(doc, sentences)
    closes = _list_closes(doc, sentences)
    for node, owner, clause in readable:
        lang = node.lang or doc.lang or "kk"
        text = doc.text[node.head.start:node.head.end]
        if node.kind == "formula":
            got = formulas.from_formula(node, owner, clause, doc, lang)
            found.extend(got)
            if not got and "=" in text:
                notes.append(formulas.unread(node, owner, doc))
            continue
        editorial = owner.kind == "note" and entry(
            "editorial", lang, _words([t for s in sentences[node.address] for t in s.tokens],
                                      lang)) is not None
        context = contexts[clause.address]
        previous = previous_of[clause.address]
        for k, sentence in enumerate(sentences[node.address]):
            got, unstated = references.split_unstated(
                references.from_sentence(sentence, lang, owner, doc))
            notes.extend(_unextracted(doc, owner, (f.span.start, f.span.end),
                                      "names an appendix of the model methodology but not "
                                      "what its form is for") for f in unstated)
            problems: list[Diagnostic] = []
            added = False
            if not editorial:
                lead = leads.get(node.address, ()) if k == 0 else ()
                row = _Row.of(node, cells) if node.kind == "cell" else None
                read, problems = _sentence(sentence, lang, owner, context, doc,
                                           row, rows, previous, lead,
                                           _lead_words(node, owner, sentences, lang, closes),
                                           heads[clause.address])
                read, problems = _unweighted(read, problems, sentence, lang)
                # a value a sentence prints the formula of is computed so, though its words
                # seem to state another (its legend run into one paragraph: "… формула бойынша
                # есептеледі: ЖБ = 0,6 × ТОБ + …, мұндағы: ТОБ – тоқсандық бағалардың орташа
                # арифметикалық мәні" is no year's score as the quarters' mean)
                plain = formulas.from_plain(sentence, lang, owner, clause, doc)
                printed = {f.fields["target"] for f in plain if "=" in f.quote}
                got = (read + [f for f in formulas.from_sentence(sentence, lang, owner, doc)
                               if f.fields["target"] not in printed] + plain + got)
                # the points a term of the formula before: no fact of their own to miss
                added = not got and k > 0 and _added_to_previous(found, sentence, lang, owner,
                                                                  doc)
            found.extend(got)
            notes.extend(problems)
            if (not got and not problems and not editorial and node.kind != "cell" and not added
                    and not _is_row(rows, owner, sentence) and _looks_like_rule(sentence, lang)):
                notes.append(_unextracted(doc, owner, (sentence.start, sentence.end),
                                          "holds a number with a unit or a deadline word "
                                          "but yields no fact"))
    for address, items in rows.items():
        table, problem = _list_table(address, items, doc)
        if table is not None:
            found.append(table)
        if problem is not None:
            notes.append(problem)
    return formulas.convert(sanctions.name_caps(exceptions.across(_unique(found)))), notes


def _added_to_previous(found: list[Fact], sentence, lang: str, owner: Node,
                       doc: Document) -> bool:
    """Points a sentence adds to the value the sentence before computed ("Если … служащий
    был закреплен наставником …, к полученному значению прибавляется 0,2 балла", "Егер …
    тәлімгер ретінде бекітілген болса, алынған мәнге 0,2 балл қосылады"): a term of that
    formula, the bonus `bonus_points` the case gives where the condition holds; the
    formula's quote runs on to this sentence. True where the sentence is such an addition
    to a formula of the same clause."""
    addition = formulas.added_points(sentence, lang)
    last = next((i for i in range(len(found) - 1, -1, -1) if found[i].kind == "formula"
                 and found[i].address == owner.address), None)
    if addition is None or last is None:
        return False
    before = found[last]
    expression = f"{before.fields['expression']} + {addition}"
    variables = {**before.fields.get("variables", {}), addition: ""}
    start = before.span.start
    found[last] = before.model_copy(update={
        "span": Span(start=start, end=sentence.end),
        "quote": fold(doc.text[start:sentence.end]),
        "fields": {**before.fields, "expression": expression, "variables": variables}})
    return True


def _lead_words(node: Node, owner: Node, sentences: dict, lang: str, closes: dict) -> str:
    """A sub-point's (or a bulleted item's) lead-in: the words of its parent's own text
    ("Оценке не подлежат служащие: … 2) находящиеся на испытательном сроке"), and of the words
    closing the list where the sentence goes on after it (its verb last, under the last
    sub-point, in lower case: "Бағалау: 1) …; 4) … қызметшілерге / қатысты жүргізілмейді.")."""
    if node is not owner or node.kind not in ("subpoint", "paragraph"):
        return ""
    parent = node.address.rsplit("/", 1)[0]
    return " ".join(_words(s.tokens, lang)
                    for s in [*sentences.get(parent, ()), *closes.get(parent, ())])


def _list_closes(doc: Document, sentences: dict) -> dict[str, list]:
    """Lead-in address -> the sentence closing its list of sub-points, set under the last one:
    that sub-point's first paragraph where it goes on in lower case (read once a document)."""
    out = {}
    for node in doc.nodes():
        subs = [c for c in node.children if c.kind == "subpoint"]
        tail = next((c for c in subs[-1].children if c.kind == "paragraph"), None) if subs else None
        said = sentences.get(tail.address) if tail is not None else None
        if said and said[0].tokens and said[0].tokens[0].text[:1].islower():
            out[node.address] = said[:1]
    return out


def _row_of(address: str) -> str:
    """The address of the table row a cell belongs to."""
    return address.rsplit("/", 1)[0]


@dataclass(frozen=True)
class _Row:
    """The other cells of a table cell's row: where a band's grade is named ("4-тен 5-ке
    дейін | … тиімді атқарады"), and whether they hold a number (a lookup table's row)."""

    words: str
    numeric: bool
    column: str = ""  # the words of the header cell over the cell (of a row below the first)

    @classmethod
    def of(cls, node: Node, cells: dict) -> _Row:
        """The row of a cell; a value is a later cell holding only a number or a range
        (the first cell may be the row's number)."""
        row = cells.get(_row_of(node.address), [])
        others = [c for c in row if c[0] != node.address]
        table, place = _row_of(_row_of(node.address)), node.address.rsplit("/", 1)[1]
        first = f"{table}/row1"
        column = "" if _row_of(node.address) == first else next(
            (c[1] for c in cells.get(first, []) if c[0].rsplit("/", 1)[1] == place), "")
        return cls(" ".join(c[1] for c in others),
                   any(is_numeric(c[2]) for c in row[1:] if c[0] != node.address), column)


def _unique(found: list[Fact]) -> list[Fact]:
    """One fact per (kind, address, fields): a rule a table repeats in every row is one."""
    return formulas.first_or_printed(found, lambda f: (f.kind, f.address, repr(f.fields)))


def _readable(doc: Document):
    """(node, owner, clause) for every node whose own text is read: the owner is the node
    its facts are addressed to, the clause the text its words are looked up in."""
    items = leadins.items(doc)  # a lead-in's bulleted items: rules of their own, as sub-points

    def walk(node: Node, owner: Node | None, clause: Node | None, parent: Node | None):
        if node.kind in OWNERS or node.address in items:
            owner = node
        if node.kind in CONTEXTS:
            clause = node
        if node.kind == "paragraph" and _closes_list(node, parent, doc):
            owner = clause  # a sentence after a clause's last sub-point is the clause's
        if node.kind in READ and node.head is not None:
            yield node, owner or node, clause or node
        for child in node.children:
            yield from walk(child, owner, clause, node)
    for root in doc.roots:
        yield from walk(root, None, None, None)


CONTEXTS = {"clause", "note", "table", "preamble", "main", "appendix"}


def _closes_list(node: Node, parent: Node | None, doc: Document) -> bool:
    """A capitalised paragraph inside a clause's last sub-point, after a sub-point that
    ends its sentence: it speaks for the whole clause."""
    if parent is None or parent.kind != "subpoint" or parent.head is None:
        return False
    own = doc.text[parent.head.start:parent.head.end].rstrip()
    text = doc.text[node.head.start:node.head.end] if node.head else ""
    first = next((ch for ch in text if ch.isalpha()), "")
    return own.endswith(".") and first.isupper()


def _words(tokens, lang: str) -> str:
    """The words the meaning tables are searched in: their keys (lemmas, stems)."""
    return profile(lang).keys(tokens)


def _unweighted(read: list[Fact], problems: list[Diagnostic], sentence, lang: str):
    """The sentence's facts and problems less the bounds read from the weights of a weighted
    sum it states in words (weights.py): "шестьдесят процентов средней квартальных оценок и
    сорок процентов …" are the sum's shares, no threshold."""
    spans = weights.weight_spans(sentence.tokens, lang)
    if not spans:
        return read, problems

    def weight(span) -> bool:  # a span holding a weight (a fact's may be its sentence)
        return span is not None and any(span.start < hi and lo < span.end for lo, hi, _ in spans)

    shares = {value for _, _, value in spans}
    return ([f for f in read if not (f.kind == "threshold" and f.fields.get("unit") == "percent"
                                     and f.fields.get("value") in shares and weight(f.span))],
            # a report of the weight's own phrase, not one of the whole sentence
            [d for d in problems if not (weight(d.span) and (d.span.start > sentence.start
                                                             or d.span.end < sentence.end))])


def _looks_like_rule(sentence, lang: str) -> bool:
    terms = terminals(sentence.tokens, lang)
    types = [t.type for t in terms]
    if DEADLINE_WORDS & set(types):
        return True
    return any(a.type in ("NUM", "ORD") and b.type in COUNTED and not _is_year(a, b)
               for a, b in zip(terms, terms[1:]))


def _is_year(number: Terminal, word: Terminal) -> bool:
    """"2022 года", "2018 жылғы": a date's year, not a quantity of years."""
    return word.type == "YEAR" and number.value is not None and 1900 <= number.value <= 2100


def _unextracted(doc: Document, address_node: Node, span: tuple[int, int], why: str):
    quote = fold(doc.text[span[0]:span[1]])
    short = quote if len(quote) <= 90 else quote[:87] + "…"
    return Diagnostic(code="UNEXTRACTED", severity="warning", address=address_node.address,
                      span=Span(start=span[0], end=span[1]),
                      message=f"{why}: “{short}”",
                      location=doc.location(span[0]))


def _sentence(sentence, lang: str, owner: Node, context: str, doc: Document,
              row: _Row | None = None, rows: dict | None = None, previous: str = "",
              lead: tuple = (), lead_words: str = "", head: str = ""):
    in_cell = row is not None
    terms = leadins.distribute(terminals(sentence.tokens, lang), lead, lang, sentence.tokens)
    whole = _words(sentence.tokens, lang)
    phrases = [p for p in scan(terms, lang) if _stands(p, lang, whole)]
    for fill in (leadins.gapped, leadins.elliptic):  # "2,49 балла – при …": an amount to fill
        filled = fill(terms, [(p.first, p.last) for p in phrases if p.form != "exact"], lang)
        if filled is not terms:
            terms = filled
            phrases = [p for p in scan(terms, lang) if _stands(p, lang, whole)]
    found: list[Fact] = []
    excepted: list[Fact] = []
    problems: list[Diagnostic] = []
    conditioned = _conditioned_value(terms, phrases, sentence, lang, owner, doc)
    if conditioned is not None:
        return [conditioned], problems
    if rows is not None and _list_row(terms, phrases, sentence, lang, owner, context, rows,
                                      doc.text):
        return found, problems
    phrases = _counted(_anchoring([p for p in phrases if not _rounds(p, sentence, doc)]))
    part = exceptions.span(sentence, lang, doc.text,
                           [p for p in phrases if p.form in DEADLINE_FORMS])
    ranged = None  # the phrase before, a range's remarks ("(2 балл кіреді, 3 …)") skipped
    bound = None  # (span, subject) of the last bound read
    for k, phrase in enumerate(phrases):
        lo = phrases[k - 1].span[1] if k else sentence.start
        hi = phrases[k + 1].span[0] if k + 1 < len(phrases) else sentence.end
        lo, hi = _outside(part, phrase, lo, hi)
        around = _Around(doc, sentence, lo, hi, phrase, context, lang, in_cell, previous,
                         row.words if row else "", head,
                         phrases[k + 1].span if k + 1 < len(phrases) else None,
                         _outside(part, phrase, sentence.start, sentence.end),
                         row.column if row else "",
                         _shared(bound, phrase, sentence))
        remark = around.left_out_remark(ranged)
        ranged = ranged if remark else phrase
        if in_cell and ((phrase.form == "range" and "DASH" in phrase.types())
                        or "AND" in phrase.types()) and around.grade() is None:
            continue  # a table's "40-44,49", "100 және одан жоғары" rows: tables.py's; a row
            # naming a grade ("121 и выше | превосходно") is a band, read here
        if (in_cell and row.numeric and READERS[phrase.form] in (_range, _bound)
                and around.grade() is None):
            continue  # "90-нан 99,99-ға дейін | 4 – 4,99": a lookup table's row, tables.py's
        if remark:
            continue  # one of the range's remarks, each read against that range
        reader = READERS[phrase.form]
        fact, why = reader(phrase, lang, around)
        if fact is not None:
            kind, fields = fact
            bound = (phrase.span, (fields["subject"], fields.get("unit"))) \
                if kind == "threshold" and isinstance(fields.get("subject"), str) else None
            start, end = sentence.start, sentence.end
            for fields in [fields, *_coordinated(kind, fields, lang, around)]:
                (excepted if exceptions.inside(phrase.span, part) else found).append(
                    Fact(kind=kind, address=owner.address, span=Span(start=start, end=end),
                         quote=fold(doc.text[start:end]), lang=lang, fields=fields))
        elif why:
            problems.append(_unextracted(doc, owner, phrase.span, why))
    part_words = _words([t for t in sentence.tokens if exceptions.inside((t.start, t.end), part)],
                        lang) if part else ""
    found = exceptions.attach(found, excepted, lang, part_words)
    found.extend(_unphrased(sentence, terms, phrases, lang, owner, doc, context, lead_words))
    return _between(found), problems


def _shared(bound, phrase: Phrase, sentence) -> tuple[str, str | None] | None:
    """The subject of the bound read just before a phrase, where only a conjunction, commas
    and brackets stand between the two (subjects.coordinating): "не менее 10 и не более 40
    процентов", "10 пайыздан кем емес және 40 пайыздан артық емес" bound one subject."""
    if bound is None:
        return None
    (_, end), subject = bound
    between = [t for t in sentence.tokens if end <= t.start and t.end <= phrase.span[0]]
    return subject if subjects.coordinating(between) else None


def _coordinated(kind: str, fields: dict, lang: str, around: _Around) -> list[dict]:
    """The same deadline for the other of two events joined before its phrase ("НЫИ бойынша
    бағалау мен 360 әдісі бойынша бағалау … 25 қаңтарынан кешіктірілмей жүргізіледі",
    "Оценка по КЦИ и оценка методом 360 проводятся не позднее 25 января"): two phrases of
    one head noun (the language's `head_side`) joined by a conjunction, each naming an event
    of the `events` table, one of them the deadline's (not things listed: "оценочные листы,
    протоколы … и иные материалы хранятся")."""
    if kind != "deadline":
        return []
    tokens = [t for t in around.sentence.tokens
              if around.lo <= t.start and t.end <= around.phrase.span[0]]
    joints = [i for i, t in enumerate(tokens) if t.text.lower() in profile(lang).conjunctions]
    if len(joints) != 1:
        return []
    prof = profile(lang)
    left, right = tokens[:joints[0]], tokens[joints[0] + 1:]
    words = [[t for t in side if t.text[:1].isalpha()] for side in (left, right)]
    if not all(words):
        return []
    # two phrases of one head noun ("… бағалау мен … бағалау", "оценка … и оценка …"), not
    # any pair; a head-last language's second phrase ends at that noun (what follows it
    # qualifies the term: "… бағалау бағаланатын жылдан кейінгі жылдың 25 қаңтарынан")
    if prof.head_side == "last":
        head = prof.token_key(words[0][-1])
        at = next((t for t in words[1] if prof.token_key(t) == head), None)
        if at is None:
            return []
        right = [t for t in right if t.end <= at.end]
    elif prof.token_key(words[0][0]) != prof.token_key(words[1][0]):
        return []
    sides = [lookup("events", lang, _plain(lang, _words(side, lang))) for side in (left, right)]
    keys = [side[0] for side in sides if side is not None]
    if len(keys) != 2 or keys[0] == keys[1] or fields["event"] not in keys:
        return []
    other = next(key for key in keys if key != fields["event"])
    anchor = fields["anchor"]  # a fixed date's year is the other event's own
    if "fixed_date" in fields["rule"]:
        anchor = frames.year_anchor(other, fields["rule"]["year"])
    return [{**fields, "event": other, "anchor": anchor}]


def _counted(phrases: list[Phrase]) -> list[Phrase]:
    """The phrases without a bare period ("в течение года", "жыл ішінде": no number) where
    the sentence states a term with its number: the period then qualifies a person ("План
    служащего, назначенного на должность в течение года, утверждается в течение 10 рабочих
    дней …"), the numbered term is the rule's."""
    def bare(p: Phrase) -> bool:
        return p.form == "within" and _bare(p)
    if not any(p.form in DEADLINE_FORMS and not bare(p) and "NUM" in p.types()
               for p in phrases):
        return phrases
    return [p for p in phrases if not bare(p)]


def _anchoring(phrases: list[Phrase]) -> list[Phrase]:
    """The phrases without a "from the day" or a bare "before the start" that a term follows
    at once: "жарияланған күнінен бастап күнтізбелік он күн өткеннен кейін" is one term from
    that day, not also an entry into force on the day itself; "бағалау басталғанға дейін
    кемінде бес күн бұрын" one term before the start, not also the day before it."""
    return [p for k, p in enumerate(phrases)
            if not (p.form in ("same_day", "start_before") and k + 1 < len(phrases)
                    and phrases[k + 1].form in ("within", "before")
                    and phrases[k + 1].first == p.last + 1)]


def _rounds(phrase: Phrase, sentence, doc: Document) -> bool:
    """Whether a phrase's number is the precision of a rounding rule ("с точностью до одного
    знака после запятой", "үтірден кейін екі таңбаға дейін"; grammar/scales.yaml), read by
    rounding.py, not a threshold."""
    start, end = phrase.span
    text = doc.text[sentence.start:sentence.end]
    return any(sentence.start + m.start() < end and start < sentence.start + m.end()
               for pattern, digits in scales.rounding_patterns() if digits is not None
               for m in pattern.finditer(text))


def _outside(part: tuple[int, int] | None, phrase: Phrase, lo: int, hi: int) -> tuple[int, int]:
    """A phrase's window of words kept on its side of an exception part: the main rule
    does not read the exception's words, nor the exception the main rule's."""
    if part is None:
        return lo, hi
    if exceptions.inside(phrase.span, part):
        return max(lo, part[0]), min(hi, part[1])
    if phrase.span[1] <= part[0]:
        return lo, min(hi, part[0])
    return max(lo, part[1]), hi


def _unphrased(sentence, terms, phrases, lang, owner, doc, context, lead_words="") -> list[Fact]:
    """Rules without a comparison phrase: a condition that stops evaluation (its "not
    evaluated" in the sentence or in the lead-in of its sub-point) or a rule (a flag's own
    verdict: "не применяются"), a score given only with a written justification, a share
    that must hold, a band for "all" of a counted scale."""
    words = _words(sentence.tokens, lang)
    out = []

    def fact(kind, fields):
        return Fact(kind=kind, address=owner.address,
                    span=Span(start=sentence.start, end=sentence.end),
                    quote=fold(doc.text[sentence.start:sentence.end]), lang=lang, fields=fields)

    flag = entry("flags", lang, words)
    verdict = flag[1].get("verdict", "not_held") if flag else None  # held, or applied
    if flag and (entry(verdict, lang, words) or entry(verdict, lang, lead_words)):
        out.append(fact("threshold", {"subject": flag[0], "op": "==", "value": True,
                                      "unit": None}))
    justified = entry("justified", lang, words) if owner.kind != "table" else None
    score = _single_score(terms, sentence) if justified and not phrases else None
    if score is not None:  # "Оценка в 5 баллов … только при наличии письменного обоснования"
        out.append(fact("threshold", {"subject": justified[0], "op": "==", "value": score,
                                      "unit": justified[1].get("unit")}))
    subject = entry("subjects", lang, words) if entry("none_of", lang, words) else None
    if subject and not any(READERS[p.form] in (_bound, _range, _exact) for p in phrases):
        # "… ни в одном квартале, годовой оценке не подлежит" (not subject to it: an
        # exclusion, as "не проводится, если … менее трех месяцев" is): fewer than one
        # excludes; "… годовая оценка не выставляется" (a grade given only with one): at
        # least one is needed. The subject's own words ("бағаланбаған") are not the verdict.
        rest = frames.masked(words, lexicon.spans("subjects", subject[0], lang, words))
        op = "<" if entry("not_held", lang, rest) else ">="
        out.append(fact("threshold", {"subject": subject[0], "op": op, "value": 1,
                                      "unit": subject[1].get("unit")}))
    covered = {i for p in phrases for i in range(p.first, p.last + 1)}
    for i, t in enumerate(terms):
        value = t.value
        if (i not in covered and t.type == "NUM" and value is not None and 0 < value < 1
                and not t.token.text[:1].isdigit()):
            share = entry("shares", lang, words)
            if share:
                if isinstance(value, Fraction):
                    value = f"{value.numerator}/{value.denominator}"
                out.append(fact("threshold", {"subject": share[0], "op": ">=", "value": value,
                                              "unit": share[1].get("unit")}))
    if not phrases and entry("all", lang, words):
        grade = lookup("grades", lang, words)
        scale = lookup("scales", lang, context)
        total = _total(context, lang)
        if grade and scale and scale[0] == "kpi_achieved" and total is not None:
            out.append(fact("grade_band", _open_band("==", total, scale[0], grade[0])))
    return out


def _single_score(terms, sentence):
    """The one score a sentence names, its number next to the points word ("в 5 баллов",
    "Балл «5»", "5 (пять) баллов"), else None: "1 или 5 баллов" names two."""
    if len({t.value for t in sentence.tokens if t.is_number}) != 1:
        return None
    for i, t in enumerate(terms):
        if t.type == "NUM" and t.value is not None and "POINT" in {
                terms[k].type for k in (i - 1, i + 1) if 0 <= k < len(terms)}:
            return t.value
    return None


def _total(context: str, lang: str):
    """The N of "5-нен 4-і" (N out of which items are counted) in a clause, if one."""
    tokens = nlp.tokens(context, lang)
    terms = terminals(tokens, lang)
    for phrase in scan(terms, lang):
        if phrase.form in ("part", "part_less"):
            return phrase.numbers()[0]
    return None


# a lower then an upper bound on one subject: (op of the first, op of the second); the
# negation of two coordinated bounds is said once, last in Kazakh ("үштен кем және бестен
# артық болмауы тиіс": "<" then "<="), before both in Russian ("не может быть менее трех и
# более пяти": "<" then ">", the negation outside both phrases) and holds for both; and
# "less than 3 or more than 5" excludes what "from 3 to 5" requires
_BETWEEN = {(">=", "<="), ("<", "<="), (">=", ">"), ("<", ">")}


def _between(found: list[Fact]) -> list[Fact]:
    """"үш адамнан кем болмауы және жеті адамнан артық болмауы": a lower and an upper
    bound on one subject in one sentence are one `between` threshold; "3 балла и более, но
    менее 4 баллов – «…»": a lower and an upper end of one grade are one band."""
    out: list[Fact] = []
    for fact in found:
        prev = out[-1] if out else None
        if prev is not None and _ends_of_one_band(prev, fact):
            fields = {**prev.fields, "high": fact.fields["high"],
                      "high_inclusive": fact.fields["high_inclusive"]}
            out[-1] = prev.model_copy(update={"fields": fields})
            continue
        if prev is not None and _restated_end(prev, fact):
            side = "high" if fact.fields["low"] is None else "low"
            fields = {**prev.fields, f"{side}_inclusive": fact.fields[f"{side}_inclusive"]}
            out[-1] = prev.model_copy(update={"fields": fields})
            continue
        if (prev is not None and fact.kind == prev.kind == "threshold"
                and prev.fields["subject"] == fact.fields["subject"]
                and (prev.fields["op"], fact.fields["op"]) in _BETWEEN
                and not isinstance(prev.fields["value"], (str, list))
                and not isinstance(fact.fields["value"], (str, list))
                and prev.fields["value"] < fact.fields["value"]
                and prev.span == fact.span):
            fields = {**prev.fields, "op": "between",
                      "value": [prev.fields["value"], fact.fields["value"]],
                      "unit": prev.fields["unit"] or fact.fields["unit"]}
            out[-1] = prev.model_copy(update={"fields": fields})
            continue
        out.append(fact)
    return out


def _restated_end(band: Fact, end: Fact) -> bool:
    """Whether a one-sided band restates an end of the band before it in its sentence, said
    included ("3,4 балдан жоғары 4,2 балға дейін (4,2 балды қоса алғанда)", "до 4,2 балла
    (4,2 балла включительно)"): the remark on the range's end, no band of its own."""
    keys = ("scale", "grade")
    if not (band.kind == end.kind == "grade_band" and band.span == end.span
            and all(band.fields[k] == end.fields[k] for k in keys)
            and band.fields["low"] is not None and band.fields["high"] is not None):
        return False
    return ((end.fields["low"] is None and end.fields["high"] == band.fields["high"]
             and end.fields["high_inclusive"])
            or (end.fields["high"] is None and end.fields["low"] == band.fields["low"]
                and end.fields["low_inclusive"]))


def _ends_of_one_band(low: Fact, high: Fact) -> bool:
    """Whether two bands of one sentence are the lower and the upper end of one grade."""
    keys = ("scale", "grade")
    return (low.kind == high.kind == "grade_band" and low.span == high.span
            and all(low.fields[k] == high.fields[k] for k in keys)
            and low.fields["high"] is None and low.fields["low"] is not None
            and high.fields["low"] is None and high.fields["high"] is not None)


# ---------------------------------------------------------------- tables written as lists

def _value_after(terms: list[Terminal], i: int):
    """The N of "– N балл" starting at terminal i, else None."""
    if (i + 2 < len(terms) and terms[i].type == "DASH" and terms[i + 1].type == "NUM"
            and terms[i + 2].type == "POINT"):
        return terms[i + 1].value
    return None


_INCLUSION = {"NUM", "POINT", "ABL", "DAT", "INCL", "INCL2"}


def _past_inclusion(terms: list[Terminal], i: int) -> int:
    """Terminal i, or past the remark that a band's end is included when one follows it
    ("85-тен 110 балға дейін (110 балды қоса алғанда) – 3 балл")."""
    j = i
    while j < len(terms) and terms[j].type in _INCLUSION:
        j += 1
    return j if any(t.type == "INCL" for t in terms[i:j]) else i


def _conditioned_value(terms, phrases, sentence, lang: str, owner: Node,
                       doc: Document) -> Fact | None:
    """A value stated for a count beyond a bound and another for "the other cases", a
    lookup table from the count ("Д – ноль целых пять десятых балла в случае, если … нарушены
    сроки исполнения более трех документов, в остальных случаях Д равно нулю", "К – … үштен
    артық құжаттың орындалу мерзімін бұзған жағдайда нөл бүтін оннан бес балл, қалған
    жағдайларда К нөлге тең" -> `late_documents` (3, +inf) -> 0.5, (-inf, 3] -> 0): the
    `conditioned_values` entry the condition's words name gives the table, its input and
    output; one bound, the points stated before the other cases, a number after them."""
    keys = [profile(lang).token_key(t) for t in sentence.tokens]
    joined = " ".join(keys)
    other = lexicon.concept_pattern("<otherwise>", lang).search(joined)
    if other is None:
        return None
    at = sentence.tokens[joined[:other.start()].count(" ")].start  # the other cases' word
    split = next((i for i, t in enumerate(terms) if t.token.start >= at), len(terms))
    bounds = [p for p in phrases if p.form == "bound" and p.last < split]
    points = [terms[i].value for i in range(split - 1) if terms[i].type == "NUM"
              and terms[i + 1].type == "POINT" and not any(
                  p.first <= i <= p.last for p in bounds)]
    rest = [t.value for t in terms[split:] if t.type == "NUM"]
    table = entry("conditioned_values", lang, " ".join(keys[:joined[:other.start()].count(" ")]))
    if len(bounds) != 1 or len(points) != 1 or len(rest) != 1 or table is None \
            or not isinstance(points[0], Decimal) or not isinstance(rest[0], Decimal):
        return None
    held = _row_bounds(bounds[0])
    if held["low"] is not None:  # "более трех": the other cases are up to three
        others = {"low": None, "high": held["low"], "low_inclusive": None,
                  "high_inclusive": not held["low_inclusive"]}
    else:
        others = {"low": held["high"], "high": None, "low_inclusive": not held["high_inclusive"],
                  "high_inclusive": None}
    rows = sorted([{**held, "value": points[0]}, {**others, "value": rest[0]}],
                  key=lambda r: r["low"] is not None)
    key, extra = table
    return Fact(kind="lookup_table", address=owner.address,
                span=Span(start=sentence.start, end=sentence.end),
                quote=fold(doc.text[sentence.start:sentence.end]), lang=lang,
                fields={"name": key, "input": extra["input"], "output": extra["output"],
                        "rows": rows})


def _list_row(terms, phrases, sentence, lang, owner, context, rows, text: str) -> bool:
    """A "<band> – N балл" (a conversion) or "<outcome> үшін – N балл" (a keyed table)
    item: kept as a row of its list's table; True if the sentence is one."""
    holder = _list_holder(owner)
    for phrase in phrases:
        if phrase.form in ("range", "bound"):
            value = _value_after(terms, _past_inclusion(terms, phrase.last + 1))
            if value is not None and entry("conversions", lang, context):
                rows.setdefault(holder, []).append(
                    ("band", sentence, {**_row_bounds(phrase), "value": value}, lang, context))
                return True
    if not entry("keyed_tables", lang, context):
        return False
    pairs = _scale_pairs(terms, sentence, text, lang)
    if len(pairs) > 1:  # "«всегда» – 5 баллов, «иногда» – 3 балла, …": a row each
        for key, value in pairs:
            rows.setdefault(holder, []).append(
                ("key", sentence, {"key": key, "value": value, "own": key}, lang, context))
        return True
    first = None if entry("keyed_tables", lang, context)[1].get("own_words") \
        else _points_first(terms)  # a violation's or an activity's row gives its points last
    if first is not None:  # "5 баллов – задача выполнена в полном объеме и в срок;"
        value, after = first
        own = _own_words(text[after:sentence.end].rstrip(" ;.,"))
        outcome = entry("outcomes", lang, _words([x for x in sentence.tokens if x.start >= after],
                                                 lang))
        row = {"key": outcome[0] if outcome else None, "value": value, "own": own}
        rows.setdefault(holder, []).append(("key", sentence, row, lang, context))
        return True
    for i, t in enumerate(terms):  # a bound in its words is the outcome's ("не менее чем на
        value = _value_after(terms, i)  # половину – 3 балла"), the points closing the row
        if value is not None and (i + 3 == len(terms)
                                  or not any(p.first <= i <= p.last for p in phrases)) \
                and not formulas.in_legend(text[sentence.start:t.token.start]):
            # ("НБ – 100 балға тең негізгі балл" of a legend is no row)
            words = _words([x for x in sentence.tokens if x.end <= t.token.start], lang)
            outcome = entry("outcomes", lang, words)
            quoted = _quoted(sentence.tokens, t.token.start)
            row = {"key": quoted or (outcome[0] if outcome else None), "value": value,
                   "own": quoted or _own_words(text[sentence.start:t.token.start])}
            rows.setdefault(holder, []).append(("key", sentence, row, lang, context))
            return True
    return False


def _scale_pairs(terms, sentence, text: str, lang: str) -> list[tuple[str, object]]:
    """The (key, points) pairs of a scale written in one sentence, keys first ("«всегда» – 5
    баллов, «как правило» – 4 балла") or points first ("5 баллов – проявляется всегда;
    4 балла – часто"); the lead-in before a colon is no key, and one holding a number
    ("по шкале от 1 до 5 баллов, где 1 балл – …") makes it a range's gloss, no scale."""
    n = len(terms)
    after = [i for i in range(n - 2) if terms[i].type == "DASH" and terms[i + 1].type == "NUM"
             and terms[i + 2].type == "POINT" and (i + 3 == n or terms[i + 3].type != "DASH")]
    before = [i for i in range(n - 2) if terms[i].type == "NUM" and terms[i + 1].type == "POINT"
              and terms[i + 2].type == "DASH" and (i == 0 or terms[i - 1].type != "DASH")]
    if not after and not before:
        return _bare_pairs(terms, sentence, text, lang)
    first = min(after + [i - 1 for i in before], default=0)
    if any(t.type == "NUM" and (t.token.text[:1].isdigit() or terms[k + 1].type == "POINT")
           for k, t in enumerate(terms[:first])):
        return []  # a number of points before the scale: a range's gloss ("по шкале от 1 до
        # 5 баллов, где 1 балл – …"), not "выбирая один из вариантов ответа"
    if len(after) >= len(before):
        cuts = [sentence.start] + [terms[i + 2].token.end for i in after]
        return [(_scale_key(text[cuts[k]:terms[i].token.start]), terms[i + 1].value)
                for k, i in enumerate(after)]
    ends = [terms[i].token.start for i in before[1:]] + [sentence.end]
    return [(_scale_key(text[terms[i + 2].token.end:end]), terms[i].value)
            for i, end in zip(before, ends)]


def _points_first(terms) -> tuple[Decimal, int] | None:
    """(points, where the row's words start) of a list item that opens with its points and
    gives no other number ("5 баллов – задача выполнена в полном объеме и ранее
    установленного срока", "4 балл – іс-шара толық көлемде орындалды"), else None."""
    numbers = [i for i, t in enumerate(terms) if t.type in ("NUM", "ORD")]
    if len(numbers) != 1 or len(terms) < 3:
        return None
    i = numbers[0]
    if terms[i].type != "NUM" or i + 2 >= len(terms) or terms[i + 1].type != "POINT" \
            or terms[i + 2].type != "DASH" or any(t.type == "DASH" for t in terms[:i]) \
            or not isinstance(terms[i].value, Decimal):
        return None
    return terms[i].value, terms[i + 2].token.end


def _bare_pairs(terms, sentence, text: str, lang: str) -> list[tuple[str, object]]:
    """The pairs of a scale whose lead-in names the points, or the scale, once and whose
    items give them bare ("По каждому вопросу выставляется балл: 5 – проявляется всегда; 4 –
    …", "Әрбір сұрақ бойынша балл қойылады: 5 – әрдайым байқалады; …", "Шкала: 5 –
    проявляется всегда; …", grammar/facts_meaning.yaml `scored`): three items or more, none a
    range; a lead-in giving the range the items gloss one by one ("выставляя целое число
    баллов от 1 до 5, где: 1 – «никогда», 2 – «редко», …") is a scale too."""
    colon = text.find(":", sentence.start, sentence.end)
    if colon < 0:
        return []
    lead = [t for t in terms if t.token.end <= colon]
    scale = entry("scored", lang, _words([t for t in sentence.tokens if t.end <= colon], lang))
    items = [i for i in range(len(terms) - 1) if terms[i].type == "NUM"
             and terms[i + 1].type == "DASH" and terms[i].token.start > colon
             and (i + 2 == len(terms) or terms[i + 2].type != "NUM")]
    if len(items) < 3 or not (scale or any(t.type == "POINT" for t in lead)):
        return []
    ends = [terms[i].token.start for i in items[1:]] + [sentence.end]
    return [(_scale_key(text[terms[i + 1].token.end:end]), terms[i].value)
            for i, end in zip(items, ends)]


def _scale_key(text: str) -> str | None:
    """A scale's key as written: its lead-in (up to a colon), quotes and separators dropped."""
    text = text.rsplit(":", 1)[-1]
    return fold(text).strip(" ,;.–-—«»\"“”„") or None


def _list_holder(owner: Node) -> str:
    """The address a list row's table is kept at: a numbered sub-point's (or a bulleted
    item's) rows are its clause's list (the table is one, its rows the clause's sub-points)."""
    if owner.kind in ("subpoint", "paragraph"):
        return owner.address.rsplit("/", 1)[0]
    return owner.address


# a list item's label: its number or letter, or the mark of a bulleted item ("– …", "• …")
LABEL = re.compile(r"^\s*(?:(?:\d{1,2}|[а-яәіңғүұқөһa-z])[).]|[–—•·-])\s+", re.IGNORECASE)


def _own_words(text: str) -> str | None:
    """A keyed row's words as written before its points, its list label and dash dropped
    ("1) достигнут частично, не менее чем на половину –" -> "достигнут частично, не менее
    чем на половину"), and the quotes of a row that is one quotation ("1) «проявляется
    всегда» –")."""
    words = fold(LABEL.sub("", text)).rstrip(" –-—:,").strip()  # "…, – 0,2 балла"
    quoted = QUOTED.match(words)  # "1) «проявляется всегда» –": the quotation's words
    return fold(quoted.group(1)) if quoted else words or None


QUOTED = re.compile(r'^\s*["«“„]([^"«»“”„]+)["»”“]\s*$')


def _quoted(tokens, end: int) -> str | None:
    """The key of a keyed row written in quotes before its points ("құзырет сирек көрінеді" –
    2 балл), white space folded; None when the words before the dash are not one quotation."""
    before = [x for x in tokens if x.end <= end and x.text not in ("–", "-", "—")]
    if not before:
        return None
    match = QUOTED.match(" ".join(x.text for x in before))
    return fold(match.group(1)) if match else None


def _is_row(rows: dict, owner: Node, sentence) -> bool:
    return any(item[1] is sentence for item in rows.get(_list_holder(owner), ()))


def _row_bounds(phrase: Phrase) -> dict:
    numbers = phrase.numbers()
    if phrase.form == "range":
        return {"low": numbers[0], "high": numbers[1],
                "low_inclusive": _from_above(phrase) is None, "high_inclusive": True}
    types = phrase.types()
    op = "<" if {"LESS", "LOWER"} & set(types) else ">"
    if NEGATING & set(types):
        op = {"<": ">=", ">": "<="}[op]
    band = _open_band(op, numbers[-1], "", "")
    return {k: band[k] for k in ("low", "high", "low_inclusive", "high_inclusive")}


def _list_table(address: str, items: list, doc: Document):
    """The lookup_table fact of a list's rows, or the diagnostic saying why not."""
    shape, first, _, lang, context = items[0]
    table = entry("conversions" if shape == "band" else "keyed_tables", lang, context)
    start, end = first.start, items[-1][1].end
    rows = [row[2] for row in items] if shape == "band" else \
        _keyed_rows(items, own=bool(table and table[1].get("own_words")))
    if table is None or rows is None:
        span = Span(start=start, end=end)
        return None, Diagnostic(code="UNEXTRACTED", severity="warning", address=address,
                                span=span, location=doc.location(start),
                                message="a list of scored items whose table or outcome is "
                                        "not known")
    key, extra = table
    fields = {"name": key, "input": extra.get("input"), "output": extra.get("output"),
              "rows": rows}
    return Fact(kind="lookup_table", address=address, span=Span(start=start, end=end),
                quote=fold(doc.text[start:end]), lang=lang, fields=fields), None


# a share written in a row's words ("80 пайыздан бастап 100 пайызға дейін", "от 90 до 99,99
# процента"): the row is a range of the share, no key
_PERCENT_KEY = re.compile(r"\d\s*(?:%|пайыз|процент)", re.IGNORECASE)


def _keyed_rows(items: list, own: bool = False) -> list[dict] | None:
    """A keyed list's rows: keyed by their outcomes when each row names its own, else (and
    always for a table whose rows are no outcomes: violations, activities) by their own words
    (two rows of one outcome differ by what the concept does not hold: "в полном объеме и в
    установленный срок" / "… с нарушением срока"); None when a row has neither."""
    keys = [row[2]["key"] for row in items]
    if own or None in keys or len(set(keys)) < len(keys):
        keys = [row[2]["own"] for row in items]
    if None in keys or len(set(keys)) < len(keys) \
            or any(_PERCENT_KEY.search(row[2]["own"] or "") for row in items):
        return None  # rows keyed by a share of the plan done are a table of ranges
    return [{"key": key, "value": row[2]["value"]} for key, row in zip(keys, items)]


def _stands(phrase: Phrase, lang: str, sentence_words: str) -> bool:
    """False for a phrase that only frames another: "тоқсаннан кейінгі" (after the
    quarter, no term), "со дня" / "күннен бастап" outside an entry-into-force clause."""
    if phrase.form == "within" and "AFTER" in phrase.types():
        return any(t in ("NUM", "ORD") for t in phrase.types())
    if phrase.form == "same_day":
        if lang == "kk" and phrase.types()[0] != "DAY":
            return True  # "3 балдан бастап": read as a range start elsewhere
        event = lookup("events", lang, sentence_words)
        return event is not None and event[0] == "entry_into_force"
    return True


_COMMA = re.compile(r",(?!\d)")
_CUT = re.compile(r",(?!\d)|[;\n]")  # what ends a segment: not the comma of "4,8"


@dataclass
class _Around:
    """The words around a phrase, for the meaning tables."""

    doc: Document
    sentence: object
    lo: int  # the part of the sentence between the neighbouring phrases
    hi: int
    phrase: Phrase
    clause: str
    lang: str
    cell: bool = False
    previous: str = ""  # the words of the clause before this one
    row: str = ""  # a table cell's: the words of the other cells of its row
    head: str = ""  # the words of the clause's own text (the lead-in of its list)
    following: tuple[int, int] | None = None  # where the next phrase stands
    # the part of the sentence the phrase's rule reads: the sentence, less an exception's
    # part (or only that part, for the exception's own phrase)
    reach: tuple[int, int] | None = None
    column: str = ""  # a table cell's: the words of its column's header cell
    # the subject of the bound before, where only a conjunction joins the two ("не менее 10
    # и не более 40 процентов": one subject for both)
    shared: tuple[str, str | None] | None = None

    def subject(self) -> tuple[str, str | None] | None:
        """What a bound counts: the subject its amount's own noun names, else the subject of
        the bound it is coordinated with (`shared`), else the first near it, in its
        sentence, its clause (not items counted, `counted`: what a bare
        number counts is named in its sentence; "мыңдық үлес бестен кем болса" of a
        rounding rule counts no tasks the clause's plan names); a body's count named with
        the body."""
        found = self.counted() or self.shared or self.first_subject() or self.part_subject() \
            or self.find("subjects")
        if found is not None and _counts_items(found[0]) and not any(
                e.key == found[0] and e.patterns[self.lang].search(self.sentence_words())
                for e in lexicon.entries()["subjects"]):
            found = None
        return subjects.named_with_body(
            found, self.body,
            subjects.names_members(self.sentence.tokens, self.lang, self.phrase.span[1],
                                   self.following))

    def first_subject(self) -> tuple[str, str | None] | None:
        """The subject the sentence names first, where the phrase's segment counts "them"
        (`their_count`: "…, их число должно быть не менее пяти человек"): not the nearest
        noun, which names those they are chosen from."""
        if not entry("their_count", self.lang, self.segment()):
            return None
        words = self.words(self.sentence.start, self.segment_bounds()[0])
        placed = [(m.start(), e) for e in lexicon.entries()["subjects"]
                  for m in [e.patterns[self.lang].search(words)] if m]
        if not placed:
            return None
        first = min(placed, key=lambda p: p[0])[1]
        return first.key, first.extra.get("unit")

    def frequency_subject(self) -> tuple[str, str | None] | None:
        """What a frequency counts ("бір реттен артық емес", "не более одного раза в год"):
        a subject counted per year, named near the phrase, else in its sentence (not in the
        clause: another sentence's frequency is not this one's); a subject counted otherwise
        and named nearer ("ННИ және олардың салмақтары жыл
        ішінде бір реттен артық емес … түзетілуі мүмкін": the weights, not their
        corrections) is not what the times count."""
        for words in (self.near(), self.sentence_words()):
            found = lexicon.find_with("subjects", self.lang, words, "unit", "per_year")
            if found is not None:
                return found.key, "per_year"
        return None

    def part_subject(self) -> tuple[str, str | None] | None:
        """The subject named in the part of the sentence that holds the phrase (near it,
        then anywhere in the part), when a joining word parts the sentence ("вес одного КЦИ
        … не более 40 процентов, а сумма весов всех КЦИ составляет 100 процентов", "…
        артық болмайды, ал барлық ННИ салмақтарының қосындысы 100 пайызды құрайды": each
        bound's subject is its own part's)."""
        lo, hi = self.part_bounds()
        if (lo, hi) == (self.sentence.start, self.sentence.end):
            return None
        return (lookup("subjects", self.lang, self.words(max(lo, self.lo), min(hi, self.near_end())))
                or lookup("subjects", self.lang, self.words(lo, hi)))

    def part_bounds(self) -> tuple[int, int]:
        """Where the part of the sentence holding the phrase starts and ends: cut at a
        semicolon, and at a comma a joining word of parts follows (`part_joints`: "а", "при
        этом", "ал", "бұл ретте")."""
        tokens = self.sentence.tokens
        start, end = self.phrase.span
        lo, hi = self.sentence.start, self.sentence.end
        for k, t in enumerate(tokens):
            if t.text == ";" or (t.text == "," and lexicon.find(
                    "part_joints", self.lang, profile(self.lang).keys(tokens[k + 1:k + 3]),
                    at_start=True) is not None):
                if t.end <= start:
                    lo = t.end
                elif t.start >= end:
                    hi = t.start
                    break
        return lo, hi

    def counted(self) -> tuple[str, str | None] | None:
        """The subject the words right after the phrase name ("не менее трех его коллег")."""
        return subjects.counted(self.sentence.tokens, self.lang, self.phrase.span[1],
                                self.following)

    def body(self):
        """The `bodies` entry (commission, calibration) the phrase's count is of."""
        start, end = self.phrase.span
        return subjects.body(self.lang, self.words(self.sentence.start, end),
                             self.words(start, self.sentence.end), self.clause, self.previous,
                             self.chapter(), _short_terms(self.doc, self.lang))

    def grade(self) -> tuple[str, str | None] | None:
        """The grade named in the phrase's segment, else (a table cell) in its row, else in
        the sub-point of another clause the phrase's words refer to."""
        return lookup("grades", self.lang, self.segment()) or (
            lookup("grades", self.lang, self.row) if self.row else self.referred_grade())

    def referred_grade(self) -> tuple[str, str | None] | None:
        """The grade a sub-point of another clause names, when the words around the phrase
        refer to it ("Результату, указанному в подпункте 1) пункта 8, соответствует … от 4,1
        до 5 баллов, в подпункте 2) – от 3,1 до 4 баллов"): the nearest reference before the
        phrase (from the previous phrase on), else the first after it (up to the next)."""
        refs = designators.subpoints(self.sentence.tokens, self.lang)
        start, end = self.phrase.span
        before = [r for r in refs if self.lo <= r[0] < start]
        after = [r for r in refs if end <= r[0] < self.hi]
        ref = before[-1] if before else (after[0] if after else None)
        node = ref and designators.subpoint(self.doc, ref[1], ref[2], self.sentence.start)
        if not node or node.head is None:
            return None
        tokens = nlp.tokens(self.doc.text[node.head.start:node.head.end], self.lang)
        return lookup("grades", self.lang, _words(tokens, self.lang))

    def item_grade(self) -> tuple[str, str | None] | None:
        """The grade the next phrase's segment names, when a bound is the lower end of a band
        whose upper end follows a comma ("3 балла и более, но менее 4 баллов – «…»"); None
        when no phrase follows before the item ends (a semicolon, the line's end)."""
        text = self.doc.text
        start = self.phrase.span[0]
        ends = [text.find(c, start, self.sentence.end) for c in ";\n"]
        end = min([self.sentence.end] + [i for i in ends if i >= 0])
        if self.hi >= end:
            return None
        cut = _COMMA.search(text, self.hi, end)  # not the decimal comma of "4,5"
        return (lookup("grades", self.lang, self.words(self.hi, cut.start() if cut else end))
                or lookup("grades", self.lang, self.words(self.hi, end)))  # after the upper
        # end's piece: "2,5 балдан жоғары, бірақ 3,5 балдан аспайтын болса, «…» бағасы"

    def chapter(self) -> str:
        """The words of the title of the chapter the phrase stands in ("Глава 3. Порядок
        проведения годовой оценки"), "" outside chapters."""
        at = self.sentence.start
        found = ""
        for root in self.doc.roots:
            for node in root.walk():
                if (node.kind == "chapter" and node.head is not None
                        and node.span.start <= at < node.span.end):
                    found = _words(nlp.tokens(self.doc.text[node.head.start:node.head.end],
                                              self.lang), self.lang)
        return found

    def later_grade(self, ends: tuple = ()) -> tuple[str, str | None] | None:
        """The grade named after the phrase in its item (to a semicolon or the sentence's
        end), when no phrase follows in it: a range a comma parts from its grade ("108
        балдан 123 балға дейін, шекті мәндерін қоса алғанда, – «тиімді»", "от 108 до 123
        баллов, включая граничные значения, – «эффективно»"); a phrase that only restates
        one of the range's `ends` ("…, 130 балды қоса алғанда – «…»", "…, 130 баллов
        включительно – «…»") does not part them."""
        text = self.doc.text
        cut = text.find(";", self.phrase.span[1], self.sentence.end)
        end = cut if cut >= 0 else self.sentence.end
        if self.hi < end and not (ends and _only_numbers(text[self.hi:end], ends)):
            return None
        return lookup("grades", self.lang, self.words(self.phrase.span[1], end))

    def prior_grade(self) -> tuple[str, str | None] | None:
        """The grade named earlier in the phrase's item (from the sentence's start or its
        last semicolon), when a bound's own segment names none: the upper end of a band whose
        lower end went before it ("«…» – от 3 баллов и выше, но менее 4 баллов", "«…» – 4,5
        балдан жоғары, 5 балды қоса алғанда"), a bound a comma parts from its grade ("«…» –
        при средней оценке, равной 2 баллам или превышающей их")."""
        text = self.doc.text
        start = self.phrase.span[0]
        cut = text.rfind(";", self.sentence.start, start)
        return lookup("grades", self.lang, self.words(max(self.sentence.start, cut + 1), start))

    def words(self, lo: int | None = None, hi: int | None = None,
              predicates: bool = False) -> str:
        """The word keys of the sentence from `lo` to `hi` (`predicates`: the words that
        only qualify a noun blanked)."""
        lo = self.lo if lo is None else lo
        hi = self.hi if hi is None else hi
        return profile(self.lang).keys(
            [t for t in self.sentence.tokens if t.start >= lo and t.end <= hi], predicates)

    def near(self) -> str:
        """Kazakh states what a phrase is about before it and ends the sentence with the
        verb: from the previous phrase to the first comma after this one. Russian: from
        the previous phrase to the next."""
        return self.words(self.lo, self.near_end())

    def near_end(self) -> int:
        """Where the words near the phrase end (`near`)."""
        if profile(self.lang).near_to_comma:
            end = self.phrase.span[1]
            cuts = [i for i in (self.doc.text.find(c, end, self.hi) for c in ",;") if i >= 0]
            return min(cuts) if cuts else self.hi
        return self.hi

    def before(self) -> str:
        """The words from the previous phrase up to the end of this one."""
        return self.words(self.lo, self.phrase.span[1])

    def side(self) -> str:
        """The words on the side of the phrase where the language states what it is about:
        Kazakh before it ("ескерту жарияланған кезде 3,49 балдан"), Russian after it
        ("3,49 балла при замечании")."""
        return self.before() if profile(self.lang).anchor_side == "before" else self.after()

    def after(self) -> str:
        """The words from the start of this phrase up to the next one."""
        return self.words(self.phrase.span[0], self.hi)

    def find(self, table: str, without: tuple[str, str | None] = ("", None)):
        """The first entry of a meaning table near the phrase, else in its sentence,
        else in its clause. With `without` (table, key: a deadline's anchor), an entry
        named near the phrase outside the anchor's words comes first ("со дня подписания
        протокола ознакамливает": the anchor's words name no event of it)."""
        if without[1] is not None:
            near = self.near()
            inside = lexicon.spans(*without, self.lang, near)
            found = lexicon.find(table, self.lang, near, inside=inside) if inside else None
            if found is not None:
                return found.key, found.extra.get("unit")
        return (lookup(table, self.lang, self.near())
                or lookup(table, self.lang, self.sentence_words())
                or lookup(table, self.lang, self.clause)
                or (lookup(table, self.lang, self.previous) if table == "anchors" else None))

    def sentence_words(self) -> str:
        return self.words(self.sentence.start, self.sentence.end)

    def earlier(self) -> str:
        """The words of the clause's own text before the phrase's sentence ("" when it opens
        the clause): what a bare "Түзетулер … енгізіледі" corrects was named there."""
        at = self.head.find(self.sentence_words())
        return self.head[:at] if at > 0 else ""

    def segment(self) -> str:
        """The words of the comma/semicolon/line-delimited piece of the sentence around the
        phrase, where a grade is named (a decimal comma, "4,8", cuts nothing)."""
        return self.words(*self.segment_bounds())

    def segment_bounds(self) -> tuple[int, int]:
        """Where the phrase's segment starts and ends in the text."""
        text = self.doc.text
        start, end = self.phrase.span
        cuts = [m.end() for m in _CUT.finditer(text, self.sentence.start, start)]
        ends = _CUT.search(text, end, self.sentence.end)
        return max([self.sentence.start] + cuts), ends.start() if ends else self.sentence.end

    def stated_ends(self) -> tuple[set, set]:
        """(left out, kept): the numbers the words after the phrase, in its segment or in a
        remark set off by a comma after it, say are left out of it or belong to it ("3 балдан
        4 балға дейін (4 балл қосылмайды)", "от 3 до 4 баллов (4 не включается)", "от 80 до 95
        баллов, исключая 95 баллов", "80 балдан 95 балға дейін, 95 балды қоспағанда"; "(3 балл
        кіреді, 4 балл кірмейді)", "(3 включительно, 4 не включается)"). Each number takes
        the statement of its own piece, up to the next number ("исключая 95": the words
        before the first number are its); a piece that states nothing takes the next one's
        ("3 и 4 не включаются")."""
        end = self.segment_bounds()[1]
        stop = _remark_end(self.doc.text, end, self.sentence.end)
        out, kept = set(), set()
        pending: list = []
        for piece in _number_pieces([t for t in self.sentence.tokens
                                     if t.start >= self.phrase.span[1] and t.end <= stop]):
            pending += [t.value for t in piece if t.is_number and t.value is not None]
            said = _words(piece, self.lang)
            before = self.doc.text[self.phrase.span[1]:piece[-1].start]
            if lookup("left_out", self.lang, said) is not None:
                out.update(pending)
            elif before.count("(") > before.count(")") and \
                    lookup("kept_in", self.lang, said) is not None:
                kept.update(pending)  # only in the range's parenthesis: "включительно" after
                # a later range ("…, «эффективно» – свыше 3,5 до 4,5 включительно") is its own
            else:
                continue
            pending = []
        return out, kept

    def left_out_remark(self, previous: Phrase | None) -> bool:
        """Whether the phrase is only the number of a remark that leaves an end of the range
        before it out or keeps it in ("…, не включая 105 баллов, – …", "…, 105 балды
        қоспағанда – …", "(3 балл қоса алғанда, …)"): the range's remark, no rule of its
        own."""
        if previous is None or previous.form != "range" or self.phrase.form == "range":
            return False
        lo, hi = self.segment_bounds()
        between = self.doc.text[previous.span[1]:self.phrase.span[0] + 1]
        if "," not in between and "(" not in between:
            return False
        words = _words([t for t in self.sentence.tokens if t.start >= lo and t.end <= hi],
                       self.lang)
        return ((lookup("left_out", self.lang, words) is not None
                 or lookup("kept_in", self.lang, words) is not None)
                and set(self.phrase.numbers()) <= set(previous.numbers()))


def _number_pieces(tokens) -> list[list]:
    """The tokens cut before each number but the first (the words before the first number
    are its piece)."""
    pieces: list[list] = [[]]
    for t in tokens:
        if t.is_number and any(u.is_number for u in pieces[-1]):
            pieces.append([])
        pieces[-1].append(t)
    return [p for p in pieces if p]


def _remark_end(text: str, end: int, last: int) -> int:
    """The end of the comma-delimited piece after a segment that ends at `end` (the segment's
    own end when the segment ends with no comma)."""
    if end >= last or text[end] != ",":
        return end
    after = _CUT.search(text, end + 1, last)
    return after.start() if after else last


# ---------------------------------------------------------------- phrase readers

TIME_UNITS = {"working_days", "calendar_days", "weeks", "months", "years"}


def _amount(phrase: Phrase, tree: Tree) -> tuple[Decimal | Fraction | None, str | None]:
    """(number, unit) of an `amount` subtree; either may be missing."""
    value = unit = None
    for child in tree.children:
        if isinstance(child, LarkToken):
            value = phrase.terms[int(child.value)].value
        else:
            unit = _name(child)
    return value, unit


def _duration(phrase: Phrase) -> dict | None:
    """The term of a deadline phrase: {unit: count}; None if it counts no time."""
    amounts = (phrase.subtrees("amount") or phrase.subtrees("counted")
               or phrase.subtrees("nth"))  # "третьего рабочего дня": the Nth day, N days
    if not amounts:
        return None
    count, unit = _amount(phrase, amounts[0])
    if unit not in TIME_UNITS or isinstance(count, Fraction) or "FEW" in phrase.types():
        return None
    if count is None:
        if phrase.form == "within" and "AFTER" in phrase.types():
            return None  # "тоқсаннан кейінгі": after the quarter, not a term
        count = Decimal(1)
    if unit == "weeks":
        return {"calendar_days": count * 7}
    return {unit: count}


def _deadline(phrase: Phrase, lang: str, around: _Around):
    form = phrase.form
    if form == "lasting" and not _lasting(lang, around):
        return None, None  # "три года с …" times only what lasts (records kept)
    if form in ("within", "before", "lasting"):
        rule = _duration(phrase)
        if (rule is not None and not phrase.numbers()
                and any(t.type == "POINT" for t in phrase.terms)):
            # "за отсутствие … в течение рабочего дня – 6 баллов": when a penalised deed
            # happened, no term of the points the sentence gives
            return None, "when a deed scored in points happened, not a term"
    elif form == "start_before":  # "до начала квартала", "тоқсан басталғанға дейін"
        if not _at_a_start(phrase):
            return None, None  # "отырысқа дейін": up to something, no start named
        rule = {"calendar_days": Decimal(1)}  # done before the start: by the day before it
    elif form == "day_of_following_month":
        rule = _day_of_month(phrase)
    elif form == "month_following":  # "в течение месяца, следующего за …": the whole month
        rule = {"month_following": _nth_month(phrase)}
    elif form == "from_date":  # "с 1 апреля 2022 года": entry into force on a stated day
        rule = _dated(phrase, lang, around)
        if rule is None:
            return None, None
    elif form == "fixed_date":
        if _of_a_stated_year(phrase):
            return None, None  # "2022 жылғы 31 желтоқсанға дейінгі": a calendar date
        rule = _fixed_date(phrase, lang, around)
    else:  # same_day: "со дня ...", "... күнінен бастап"
        amounts = phrase.subtrees("amount")
        if amounts and _amount(phrase, amounts[0]) != (None, "calendar_days"):
            return _starting_at(phrase, lang, around)  # "3 балдан бастап": no day
        rule = {"calendar_days": Decimal(0)}
    if rule is None:
        if form == "within" and "AFTER" in phrase.types():
            return None, None
        return None, "a deadline whose term cannot be read"
    if form in ("within", "before") and _bare(phrase) and not _anchored(lang, around):
        # "в течение года", "жыл бойы", "в течение квартала": a time something happens in,
        # no term counted from a day the sentence names
        return None, "a period with no number nor the day it counts from"
    anchor = "signing" if form == "from_date" else _anchor(lang, around)
    if form == "fixed_date" and rule.get("year") == "next":
        anchor = "year_end"  # a date of the following year follows the year's end
    event = _event(lang, around, anchor)
    if event is None:
        if form in ("same_day", "from_date"):
            return None, None
        return None, "a deadline whose event is not known"
    if form in ("same_day", "from_date") and event[0] != "entry_into_force":
        return None, None
    if form == "fixed_date":
        anchor = frames.year_anchor(event[0], rule["year"])
    elif anchor == "period_end":  # the period the event is of: a quarter, or the year
        anchor = frames.period_anchor(event[0])
    if anchor is None:
        return None, f"a deadline ({event[0]}) whose anchor is not known"
    return ("deadline", {"event": event[0], "anchor": anchor, "rule": rule,
                         "direction": "before" if form in ("before", "start_before")
                         else "after"}), None


def _at_a_start(phrase: Phrase) -> bool:
    """Whether a bare "before" is said of a start: its start word in the phrase ("до
    начала") or just before it ("басталғанға дейін")."""
    return any(t.type == "START" for t in phrase.terms[max(phrase.first - 1, 0):phrase.last + 1])


def _event(lang: str, around: _Around, anchor: str | None):
    """The event a deadline times: who does what to what in the words near the phrase,
    else in its sentence, the anchor's own words left out (parser/facts/frames.py); else
    the `events` table's entry named near the phrase, in its sentence or its clause. A rule
    stated before an exception's part may share its verb with it ("не позднее третьего
    рабочего дня …, а по четвертому кварталу – не позднее 1 декабря … направляет
    оценочные листы"); a phrase of that part reads its own words first, then, failing
    them, the rule's too ("Жоспарды … әзірлейді, ал тікелей басшы оны … 25 қаңтардан
    кешіктірмей бекітеді": it is the plan); the words of how a deed is done are none of its
    concepts (`means`: "путем заполнения оценочных листов", "парақтарын толтыру арқылы")."""
    end = around.phrase.span[1]
    sentence = around.sentence
    first, last = around.reach or (sentence.start, sentence.end)
    # the words near the phrase, then its sentence; a language whose clause ends in its
    # verb names what is acted on before the next comma, the verb last (`near_to_comma`)
    reach = around.near_end() if profile(lang).near_to_comma else last
    windows = [(around.lo, around.near_end()), (first, reach)]
    if end <= last < sentence.end:
        windows.append((first, sentence.end))
    key = _framed(lang, around, anchor, windows, first, last)
    if key is None and first > sentence.start:  # an exception's own phrase
        found = _named_event(lang, around, anchor, near_only=True)
        if found is not None:
            return found
        key = _framed(lang, around, anchor, [(sentence.start, sentence.end)],
                      sentence.start, sentence.end)
    if key is not None:
        return key, None

    def earlier() -> tuple[str, None] | None:
        """The sentence's deed, what it acts on named in a sentence before in its clause
        ("… Жоспарға … түзетулер енгізілуі мүмкін. Түзетулер … 1 қарашасынан
        кешіктірілмей енгізіледі")."""
        words = around.earlier()
        found = words and _framed(lang, around, anchor, windows[-1:], first, last, words)
        return (found, None) if found else None
    return _named_event(lang, around, anchor, before_clause=earlier)


def _framed(lang: str, around: _Around, anchor: str | None, windows, first: int,
            last: int, earlier: str = "") -> str | None:
    """The event of the first window of words (lo, hi) around the phrase whose deed a frame
    fits (parser/facts/frames.py); `first`, `last`: the part of the sentence it may read;
    `earlier`: the words of the clause before the sentence, where the deed's other concepts
    may be named (its deed is the sentence's own)."""
    start, end = around.phrase.span
    for lo, hi in windows:
        before, after = _plain(lang, around.words(lo, start)), _plain(lang, around.words(end, hi))
        spans = tuple(frames.outside_clause_joints(lang, w, lexicon.spans("anchors", anchor, lang, w))
                      for w in (before, after))
        verb = None
        if profile(lang).near_to_comma:  # the verb ends its clause: the first clause's
            verb = _first_clause(lang, around, anchor, end, last if lo == first else hi,
                                 past=lo == first)
        predicates = (_plain(lang, around.words(lo, start, True)),
                      _plain(lang, around.words(end, hi, True)))
        key = frames.event(lang, before, after, anchor, spans, verb, predicates, earlier)
        if key is not None:
            return key
    return None


def _named_event(lang: str, around: _Around, anchor: str | None, near_only: bool = False,
                 before_clause=lambda: None):
    """The `events` entry named near the phrase outside its anchor's words, else near it,
    in its sentence, (else what `before_clause` finds) in its clause (the words of a
    `means` phrase left out); `near_only`: near it only."""
    near = _plain(lang, around.near())
    inside = lexicon.spans("anchors", anchor, lang, near) if anchor is not None else []
    found = lexicon.find("events", lang, near, inside=inside) if inside else None
    if found is not None:
        return found.key, found.extra.get("unit")
    if near_only:
        return lookup("events", lang, near)
    return (lookup("events", lang, near)
            or lookup("events", lang, _plain(lang, around.sentence_words()))
            or before_clause()
            or lookup("events", lang, around.clause))


def _plain(lang: str, keys: str) -> str:
    """Word keys with the words of how a deed is done blanked (the `means` table: "путем
    заполнения", "толтыру арқылы"): the deed named there is not the sentence's."""
    spans = lexicon.spans("means", "by_means", lang, keys)
    if spans:
        lexicon.fire(lexicon.entries()["means"][0])
    return frames.masked(keys, spans)


def _first_clause(lang: str, around: _Around, anchor: str | None, end: int, last: int,
                  past: bool = True) -> str:
    """The word keys after a phrase up to the end of the first clause that names a deed (its
    anchor's words blanked): a clause ends at a comma or a joining word (`clause_joints`)
    right after its verb, so of two clauses joined the first one's verb is the term's ("жылдық
    бағаны … үш жұмыс күнінен кешіктірмей есептейді және оны … береді" reckons); a comma
    before any deed parts what is acted on ("өтінішін, бағалау парағын және …"); with
    `past`, the words may run on to the sentence's end."""
    sentence = around.sentence
    cuts = [t.start for t in sentence.tokens if end <= t.start < last and (
        t.text == "," or lexicon.find("clause_joints", lang, profile(lang).keys([t])))]
    # a rule's verb may stand past an exception's part, which shares it ("…
    # кешіктірмей, ал төртінші тоқсан бойынша … кешіктірмей бағалау парақтарын … жібереді")
    for k, cut in enumerate([*cuts, last, *([sentence.end] if past else [])]):
        words = around.words(end, cut)
        words = _plain(lang, frames.masked(words, lexicon.spans("anchors", anchor, lang, words)))
        if frames.names_deed(lang, words, at_end=k < len(cuts)):
            return words
    return words


def _lasting(lang: str, around: _Around) -> bool:
    """Whether the sentence names a `lasting` event (records kept): a bare time from a day
    ("хранятся три года с даты …") is how long it lasts."""
    event = entry("events", lang, around.sentence_words())
    return event is not None and bool(event[1].get("lasting"))


def _dated(phrase: Phrase, lang: str, around: _Around) -> dict | None:
    """{fixed_date, year} of a day stated with its year, counted from the act's signing:
    `same` in the year the act is dated, `next` in the one after; None otherwise."""
    near = phrase.terms[max(0, phrase.first - 2):phrase.first] + \
        phrase.terms[phrase.last + 1:phrase.last + 3]
    years = [int(t.value) for t in near if _a_year(t)]
    signed = _act_year(around.doc)
    rule = _fixed_date(phrase, lang, around)
    if not years or signed is None or rule is None or years[0] - signed not in (0, 1):
        return None
    return {"fixed_date": rule["fixed_date"], "year": "same" if years[0] == signed else "next"}


def _act_year(doc: Document) -> int | None:
    """The year of the act's own date, from its issuing line."""
    node = next((n for n in doc.nodes() if n.kind == "issuing" and n.head is not None), None)
    if node is None:
        return None
    dated = acts.issuing(doc.text[node.head.start:node.head.end]).get("date")
    return int(dated[:4]) if dated else None


def _a_year(term: Terminal) -> bool:
    """A number that can be a year of a date (1900-2100, whole)."""
    return (term.type == "NUM" and term.value is not None and term.value == int(term.value)
            and 1900 <= term.value <= 2100)


def _of_a_stated_year(phrase: Phrase) -> bool:
    """Whether a date phrase follows its year ("2022 жылғы 31 желтоқсан", "31 декабря 2022
    года"): one day of the calendar, not a term that comes back each year."""
    near = phrase.terms[max(0, phrase.first - 2):phrase.first] + \
        phrase.terms[phrase.last + 1:phrase.last + 3]
    return any(_a_year(t) for t in near)


def _nth_month(phrase: Phrase) -> Decimal:
    """Which month after the anchor's a phrase runs to the end of: its ordinal ("до конца
    второго месяца", "екінші айдың соңына дейін"), else the first."""
    terms = phrase.terms[phrase.first:phrase.last + 1]
    month = next(i for i, t in enumerate(terms) if t.type == "MONTH")
    nth = terms[month - 1] if month and terms[month - 1].type == "ORD" else None
    return Decimal(nth.value) if nth is not None else Decimal(1)


def _day_of_month(phrase: Phrase) -> dict:
    """{day_of_following_month: N}, with `months_after: M` when an ordinal names the month
    ("5-го числа второго месяца", "екінші айдың 10-ы")."""
    terms = phrase.terms[phrase.first:phrase.last + 1]
    month = next(i for i, t in enumerate(terms) if t.type == "MONTH")
    nth = terms[month - 1] if month and terms[month - 1].type == "ORD" else None
    day = next(t.value for t in terms if t.type in ("NUM", "ORD") and t is not nth)
    rule = {"day_of_following_month": day}
    if nth is not None:
        rule["months_after"] = nth.value
    return rule


def _bare(phrase: Phrase) -> bool:
    """A period with no number: "в течение месяца", "жыл бойы" (one, unsaid)."""
    return not {"NUM", "ORD"} & set(phrase.types())


def _anchored(lang: str, around: _Around) -> bool:
    """Whether the words next to a deadline's phrase on its anchor's side (up to the next
    phrase) name a day it counts from: "в течение месяца со дня назначения", "тағайындалған
    күннен бастап ай ішінде"."""
    before = profile(lang).anchor_side == "before"
    return _anchor_in(lang, around, around.before() if before else around.after(),
                      before) is not None


def _anchor(lang: str, around: _Around) -> str | None:
    """The anchor a deadline counts from: Kazakh names it before the term ("танысқан
    күннен бастап бес жұмыс күні ішінде"), Russian after it ("в течение пяти рабочих
    дней со дня получения")."""
    before = profile(lang).anchor_side == "before"
    start, end = around.phrase.span
    sides = ((around.before(), around.words(around.sentence.start, end)) if before else
             (around.after(), around.words(start, around.sentence.end)))
    for first in sides:  # up to the next phrase, then to the sentence's end ("в течение
        # трех дней со дня его подписания": the term's day is named by the next phrase)
        found = _anchor_in(lang, around, first, before)
        if found is not None:
            return _held(found, lang, around)
    found = around.find("anchors")
    return _held(found[0], lang, around) if found else None


def _held(key: str, lang: str, around: _Around) -> str:
    """The anchor of what a thing holds, when its clause, the clause before or its
    chapter's title names that: an anchor entry's `holds` (the individual plan holds the
    KPI: "Утвержденный индивидуальный план … со дня его утверждения" after a clause on the
    KPI counts from the KPI's approval, `kpi_approved`); else the anchor itself."""
    item = next((e for e in lexicon.entries()["anchors"] if e.key == key), None)
    held = item and item.extra.get("holds")
    if not held:
        return key
    other = next(e for e in lexicon.entries()["anchors"] if e.key == held)
    named = (other.objects or other.patterns)[lang]
    if any(named.search(words) for words in (around.clause, around.previous, around.chapter())):
        return lexicon.fire(other).key
    return key


def _anchor_in(lang: str, around: _Around, words: str, before: bool) -> str | None:
    """The anchor named in `words` nearest the phrase; a bare verbal noun's only with what
    it acts on (`_acted_on`) unless it is an anchor itself."""
    near = lexicon.nearest("anchors", lang, words, at_end=before)
    if near is not None and lexicon.bare("anchors", near, lang, words):
        acted = _acted_on(near, lang, around)
        if acted is not None or not near.extra.get("bare_only"):
            return acted or near.key
        return None
    return near.key if near is not None else None


def _acted_on(near, lang: str, around: _Around) -> str | None:
    """A bare verbal noun ("со дня подписания", "с даты утверждения", "қол қойылған күннен",
    "бекітілген күнінен") takes its object from its sentence: the anchor naming that action
    with what it acts on nearest the phrase ("Оценочный лист подписывается … со дня
    подписания": the sheet's signing; "Результаты оценки утверждаются … со дня утверждения":
    the results' approval)."""
    start = around.phrase.span[0]
    action = near.extra["action"]
    before = lexicon.objects("anchors", action, lang, around.words(around.sentence.start, start))
    after = lexicon.objects("anchors", action, lang, around.words(start, around.sentence.end))
    found = before[-1][1] if before else (after[0][1] if after else None)
    return found.key if lexicon.fire(found) else None


def _fixed_date(phrase: Phrase, lang: str, around: _Around):
    """{fixed_date: "MM-DD", year: same|next}: "30 января, следующего за отчетным годом" is
    in the next year (the `next_year` table), any other date in the year evaluated."""
    names = meaning_months()[lang]
    month = None
    terms = phrase.terms[phrase.first:phrase.last + 1]
    # the day named with the month: "с 1 по 20 ноября" ends on the 20th; else the day after
    # it ("қаңтар айының жиырмасыншы күнінен")
    day = next((terms[k - 1].value for k, t in enumerate(terms)
                if t.type == "MONTHNAME" and k and terms[k - 1].type in ("NUM", "ORD")),
               None)
    if day is None:
        day = next((t.value for t in terms if t.type in ("NUM", "ORD")), None)
    for t in terms:
        if t.type == "MONTHNAME":
            month = next((i for i, name in enumerate(names, 1)
                          if t.token.lemma.startswith(name) or t.token.lower.startswith(name)),
                         None)
    if month is None:
        return None
    if day is None:  # "в течение января", "қаңтар айы ішінде": the month's last day, one
        # that is the same every year (February's is not: a term that cannot be read)
        day = _MONTH_ENDS.get(month)
        if day is None:
            return None
    later = lookup("next_year", lang, around.words()) or lookup("next_year", lang,
                                                                  around.sentence_words())
    return {"fixed_date": f"{month:02d}-{int(day):02d}", "year": "next" if later else "same"}


# the last day of each month whose last day is the same every year (not February's)
_MONTH_ENDS = {1: 31, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


@cache
def meaning_months() -> dict[str, list[str]]:
    """The month names of each language, January first."""
    data = load_table(GRAMMAR / "facts_meaning.yaml")
    return data["month_names"]


YEARS = (1900, 2100)  # a whole number in these bounds, with no unit, reads as a year


def _year_like(number) -> bool:
    """Whether a number is a year's: whole and within YEARS."""
    try:
        return number == int(number) and YEARS[0] <= int(number) <= YEARS[1]
    except (TypeError, ValueError):
        return False


def _range(phrase: Phrase, lang: str, around: _Around):
    numbers = phrase.numbers()
    if len(numbers) < 2:
        return None, "a range without two numbers"
    low, high = numbers[0], numbers[1]
    if _unit(phrase) is None and all(_year_like(n) for n in (low, high)):
        return None, "a range of years"  # "© 2012–2024 …": a span of years, no score
    grade = around.grade()
    if grade is None and _unit(phrase) in (None, "points"):  # a range of scores: its grade
        # after it or before it in its item ("Оценка «превосходно» выставляется, если средний
        # балл составляет от 4,5 до 5 баллов"), never a time's or a count's
        grade = around.later_grade((low, high)) or around.prior_grade()
    left_out, kept = around.stated_ends()
    band = {"low": low, "high": high,
            "low_inclusive": low in kept or (_from_above(phrase) is None and low not in left_out),
            "high_inclusive": high in kept or high not in left_out}
    if grade:
        return ("grade_band", {"scale": _scale(lang, around, high), "grade": grade[0], **band}), None
    unit = _unit(phrase)
    # a range of percent, days or persons ("80 пайыздан 100 пайызға дейін – 5 балл", "от 80
    # до 100 процентов – 4 балла"): what a score depends on, or a count, never a score's range
    # unless the points word stands at it ("баллы от 0 до 5", "(от 0 до 5 % баллов)")
    of_scores = unit in (None, "points") or _points_before(phrase) or _points_after(phrase)
    # scored where the points word or a scoring verb stands at it, or given in whole numbers
    # ("целым числом от одного до пяти", "бірден беске дейінгі бүтін санмен": a count of
    # persons is not said to be whole)
    whole_near = lookup("whole_numbers", lang, around.near())
    scored = of_scores and (unit == "points" or _points_before(phrase) or _points_after(phrase)
                            or lookup("scored", lang, around.near()) is not None
                            or (whole_near is not None and whole_near[0] == "whole"))
    subject = None if around.cell or scored else subjects.named_with_body(
        around.counted() or lookup("subjects", lang, around.near())
        or lookup("subjects", lang, around.sentence_words()), around.body)
    if subject and subject[0] in ("kpi_count", "respondents_360", "plan_targets",
                                  "calibration_members", "commission_members"):
        refused = _not_a_count(subject, unit, low)  # "90 %-дан 99 %-ға дейін": no count
        if refused:
            return None, refused
        return ("threshold", {"subject": subject[0], "op": "between", "value": [low, high],
                              "unit": unit or subject[1]}), None
    share = lookup("subjects", lang, around.segment()) if unit == "percent" else None
    if share is not None and share[1] == "percent" and not scored:
        # a share kept within two ends, named in the phrase's own piece of the sentence
        # ("Каждому КЦИ присваивается вес от 10 до 40 процентов, сумма весов …", "әрбір
        # НЫК-тің салмағы 10 пайыздан 40 пайызға дейінгі шекте")
        return ("threshold", {"subject": share[0], "op": "between", "value": [low, high],
                              "unit": unit}), None
    if not scored and subject is None and lookup("counts", lang, around.sentence_words()):
        return None, "a range of a count whose subject is not known"
    ranged = of_scores and (_ranged(lang, (around.sentence_words(), around.clause) if scored
                                    else (around.clause,))
                            # a range known scored is a score's, whatever words it has
                            or (scored and _fallback("ranges")))
    if ranged:
        whole = lookup("whole_numbers", lang, around.sentence_words())
        if whole is not None and whole[0] == "whole":
            band["whole"] = True
        return ("score_range", {"subject": ranged[0], **band}), None
    return None, "a range whose subject is not known"


def _only_numbers(text: str, ends: tuple) -> bool:
    """Whether every number written in digits in `text` is one of `ends` (and one is)."""
    found = [decimal_of(n) for n in re.findall(r"\d+(?:[.,]\d+)?", text)]
    return bool(found) and all(n in ends for n in found)


def _points_before(phrase: Phrase) -> bool:
    """Whether the points word stands right before a range ("целым числом баллов от 1 до
    5"): a range of scores, never a count of the things scored."""
    return phrase.first > 0 and phrase.terms[phrase.first - 1].type == "POINT"


def _points_after(phrase: Phrase) -> bool:
    """Whether the points word follows a range at once, the range qualifying it ("1-ден 5-ке
    дейінгі балмен жауап береді", "от 1 до 5 баллами"): a range of scores."""
    return phrase.last + 1 < len(phrase.terms) and phrase.terms[phrase.last + 1].type == "POINT"


def _points_earlier(phrase: Phrase) -> bool:
    """Whether a bound with no unit of its own bounds the points word said before it in its
    piece ("«превосходно» – при итоговом балле свыше 120", "… балле не менее 90 и не более
    105", "қорытынды балы 120-дан жоғары"): back to the dash that sets the grade off, no other
    unit between."""
    for term in reversed(phrase.terms[:phrase.first]):
        if term.type == "POINT":
            return True
        if term.type == "DASH" or term.type in _UNIT_WORDS:
            return False
    return False


# the terminals that name what an amount counts other than points
_UNIT_WORDS = frozenset({"WORK", "CAL", "DAY", "WEEK", "MONTH", "YEAR", "QUARTER", "PERSON",
                         "PERCENT", "COPY"})


def _ranged(lang: str, windows) -> tuple[str, str | None] | None:
    """What a range of scores bounds: the first narrower entry of the `ranges` table found in
    the windows (nearest first), else the catch-all (`fallback`) one."""
    return _ranged_in("ranges", lang, windows)


def _fallback(table: str) -> tuple[str, str | None]:
    """(key, unit) of a table's catch-all (`fallback`) entry."""
    item = next(e for e in lexicon.entries()[table] if e.extra.get("fallback"))
    lexicon.fire(item)
    return item.key, item.extra.get("unit")


def _ranged_in(table: str, lang: str, windows) -> tuple[str, str | None] | None:
    """The first entry of a table with a catch-all (`fallback`) entry found in the windows
    (nearest first) that is not the catch-all, else the catch-all if any window names it."""
    fallback = None
    for words in windows:
        found = entry(table, lang, words)
        if found and not found[1].get("fallback"):
            return found[0], found[1].get("unit")
        fallback = fallback or (found and (found[0], found[1].get("unit")))
    return fallback or None


def _from_above(phrase: Phrase) -> Terminal | None:
    """The word that leaves a range's low end out ("свыше 4,5 до 5", "4,5 балдан жоғары
    5 балға дейін"): a MORE before its second number."""
    terms = phrase.terms[phrase.first:phrase.last + 1]
    numbers = [i for i, t in enumerate(terms) if t.type in ("NUM", "ORD")]
    return next((t for t in terms[:numbers[1]] if t.type == "MORE"), None) \
        if len(numbers) > 1 else None


def _scale(lang: str, around: _Around, top, clause: bool = True) -> str:
    """What a band grades: the `scales` entry named in the band's sentence, else in the
    lead-in of its clause ("орташа балға сәйкес мынадай шәкіл: …"), else (`clause`) anywhere
    in the clause (a note after the list may speak of other scores) or its chapter's title;
    the fallback entry last."""
    windows = (around.sentence_words(), around.head)
    if any(len(_narrower_scales(lang, words)) > 1 for words in windows):
        return _in_points("average_score", top)  # "тоқсандық және жылдық бағалау нәтижелері
        # бойынша", "по итогам квартальной и годовой оценки": both scores, their common scale
    # a cell's column header before its clause's lead-in: a table grading two scores side by
    # side ("Баға | Тоқсандық балл (Т) | Жылдық орташа балл")
    found = _ranged_in("scales", lang, (windows[0], around.column, windows[1]))
    if clause and (not found or found[0] == "average_score"):
        named = _clause_scale(lang, around.clause)
        if named is None or named[0] == "average_score":  # the chapter's title last: "Глава
            # 3. Порядок проведения годовой оценки" over "Округленному среднему баллу …"; not
            # a title naming two scores ("Итоговые оценки, ограничения и годовая оценка")
            chapter = around.chapter()
            named = (_one_score(lang, chapter) and _clause_scale(lang, chapter)) or named
        found = named or found
    return _in_points(found[0] if found else "average_score", top)


def _one_score(lang: str, words: str) -> bool:
    """Does a window of words name at most one score (grammar/facts_meaning.yaml
    `score_nouns`)?"""
    item = lexicon.entries()["score_nouns"][0]
    found = item.patterns[lang].findall(words)
    if found:
        lexicon.fire(item)
    return len(found) <= 1


def scale_named(doc: Document, node: Node, words: str, top) -> str:
    """What a grading table grades: the `scales` entry its header's words name, else the one
    of the clause holding it (`_scale` for a band of the text)."""
    lang = node.lang or doc.lang or "kk"
    found = _ranged_in("scales", lang, (words,))
    if not found or found[0] == "average_score":
        parent = node.address.rsplit("/", 1)[0]
        holder = next((n for n in doc.nodes() if n.address == parent and n.head), None)
        named = holder and _clause_scale(lang, " ".join(
            _words(s.tokens, lang) for s in nlp.analyze(
                doc.text[holder.head.start:holder.head.end], lang)))
        found = named or found
    return _in_points(found[0] if found else "average_score", top)


_LAST_TERMS: list = [None, None, ()]  # (document, language, short terms): read once a reading


def _short_terms(doc: Document, lang: str) -> tuple[tuple[str, str], ...]:
    """The word keys of each short term the document defines and of what it stands for."""
    if _LAST_TERMS[0] is not doc or _LAST_TERMS[1] != lang:
        _LAST_TERMS[:] = [doc, lang, tuple(
            (_words(nlp.tokens(short, lang), lang), _words(nlp.tokens(phrase, lang), lang))
            for term_lang, short, phrase in definitions.named(doc) if term_lang == lang)]
    return _LAST_TERMS[2]


def words_of(tokens, lang: str) -> str:
    """The word keys of tokens (`_words`), for the table readers."""
    return _words(tokens, lang)


def _narrower_scales(lang: str, words: str) -> set[str]:
    """The scales other than the catch-all a window of words names."""
    return {e.key for e in lexicon.every("scales", lang, words) if not e.extra.get("fallback")}


def _clause_scale(lang: str, clause: str) -> tuple[str, None] | None:
    """The one narrower scale a band's clause names; bands the clause says apply to two
    scores ("применяются как к квартальной, так и к годовой оценке", "тоқсандық және жылдық
    бағаға қолданылады") are of the average score both are kept in (the fallback)."""
    named = {e.key for e in lexicon.every("scales", lang, clause) if not e.extra.get("fallback")}
    return (named.pop(), None) if len(named) == 1 else None


def graded_by_legend(facts: list[Fact], doc: Document) -> list[Fact]:
    """A band or a cap whose words name no scale (the catch-all `average_score`) grades the
    value a formula's legend names with the words of its sentence or its lead-in, when that
    value is one of the `scales` ("В зависимости от итоговой оценки служащему присваивается
    …", "Итоговая оценка служащего … не может быть выше 3,79 балла" with the legend "И –
    итоговая оценка служащего" of И = 0,7 × К + 0,3 × Б: `annual_score`); a window that names
    a scale itself ("средний балл") keeps it. A score the document's formulas define
    (`defined_scales`: the quarter's final score of a KPI scheme) is among those values, and
    graded by a window that names its period ("По результатам ежеквартальной оценки …",
    "тоқсандағы қорытынды бағасы": the scale the entry `refines` names no other)."""
    if not any(f.kind == "formula" for f in facts):
        return facts
    heads = {n.address: n.head for n in doc.nodes() if n.head is not None}
    legends: dict[str, dict] = {}  # by language, read once
    targets = {f.fields.get("target") for f in facts if f.kind == "formula"}
    defined = [e for e in lexicon.entries()["defined_scales"] if e.key in targets]
    among = {e.key for e in lexicon.entries()["scales"]
             if not e.extra.get("fallback")} - {"average_score"} | {e.key for e in defined}
    out = []
    for fact in facts:
        if fact.kind in ("grade_band", "score_cap") \
                and fact.fields.get("scale") == "average_score":
            lang = fact.lang or doc.lang or "kk"
            texts = [fact.quote]
            lead = heads.get(fact.address.rsplit("/", 1)[0]) \
                if fact.address.rsplit("/", 1)[-1].startswith("sub") else None
            if lead is not None:
                texts.append(doc.text[lead.start:lead.end])
            for text in texts:
                words = _words(nlp.tokens(text, lang), lang)
                narrower = _narrower_scales(lang, words)
                period = next((e for e in defined if e.patterns[lang].search(words)
                               and narrower <= {e.extra.get("refines")}), None)
                if narrower and period is None:
                    break
                if lang not in legends:
                    legends[lang] = formulas.legends(doc, lang)
                target = None if narrower else \
                    formulas.legend_target(text, facts, doc, lang, among, legends[lang])
                if target is None and period is not None:
                    target = lexicon.fire(period).key
                if target:
                    fact = fact.model_copy(update={"fields": {**fact.fields, "scale": target}})
                    break
        out.append(fact)
    return out


def caps_on_graded(facts: list[Fact]) -> list[Fact]:
    """A sanction's cap is on the score its sentence or lead-in names where a band grades
    that score (the vocabulary: a `grade_band` scale), else on the common scale: "жылдық
    бағасы … аспауы тиіс" caps annual_score in a decree grading annual_score, average_score in
    one whose bands grade the quarterly and the annual score alike."""
    graded = {f.fields.get("scale") for f in facts if f.kind == "grade_band"}
    out = []
    for fact in facts:
        scale = fact.fields.get("scale")
        if fact.kind == "score_cap" and str(fact.fields.get("condition")).startswith(
                "sanction_") and scale not in graded:
            common = _in_points("average_score", fact.fields.get("max"))
            if scale != common:
                fact = fact.model_copy(update={"fields": {**fact.fields, "scale": common}})
        out.append(fact)
    return out


def _in_points(key: str, top) -> str:
    """An average beyond 5 is not one of the 5-point scale: the points of a quarter (the
    100 + a − b scheme); a quarter's score within 5 is not counted in points: it is the
    5-point average the quarter's sheet gives ("Квартальная оценка определяется по следующей
    шкале: свыше 4,2 и до 5 баллов – …", "Тоқсандық баға … 4,5 балдан жоғары")."""
    if key == "average_score" and top is not None and top > formulas.POINT_SCALE_TOP:
        return "quarterly_points"
    if key == "quarterly_points" and top is not None and top <= formulas.POINT_SCALE_TOP:
        return "average_score"
    return key


def _unit(phrase: Phrase) -> str | None:
    units = [t for t in phrase.tree.iter_subtrees() if _name(t) in UNITS]
    return UNITS[_name(units[0])] if units else None


def _shared_unit(phrase: Phrase) -> str | None:
    """The points a bare number's bound shares with the next number of its item, said once
    after both ("более 4,5, но не более 5 баллов", "4,5-тен жоғары, бірақ 5 балдан аспайтын")."""
    terms = phrase.terms
    for k in range(phrase.last + 1, len(terms) - 1):
        if terms[k].type == "DASH":
            return None
        if terms[k].type == "NUM":
            return "points" if terms[k + 1].type == "POINT" else None
    return None


def _noun_after(phrase: Phrase) -> str | None:
    """The points a bound's number counts where their word follows the comparison, as a noun
    follows what qualifies it ("4,50 және одан жоғары балл", "2,00-ден төмен балл")."""
    terms, k = phrase.terms, phrase.last + 1
    return "points" if k < len(terms) and terms[k].type == "POINT" else None


UNITS = {"points": "points", "persons": "persons", "percent": "percent",
         "working_days": "working_days", "calendar_days": "calendar_days",
         "months": "months", "years": "years"}


def _bound(phrase: Phrase, lang: str, around: _Around):
    numbers = phrase.numbers()
    if not numbers:
        return None, None
    types = phrase.types()
    if phrase.form in ("at_least",):
        op = ">="
    elif phrase.form in ("at_most", "cap", "seldom"):
        op = "<="
    elif phrase.form == "upto":
        op = "<=" if "INCL" in types or _range_end(phrase, lang, around) else "<"
    elif phrase.form in ("part_less", "short"):
        op = "<"
    elif phrase.form == "times" and entry("allowed_times", lang, around.sentence_words()):
        op = "<="  # "допускается один раз", "бір рет қана түзетілуі мүмкін": at most
    elif phrase.form in ("part", "equal", "times", "copies"):
        op = "=="
    elif phrase.form == "times_more":  # "бір реттен артық жол берілмейді": not more often
        op = "<=" if _negated_verb(phrase, lang) else ">"
    else:
        less = bool({"LESS", "LOWER"} & set(types))
        negated = bool(NEGATING & set(types)) or _negated_after(phrase)
        op = {(True, False): "<", (True, True): ">=",
              (False, False): ">", (False, True): "<="}[(less, negated)]
    value = numbers[-1]
    unit = "copies" if phrase.form == "copies" else \
        _unit(phrase) or _shared_unit(phrase) or _noun_after(phrase)
    if phrase.form == "equal" and "EQUAL" in types and unit is None:
        return None, None  # "Д равно нулю", "… нөлге тең": a formula's symbol set, no rule
    if (op == "==" and unit == "percent" and lookup("score_weights", lang, around.sentence_words())
            and not _totals(around.subject())):
        return None, "a part's weight in a score, not a threshold"  # "вес … составляет 70 %"
    if op == "<=" and unit == "points" and sanctions.named(lang, around.near()):
        return _cap(phrase, lang, around)  # "1,99 балдан жоғары болмайды" under a sanction
    if op == "<=" and unit is None and around.row and sanctions.named(lang, around.row):
        return _cap(phrase, lang, around)  # "Выговор | 2,99" under "не выше …, указанного в таблице:"
    if (op == ">" and unit == "points" and _negated_verb(phrase, lang)
            and sanctions.named(lang, around.sentence_words())):
        return _cap(phrase, lang, around)  # "не позволяет выставить … выше 3,99 балла"
    if op == ">" and unit == "points" and _pinned(phrase, lang, around, value):
        return _unsanctioned_cap(value, lang, around)  # "превышает 5 баллов, … равной 5"
    if unit == "points" and _pinning(phrase, lang, around, value):
        if _excess_unread(phrase, lang, around, value):
            # "превысившая с учетом поощрительных баллов 5 баллов, принимается равной 5
            # баллам": the excess, parted from its number, was no phrase; the cap is read here
            return _unsanctioned_cap(value, lang, around)
        return None, None  # "… равной 5 баллам": the consequence of the cap read before it
    kept = _kept_for(op, value, unit, lang, around)
    if kept is not None:
        return kept, None
    grade = around.grade()
    pointed = unit == "points" or (unit is None and (around.cell or _points_earlier(phrase)))
    if grade is None and pointed and op in (">=", ">"):
        grade = around.item_grade()  # "3 балла и более, но менее 4 баллов – «…»": one band
    if grade is None and pointed:
        grade = around.prior_grade()  # "«…» – от 3 баллов и выше, но менее 4": one band
    if grade is None and pointed:
        grade = around.later_grade()  # "Орташа балы 4,5 балдан кем болмаса, «өте жақсы» …"
    if grade and (pointed or phrase.form in ("part", "part_less")):
        return ("grade_band", _open_band(op, value, _scale(lang, around, value),
                                         grade[0])), None
    if op == "<=" and unit == "points" and _cap_condition(lang, around) is not None:
        return _unsanctioned_cap(value, lang, around)  # "сумма поощрительных баллов … не более 25"
    share = _share(value, lang, around) if phrase.form != "copies" else None
    if share is not None and share[1]:
        unit = share[1]  # "более половины календарных дней квартала": a share of the period
    frequency = phrase.form in ("times", "seldom", "times_more")
    subject = (lookup("copies", lang, around.sentence_words()) if phrase.form == "copies"
               else share or _in_row(phrase, lang, around)
               or (around.frequency_subject() if frequency else around.subject()))
    if subject is None or (frequency and subject[1] != "per_year"):
        return None, "a threshold whose subject is not known"  # "N раз": a frequency's
    if unit == "points":
        unit = None  # a bound on a score: scores have no unit in the vocabulary
    refused = _not_a_count(subject, unit, value)
    if refused:
        return None, refused
    if isinstance(value, Fraction) and value.denominator != 1:
        value = f"{value.numerator}/{value.denominator}"
    return ("threshold", {"subject": subject[0], "op": op, "value": value,
                          "unit": unit or subject[1]}), None


# the units of a subject that counts things: never a time, never a part of one
COUNT_UNITS = {"persons", "copies"}


def _not_a_count(subject: tuple[str, str | None], unit: str | None, value) -> str | None:
    """Why a subject does not fit its amount, or None: a subject that is no time (a count, a
    share, a body's members or quorum) never takes a time ("қызмет өтілі 0,5 жылдан кем …
    мүшелері" is no quorum), and things are counted in whole numbers ("не менее 5 человек"
    counts; "бөлшек бөлігі 0,5 немесе одан көп" of a rounding rule does not)."""
    members = subject[0].endswith(f"_{subjects.MEMBERS}")
    counts = members or subject[1] in COUNT_UNITS or (subject[1] or "").startswith("share_of")
    if unit in TIME_UNITS and counts:
        return "a count whose amount is a time"
    if unit in (*TIME_UNITS, "percent") and _counts_items(subject[0]):
        return "a count of items whose amount is not a number of them"  # "орындалу 60
        # пайызға жетпесе" in a clause on a plan's measures: their execution, not their count
    if ((members or subject[1] in COUNT_UNITS) and unit in (None, *COUNT_UNITS)
            and value != int(value)):
        return "a count that is not a whole number"
    return None


def _in_row(phrase: Phrase, lang: str, around: _Around) -> tuple[str, str | None] | None:
    """The subject a phrase of things in a row names by its own words ("қатарынан екі жыл",
    "два года подряд": consecutive years), before any named near it ("… атқаратын лауазымына
    сәйкестігі" is what is then examined, not what is counted)."""
    if "ROW" not in phrase.types():
        return None
    return lookup("subjects", lang, around.words(*phrase.span))


def _totals(subject: tuple[str, str | None] | None) -> bool:
    """Whether a subject is the sum of the parts' weights (its `subjects` entry marked
    `total`: "сумма весов всех КЦИ составляет 100 процентов"), no part's weight."""
    return subject is not None and any(e.key == subject[0] and e.extra.get("total")
                                       for e in lexicon.entries()["subjects"])


def _counts_items(key: str) -> bool:
    """Whether a subject counts items (its `subjects` entry marked `counted`: a plan's
    targets, the KPIs), so its amount is a bare number of them."""
    return any(e.key == key and e.extra.get("counted") for e in lexicon.entries()["subjects"])


# how many words may stand between a negated verb and the bound it governs ("не позволяет
# выставить ему среднюю оценку выше …")
_GOVERNED = 6


def _negated_verb(phrase: Phrase, lang: str) -> bool:
    """Whether a negated verb governs a bound above a number: the first comparator word on
    the side the language puts a lead-in's comparison, a few plain words away, negates ("не
    позволяет выставить ему среднюю оценку выше 3,99 балла", "3,99 балдан жоғары орташа
    баға қойылмайды")."""
    prof = profile(lang)
    terms = phrase.terms
    side = (reversed(terms[max(0, phrase.first - _GOVERNED - 1):phrase.first])
            if prof.lead_in_side == "before" else terms[phrase.last + 1:phrase.last + _GOVERNED + 2])
    word = next((t for t in side if t.type != "OTHER"), None)
    return word is not None and word.type in prof.negations | NEGATING


def _negated_after(phrase: Phrase) -> bool:
    """Whether the verb right after a bound is negated ("выше 5 (пяти) баллов не
    выставляется": a score above 5 is not given): a negation the next word, a verb (no
    comparison of its own: "не менее") after it."""
    after = phrase.terms[phrase.last + 1:phrase.last + 3]
    return bool(after) and after[0].type in NEGATING and (
        len(after) == 1 or after[1].type == "OTHER")


def _share(value, lang: str, around: _Around) -> tuple[str, str | None] | None:
    """The share a fraction bounds ("ТТК-ның кемінде жартысы … өлшенетін", "не менее
    половины КЦИ … измеримы"): a `shares` entry in the sentence, for a value below one."""
    if not (0 < value < 1):
        return None
    return lookup("shares", lang, around.sentence_words())


def _kept_for(op: str, value, unit: str | None, lang: str, around: _Around):
    """"хранятся не менее пяти лет", "кемінде бес жыл сақталады": a lower bound on a time
    that a `lasting` event (records retention) must last is that event's deadline."""
    if op != ">=" or unit not in TIME_UNITS or isinstance(value, Fraction):
        return None
    event = entry("events", lang, around.sentence_words())
    if event is None or not event[1].get("lasting"):
        return None
    return ("deadline", {"event": event[0], "anchor": _kept_since(lang, around),
                         "rule": {unit: value}, "direction": "after"})


def _kept_since(lang: str, around: _Around) -> str | None:
    """The anchor a kept time runs from: the one named nearest the phrase on the side the
    language names it ("хаттамалары … бағалау аяқталған күннен бастап үш жылдан кем емес",
    "протоколы заседаний … не менее трех лет со дня завершения оценки": the evaluation's
    end, not the meeting), else any in the sentence; none stated: none."""
    before = profile(lang).anchor_side == "before"
    start, end = around.phrase.span
    sentence = around.sentence
    keys = around.words(sentence.start, end) if before else around.words(start, sentence.end)
    near = lexicon.nearest("anchors", lang, keys, at_end=before)
    if near is not None:
        return near.key
    found = lookup("anchors", lang, around.sentence_words())
    return found[0] if found else None


def _starting_at(phrase: Phrase, lang: str, around: _Around):
    """"2 балдан бастап" of a grade's item: the band's lower end, included (its upper end the
    next phrase: "… 2,99 балды қоса алғанда"); no fact off a grade or in other units."""
    numbers = phrase.numbers()
    grade = around.grade()
    if not numbers or _unit(phrase) != "points" or grade is None:
        return None, None
    return ("grade_band", _open_band(">=", numbers[-1], _scale(lang, around, numbers[-1]),
                                     grade[0])), None


def _open_band(op: str, value, scale: str, grade: str) -> dict:
    band = {"scale": scale, "grade": grade, "low": None, "high": None,
            "low_inclusive": None, "high_inclusive": None}
    if op in ("<", "<="):
        band.update(high=value, high_inclusive=op == "<=")
    elif op in (">", ">="):
        band.update(low=value, low_inclusive=op == ">=")
    else:
        band.update(low=value, high=value, low_inclusive=True, high_inclusive=True)
    return band


def _exact(phrase: Phrase, lang: str, around: _Around):
    """"5 балл – "өте жақсы"": a band of one value, when a grade names it."""
    numbers = phrase.numbers()
    grade = around.grade()
    if not numbers or grade is None:
        return None, None
    value = numbers[0]
    return ("grade_band", _open_band("==", value, _scale(lang, around, value), grade[0])), None


def _cap(phrase: Phrase, lang: str, around: _Around):
    """"не может превышать 2,99 балла", "1,99 балдан жоғары болмайды": a cap on the score
    under the sanctions named near it (their condition is named with the decree's other
    caps: sanctions.name_caps)."""
    numbers = phrase.numbers()
    # a cap its own sentence says is on a bonus, naming no sanction, is under none (a
    # sanction of the clause is another rule's: "көтермелеу балдарының жалпы сомасы 30
    # балдан аспайды" in a note under a table)
    unsanctioned = _cap_condition(lang, around) is not None and not sanctions.nearest(
        lang, (around.sentence_words(),))
    named = () if unsanctioned else _sanctions_of(phrase, lang, around)
    if not named and (_unit(phrase) != "points" or around.grade() or around.prior_grade()
                      or around.later_grade()):
        # "8 адамнан аспауы тиіс": a count's upper bound; "кемінде 2,5 балл, бірақ 3,29
        # балдан аспайтын – «…»": the upper end of a band its grade names, before it too
        # ("«…» – жылдық баға 87 балдан кем болмай, 107 балдан аспағанда") or after it
        # ("… 3,5 балдан аспайтын болса, «қанағаттанарлық» бағасы қойылады")
        return _bound(phrase, lang, around)
    if not named and numbers:
        return _unsanctioned_cap(numbers[-1], lang, around)
    if not named or not numbers:
        return None, "a score cap whose condition is not known"
    # the score its sentence or its lead-in names ("его годовая оценка (после округления) не
    # может превышать: 1) при замечании – 4,49 балла"), not its chapter's
    return ("score_cap", {"scale": _scale(lang, around, numbers[-1], clause=False),
                          "condition": named, "max": numbers[-1]}), None


def _pinning(phrase: Phrase, lang: str, around: _Around, value) -> bool:
    """Whether "taken equal to N" follows "above N" in its sentence (the cap `_pinned`
    reads): the same number after a comparison of excess."""
    own = [t for t in phrase.terms[phrase.first:phrase.last + 1] if not t.borrowed]
    # "равной 5 баллам", "5 балға тең": the equality on either side of its number
    if not any(t.type == "NUM" for t in own) or not any(t.type == "EQUAL" for t in own):
        return False
    start = min(t.token.start for t in own if t.type in ("NUM", "EQUAL"))
    before = [t for t in terminals(around.sentence.tokens, lang) if t.token.end <= start]
    return (any(t.type in ("EXCEED", "MORE", "HIGHER") for t in before)
            and any(t.type == "NUM" and t.value == value for t in before))


def _range_end(phrase: Phrase, lang: str, around: _Around) -> bool:
    """Whether an upper end alone ("до пяти", "беске дейінгі") closes a range a lower end
    opened before it, joined by "и" / "және" ("не менее двух и до пяти КЦИ", "екіден кем емес
    және беске дейінгі ННИ"): included, as the end of "от двух до пяти" is."""
    before = [t for t in terminals(around.sentence.tokens, lang)
              if t.token.end <= phrase.span[0]]
    if len(before) < 3 or before[-1].type != "AND":
        return False
    lower = {t.type for t in before[-6:-1]}  # "не менее чем из пяти и …"
    return "ATLEAST" in lower or ("LESS" in lower and bool({"NEG", "NEGV", "NOT"} & lower))


def _excess_unread(phrase: Phrase, lang: str, around: _Around, value) -> bool:
    """Whether the excess a pinning phrase follows ("превысившая … 5 баллов") stands in the
    words between the previous phrase and this one, read by no phrase of its own."""
    between = [t for t in terminals(around.sentence.tokens, lang)
               if around.lo <= t.token.start and t.token.end <= phrase.span[0]]
    return (any(t.type in ("EXCEED", "MORE", "HIGHER") for t in between)
            and any(t.type == "NUM" and t.value == value for t in between))


def _unsanctioned_cap(value, lang: str, around: _Around):
    """A cap under no sanction: on the total of bonus points (`always`), or on a score a
    bonus was added to (`mentoring_bonus`), the scale its sentence names (grammar/
    facts_meaning.yaml `cap_conditions`); any other is not known."""
    found = _cap_condition(lang, around)
    if found is None:
        return None, "a score cap whose condition is not known"
    key, extra = found
    scale = extra.get("scale") or _in_points(
        (_ranged_in("scales", lang, (around.sentence_words(),)) or ("average_score",))[0], value)
    return ("score_cap", {"scale": scale, "condition": key, "max": value}), None


def _cap_condition(lang: str, around: _Around) -> tuple[str, dict] | None:
    """The `cap_conditions` entry a cap's sentence names by its words, or by a symbol it
    quotes for one of the entry's `variables` ("Значение «а» … не может быть выше 25
    баллов": a, the bonus points' total), else one marked `clause: true` that its clause
    names: the points a clause says are given for encouraged activity, capped in a later
    sentence that calls them only "оно", "олардың сомасы"."""
    said = entry("cap_conditions", lang, around.sentence_words())
    if said is not None and not said[1].get("after_quoted"):
        return said
    quoted = formulas.quoted_variables(around.doc.text[around.sentence.start:around.sentence.end],
                                       lang, around.doc)
    found = next(((e.key, e.extra) for e in lexicon.entries()["cap_conditions"]
                  if quoted & set(e.extra.get("variables", ()))), None)
    if found is not None or said is not None:
        return found or said
    return next(((e.key, e.extra) for e in lexicon.every("cap_conditions", lang, around.clause)
                 if e.extra.get("clause")), None)


def _pinned(phrase: Phrase, lang: str, around: _Around, value) -> bool:
    """Whether a score above a number is then taken equal to that number ("превышает 5
    баллов, она принимается равной 5 баллам", "5 балдан асса, ол 5 балға тең деп
    қабылданады"): a cap stated as its consequence."""
    after = [t for t in terminals(around.sentence.tokens, lang)
             if t.token.start >= phrase.span[1]]
    return (any(t.type == "EQUAL" for t in after)
            and any(t.type == "NUM" and t.value == value for t in after))


def _sanctions_of(phrase: Phrase, lang: str, around: _Around) -> tuple[str, ...]:
    """The sanctions a cap is for: those named nearest it, else in its sentence, its table
    row, its clause; a sanction its sentence excepts ("взыскание, за исключением
    замечания, не может быть выше 2 баллов", "ескертуді қоспағанда, тәртіптік жаза … 2
    балдан аспайды") is not named by being excepted: the cap is for every other one."""
    part = exceptions.excepted(around.sentence, lang, around.doc.text)
    if part is not None and exceptions.inside(phrase.span, part):
        part = None
    if profile(lang).anchor_side == "before":
        side = (around.lo, phrase.span[1])
    else:
        side = (phrase.span[0], around.hi)
    bounds = (side, (around.lo, around.near_end()), (around.sentence.start, around.sentence.end))
    windows = [around.words(lo, hi) if part is None else
               around.words(lo, min(hi, part[0])) + " " + around.words(max(lo, part[1]), hi)
               for lo, hi in bounds]
    named = sanctions.nearest(lang, windows)
    first = next((found for found in (sanctions.named(lang, w) for w in windows) if found), ())
    if part is not None and first == (sanctions.ANY,):
        return sanctions.besides(first, sanctions.named(lang, around.words(*part)))
    return named or sanctions.nearest(lang, (around.row, around.clause))


def _odd(phrase: Phrase, lang: str, around: _Around):
    subject = around.subject()  # "оның мүшелерінің саны тақ": whose, from the clause
    if subject is None:
        return None, "an odd-number rule whose subject is not known"
    return ("threshold", {"subject": subject[0], "op": "odd", "value": None,
                          "unit": None}), None


def _majority(phrase: Phrase, lang: str, around: _Around):
    body = around.body() if lookup("votes", lang, around.sentence_words()) else None
    if body is None:  # "көпшілік тыңдаулар" (public hearings): no vote
        return None, "a majority whose vote is not known"
    whole = lookup("of_all_members", lang, around.sentence_words())
    return ("threshold", {"subject": f"{body.key}_vote", "op": ">", "value": Decimal("0.5"),
                          "unit": whole[0] if whole else "share_of_votes"}), None


DEADLINE_FORMS = {"within", "before", "day_of_following_month", "fixed_date", "same_day",
                  "month_following", "from_date", "lasting", "start_before"}
READERS = {**{f: _deadline for f in DEADLINE_FORMS}, "range": _range, "bound": _bound,
           "at_least": _bound, "at_most": _bound, "part_less": _bound, "short": _bound, "part": _bound, "equal": _bound,
           "times": _bound, "seldom": _bound, "times_more": _bound, "copies": _bound, "upto": _bound, "cap": _cap, "exact": _exact,
           "odd": _odd, "majority": _majority}
