"""Formulas: printed ones (`\\sum m = 100 + a - b`) with their legend, and ones in words.

A printed formula is parsed with grammar/formula.lark; its symbols are named by the legend
that follows it in the clause ("мұнда: \\sum жыл – жылдық баға; a – көтермелеу балдары"),
through the `variables` table of grammar/facts_meaning.yaml. A legend entry that says its
value is an arithmetic mean ("(орта арифметикалық мән)") is a formula of its own. A
formula stated in words ("сумму выставленных оценок разделить на количество оцениваемых
параметров") is recognised by the `formulas` table. Expressions are kept as text in the
small language the evaluator reads (`+ - * /`, parentheses, `sum`, `count`, `avg`, names);
nothing here is ever evaluated.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from lark import Lark, Tree
from lark.exceptions import LarkError

from .. import latin, resources
from ..model import Diagnostic, Document, Node, Span
from ..resources import GRAMMAR
from . import nlp
from .designators import designated
from .lexicon import concept_pattern, entries, entry, fire
from .model import Fact, fold
from .profiles import profile
from .scales import words as scale_words
from .weights import equated, weighted, weighted_mean

# Italic Cyrillic т prints like m: a legend's "\sum т" names the formula's "\sum m".
ITALIC = str.maketrans({"т": "m"})


@cache
def _parser() -> Lark:
    return resources.lark(GRAMMAR / "formula.lark", parser="lalr")


def symbol_key(text: str, cased: bool = False) -> str:
    """"$$\\sum \\text{жыл}$$" -> "жыл": the letters that name a symbol (case kept, with a
    CASED mark, when `cased`: a legend that names "Б" and "б" apart)."""
    text = re.sub(r"\\text\{([^}]*)\}", r"\1", text.replace("$", ""))
    italic = "\\sum" in text  # only a typeset sum's letter is italic ("ТҚБ" stays "тқб")
    key = "".join(text.replace("\\sum", "").split()).strip(",.;:")
    key = CASED + key if cased else key.lower()
    return key.translate(ITALIC) if italic else key


# a legend key whose letters' case tells two symbols apart ("Б – KPI score", "б – penalty")
CASED = "="


def _split_cases(out: dict, spelled: dict[str, str], key: str, symbol: str) -> str:
    """The key a legend line's symbol is filed under: its case-free key, or, once the legend
    names two symbols that differ only in case, each one's cased key (the entry filed
    before moved to its own)."""
    cased = symbol_key(symbol, cased=True)
    if spelled.setdefault(key, cased) == cased:
        return key if key in out or CASED + key not in spelled else cased
    if key in out:
        out[spelled[key]] = out.pop(key)
    spelled[CASED + key] = cased
    return cased


def _twins(names: dict[str, str]) -> set[str]:
    """The case-free keys of symbols a legend tells apart by case (filed under CASED keys)."""
    return {k[len(CASED):].lower() for k in names if k.startswith(CASED)}


def render(tree, names: dict[str, str]) -> str:
    """An expression tree -> its text, symbols replaced by their names."""
    if isinstance(tree, Tree):
        if tree.data == "number":
            return str(Decimal(str(tree.children[0]).replace(",", ".")))
        if tree.data == "symbol":
            key = symbol_key(str(tree.children[0]))
            cased = symbol_key(str(tree.children[0]), cased=True)
            if cased in names or key in names:
                return names.get(cased) or names[key]
            # unnamed, and kept apart from a twin the legend tells by case
            return cased[len(CASED):] if key in _twins(names) else key
        op = {"add": "+", "sub": "-", "mul": "*", "div": "/"}[tree.data]
        left, right = tree.children
        return f"{_wrap(left, tree.data, names, False)} {op} {_wrap(right, tree.data, names, True)}"
    return str(tree)


def _wrap(child, parent: str, names, right: bool) -> str:
    text = render(child, names)
    if isinstance(child, Tree) and child.data in ("add", "sub") and (
            parent in ("mul", "div") or (right and parent == "sub")):
        return f"({text})"
    return text


def from_formula(node: Node, owner: Node, clause: Node, doc: Document, lang: str):
    """Facts of a printed formula node: the formula, and a mean its legend defines."""
    text = doc.text[node.head.start:node.head.end]
    if "=" not in text:
        return []  # a legend's symbol printed as a formula ("$$\sum m$$")
    try:
        tree = _parser().parse(text)
    except LarkError:
        return []
    legend = _legend(clause, doc)
    names: dict[str, str] = {}
    facts = []
    for key, (meaning, span) in legend.items():
        number = _constant(meaning, lang)
        if number is not None:
            names[key] = number  # "НБ – 100 балға тең негізгі балл": the number itself
            continue
        found = variable_named(meaning, lang, span[0])
        if found is None:
            continue
        names[key] = found[0]
        facts += _legend_mean(found, meaning, span, owner, doc, lang, key not in _defined(tree))
        facts += _legend_sum(found, meaning, span, owner, doc, lang)
    # a symbol the legend spells longer ("\sum жж" in the formula, "\sum жжж" in the legend)
    for key in [symbol_key(str(s.children[0])) for s in tree.iter_subtrees()
                if s.data == "symbol"]:
        if key not in names:
            longer = [k for k in legend if k.startswith(key) and k in names]
            if len(longer) == 1:
                names[key] = names[longer[0]]
    _unname_heads(names, [symbol_key(str(s.children[0]), cased) for s in tree.iter_subtrees()
                          if s.data == "symbol" for cased in (False, True)],
                  render(tree.children[0], {}), doc)
    expression = render(tree.children[1], names)
    target = shape_name(expression) or render(tree.children[0], names)
    variables = {name: "" for name in re.findall(r"[^\W\d]\w*", expression)}
    head = Span(start=node.head.start, end=node.head.end)
    facts.insert(0, _fact(owner, doc, (head.start, head.end), lang, target, expression,
                          {target: "", **variables}, _condition(node.head.start, clause, doc, lang)))
    return facts


def _constant(meaning: str, lang: str) -> str | None:
    """The number a legend says its symbol equals ("100 балға тең", "равный 100 баллам"), or
    None (grammar/facts_meaning.yaml `legend_constants`)."""
    for regex in resources.load_table(GRAMMAR / "facts_meaning.yaml")["legend_constants"][lang]:
        found = re.search(regex, meaning, re.IGNORECASE)
        if found:
            return str(Decimal(found.group(1).replace(",", ".")))
    return None


# the end of the sentence before a formula's lead-in ("… в индивидуальном плане работы.")
_SENTENCE_END = re.compile(r"[.;]\s")


def _condition(start: int, clause: Node, doc: Document, lang: str) -> str | None:
    """What the sentence leading to a formula says it is for ("Для КЦИ, достижение которых
    предполагает снижение значения показателя, … по формуле:", "Төмендеуі көзделетін ТТК
    үшін … формула бойынша есептеледі:"), from the `formula_conditions` table; None when
    it names nothing. In a table the lead is the formula's own cell: the rows above it are
    other values' (a sheet's criteria, "… кемуі", are no KPI meant to fall)."""
    before = doc.text[clause.span.start:start]
    if "\t" in before:
        before = re.split(r"[\t\n]", before)[-1]
    lead = _SENTENCE_END.split(before)[-1]
    found = entry("formula_conditions", lang, profile(lang).keys(nlp.tokens(lead, lang)))
    return found[0] if found else None


def _meaning_words(meaning: str, lang: str, at: int = 0) -> str:
    """A legend's meaning as word keys; standing at `at` in the document, a short term the
    document defined before it ("Бі – i-ші ТНИ бойынша балл", "(бұдан әрі – ТНИ)" above) reads
    as its expansion."""
    return profile(lang).keys(nlp.tokens(meaning, lang, at))


def variable_named(words: str, lang: str | None, at: int = 0):
    """The entry of the `variables` table (grammar/facts_meaning.yaml) words name ("Баллы за
    поощряемую деятельность", "Айыппұл балдары"), or None; `at`: where the words stand in
    the document (for its short terms). An aside in brackets is read only where the words
    without it name nothing ("ОБ – … балдардың орташа арифметикалық мәні (1-қосымша бойынша –
    ТНИ балдарының, …)": the mean, not the KPI's points the aside lists)."""
    bare = _ASIDE.sub(" ", words)
    found = entry("variables", lang, _meaning_words(bare, lang, at)) if bare != words else None
    return found or entry("variables", lang, _meaning_words(words, lang, at))


_ASIDE = re.compile(r"\s*\([^()]{8,}\)")  # a bracketed aside, longer than a symbol or a unit


def expression_tree(text: str):
    """The tree of an expression printed on its own ("100 + а – б"), or None when it does not
    parse (grammar/formula.lark)."""
    try:
        return _parser().parse(f"x = {text}").children[1]
    except LarkError:
        return None


def symbols_of(tree) -> list[str]:
    """The keys of the symbols an expression tree reads, in order."""
    return [symbol_key(str(s.children[0])) for s in tree.iter_subtrees() if s.data == "symbol"]


def spell_alike(names: dict[str, str], symbols) -> None:
    """Name in place each symbol that `names` spells in the other script: one kept in Latin
    letters in one place and read in Cyrillic in the other (a text read back from Latin
    script: "«а»" in a row, "(100 + a – b)" in the total; "a", "b" for the legend's "а", "б")."""
    spelled = {_cyrillic(k): v for k, v in names.items()}
    names.update({k: spelled[_cyrillic(k)] for k in set(symbols) - names.keys()
                  if _cyrillic(k) in spelled})


# The last legend read, (document, clause, legend): the sentences of a clause are read one
# after another, and a clause can be a whole text (a text with no clauses is one "main").
_LAST_LEGEND: list = [None, None, {}]


def _legend(clause: Node, doc: Document) -> dict[str, tuple[str, tuple[int, int]]]:
    """symbol key -> (meaning, span) from a clause's "<symbol> – <meaning>" lines, the
    symbol and its meaning on one line or on two (read once per clause)."""
    if _LAST_LEGEND[0] is doc and _LAST_LEGEND[1] is clause:
        return _LAST_LEGEND[2]
    _LAST_LEGEND[:] = [doc, clause, _read_legend(clause, doc)]
    return _LAST_LEGEND[2]


def _read_legend(clause: Node, doc: Document) -> dict[str, tuple[str, tuple[int, int]]]:
    """A clause's legend, read from its lines."""
    # each line cut at colons and semicolons, a paragraph under the clause too ("мұндағы: ТБ
    # – …; НБ – 100 балға тең негізгі балл; …")
    lines = [piece for n in clause.walk() if n.head is not None and n is not clause
             for piece in _lines(doc.text, n.head.start, n.head.end)]
    if clause.head is not None:  # a legend written on the clause's own lines
        lines = _lines(doc.text, clause.head.start, clause.head.end) + lines
    out: dict[str, tuple[str, tuple[int, int]]] = dict(_header_names(clause, doc))
    spelled: dict[str, str] = {}  # case-free key -> the cased key of its first symbol
    pending = None
    for text, span in lines:
        for key, named in _bracketed_names(text, span[0]):
            out.setdefault(key, named)  # a "<symbol> – <meaning>" line below overrides
        stripped = text.strip()
        match = re.match(r"^(.{1,20}?)\s*[–—-]\s+(.+)$", stripped)
        if stripped[:1] in "–—-" and pending is not None:
            out[pending[0]] = (stripped.lstrip("–—- ").rstrip(";.,"), (pending[1][0], span[1]))
            pending = None
        elif match and "=" not in match[1] and len(_legend_key(match[1])) <= 6:
            key = _split_cases(out, spelled, _legend_key(match[1], match[2]), match[1])
            out[key] = (_SENTENCE_OUT.split(match[2])[0].rstrip(";.,"), span)
            if key != symbol_key(match[1]) and key == _legend_key(match[1], match[2]):
                out.setdefault(symbol_key(match[1]), out[key])  # "Σ (Бi × Вi)" names "Бi"
            pending = None
        elif len(stripped) <= 24 and "=" not in stripped and symbol_key(stripped) and (
                "\\sum" in stripped or len(symbol_key(stripped)) <= 3):
            pending = (symbol_key(stripped), span)
        else:
            pending = None
    return out


# "Балл (Бі)", "Вес, % (В)", "Балл (от 1 до 5) (Б)": a column's symbol in its header cell;
# the other brackets of the cell (its range) are no part of what the column holds
_COLUMN_SYMBOL = re.compile(r"\(\s*([^\W\d_]{1,3})\s*\)")
_BRACKETS = re.compile(r"\([^()]*\)")


@cache
def _item_name() -> re.Pattern:
    """A header cell's name words (grammar/tables.yaml `name_words`: "ННК атауы",
    "Наименование КЦИ", "№"): what is left of the cell names a sheet's items."""
    return re.compile("|".join(resources.load_table(GRAMMAR / "tables.yaml")["name_words"]),
                      re.IGNORECASE)


def _header_names(table: Node, doc: Document):
    """(symbol key, (meaning, span)) for each column a table's header labels with a symbol
    ("Салмағы (Сі), %", "Балл (Бі) (0-ден 5-ке дейін)"): what the column holds, of the items
    the sheet's name column names ("ННК атауы", "Наименование КЦИ"), put as the language
    puts a noun's modifier ("ННК салмағы", "вес КЦИ"; the profiles' `head_side`). Only a
    table's, and only its first row."""
    if table.kind != "table" or not table.children or not table.children[0].children:
        return
    header = [(c, doc.text[c.span.start:c.span.end]) for c in table.children[0].children]
    rests = [" ".join(_item_name().sub(" ", text).split()) for _, text in header
             if _item_name().search(text)]
    item = next((r for r in rests if re.search(r"[^\W\d_]{2}", r)), "")  # not "№ п/п"
    lang = table.lang or doc.lang or "kk"
    for cell, text in header:
        symbols = _COLUMN_SYMBOL.findall(text)
        words = " ".join(re.sub(r"[,%;:]", " ", _BRACKETS.sub(" ", text)).split())
        if len(symbols) != 1 or not words:
            continue
        if item and item.lower() not in words.lower():
            words = f"{words} {item}" if profile(lang).head_side == "first" else f"{item} {words}"
        yield symbol_key(symbols[0]), (words, (cell.span.start, cell.span.end))


# a legend's meaning ends with its sentence ("б – штрафные баллы. Годовая оценка …")
_SENTENCE_OUT = re.compile(r"\.\s+(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])")
_LAST_NAMES: list = [None, {}]  # (document, language -> names): read once a document and language
_LEGEND_LINE = re.compile(r"^(.{1,20}?)\s*[–—-]\s+(.+)$")


def _document_names(doc: Document, lang: str) -> dict[str, str]:
    """symbol key -> variable for each symbol the document's legend lines name one way only:
    a sheet's "Итоговая оценка (И = (Б1 + … + Бn) : n)" keeps the meaning the method's
    legend gave Б ("Б1, Б2, ..., Бn – оценки по каждому КЦИ")."""
    if _LAST_NAMES[0] is not doc:
        _LAST_NAMES[:] = [doc, {}]
    if lang in _LAST_NAMES[1]:
        return _LAST_NAMES[1][lang]
    found: dict[str, set[str]] = {}
    bracketed: dict[str, set[str]] = {}
    for node in doc.nodes():
        if node.head is None:
            continue
        for text, (start, _) in _lines(doc.text, node.head.start, node.head.end):
            # "18. Орташа балл (ОБ) …": a symbol named in brackets, for a formula of a later
            # clause ("ТБ = ОБ – Ш") where no legend line names it
            for key, (meaning, span) in _bracketed_names(text, start):
                named = variable_named(meaning, lang, span[0])
                if named is not None:
                    bracketed.setdefault(key, set()).add(named[0])
            match = _LEGEND_LINE.match(text.strip())
            if match is None or "=" in match[1] or len(_legend_key(match[1])) > 6:
                continue
            meaning = _SENTENCE_OUT.split(match[2])[0].rstrip(";.,")
            named = variable_named(meaning, lang, start)
            if named is not None:
                for key in {_legend_key(match[1], meaning), symbol_key(match[1])}:
                    found.setdefault(key, set()).add(named[0])
    found = {**bracketed, **found}
    names = {key: next(iter(v)) for key, v in found.items() if len(v) == 1}
    _LAST_NAMES[1][lang] = names
    return names


# "Көтермелеу балы (а)", "поощрительных баллов (П)", "Квартальная оценка (К = …)": a symbol
# named by the words before it, from the last delimiter up to its bracket
_NAMED = re.compile(r"([^,;:()\n]{3,80}?)\s*\(\s*([^\W\d_]{1,3})\s*(?:\)|=)")


def _bracketed_names(text: str, start: int):
    """(symbol key, (meaning, span)) for each symbol a line names in brackets after its
    meaning ("Айыппұл балы (б)", "Итоговая оценка (И = …)")."""
    for found in _NAMED.finditer(text):
        # the words of its own sentence: "… 0,25 балл шегеріледі. Шегерімнің (Ш) …"
        meaning = _SENTENCE_OUT.split(found[1])[-1].strip(" –—-")
        if meaning and symbol_key(found[2]):
            yield symbol_key(found[2]), (meaning, (start + found.start(1), start + found.end()))


# The letters that index the last term of a list and count it ("Б1 + … + Бn", "(О1 + … + Оk) /
# k"): Latin n and k, and their Cyrillic readings where a Latin-script text was read back in
# Cyrillic ("(П1 + … + Пн) / н"): a regular-expression character class
INDEX_LETTERS = "nнkк"
INDEX = f"[{INDEX_LETTERS}]"
# an index letter or a digit of a term's subscript ("Б1", "Бn", "О12")
_SUBSCRIPT = rf"[\d{INDEX_LETTERS}]"

# "Б1, Б2, ..., Бn", "К1 … Кn": a legend naming the terms of a sum names their letter (the
# last index a letter, or the last term's number)
_TERMS = re.compile(rf"^([^\W\d_]+?)1\b.*\b\1(?:{INDEX}|\d+)$")  # or "Т1, Т2, Т3, Т4"


# "Бi – балл i-го КЦИ", "Сi – i-ші ННИ-нің салмағы": one item of the list a sum's terms
# write out ("Б1 × С1 + … + Бn × Сn"), its letter indexed by i where its meaning says "i-"
# (the Latin i, or its Cyrillic readings: і, and и where a text in the 2021 Latin alphabet,
# whose i spells и, was read back in Cyrillic: "и-ші ННИ балы")
_ITEM = re.compile(r"^([^\W\d_]{1,3}?)[iі]$")
_ITEM_MEANING = re.compile(r"(?<!\w)[iіи]\s*-\s*\w")


def _legend_key(symbol: str, meaning: str = "") -> str:
    """A legend's symbol -> its key: "Бn" terms written out ("Б1, Б2, ..., Бn") -> "б", and
    so one item indexed by i whose meaning names the i-th ("Бi – балл i-го КЦИ") -> "б"."""
    key = symbol_key(symbol)
    terms = _TERMS.match(key)
    if terms:
        return terms[1]
    item = _ITEM.match(key)
    return item[1] if item and _ITEM_MEANING.search(meaning) else key


# a legend's next entry after a comma, or its first after the word that opens it with no
# colon ("где Д – процент достижения КЦИ, Ф – фактическое значение …, П – плановое …",
# "мұндағы Қ – қол жеткізу пайызы, Н – нақты мәні"): the symbol (or its terms, "О1 … Оk")
# and its dash
_ENTRY = rf"[^\W\d_]{{1,4}}\d{{0,3}}(?:\s*(?:…|\.\.\.|,)\s*[^\W\d_]{{1,4}}{_SUBSCRIPT}{{0,3}})*\s*[–—-]\s"
_LEGEND_CUT = re.compile(rf"[\n:;]|,\s+(?={_ENTRY})|(?<!\w)(?:где|мұндағы|мұнда)\s+(?={_ENTRY})")


def _lines(text: str, start: int, end: int) -> list[tuple[str, tuple[int, int]]]:
    """The pieces of a span of text between line breaks, colons and semicolons (a legend
    run into one paragraph: "мұндағы: Т – тоқсандық баға; к – …"), and between the entries
    of a legend run on after commas (`_LEGEND_CUT`), each with its span."""
    out, at = [], start
    for cut in _LEGEND_CUT.finditer(text[start:end]):
        if cut[0].startswith(",") and _TERM.fullmatch(text[at:start + cut.start()].strip()):
            continue  # "Т1, Т2, Т3, Т4 – …": the terms of one entry
        out.append((text[at:start + cut.start()], (at, start + cut.start())))
        at = start + cut.end()
    out.append((text[at:end], (at, end)))
    return out


_ONE_TERM = rf"(?:[^\W\d_]{{1,4}}{_SUBSCRIPT}{{0,3}}|…|\.\.\.)"
# terms parted by a comma or a space, or run on into an ellipsis ("Т1,Т2", "О1 … Оk", "Б1…Бn"):
# two terms of letters never touch (else a long word splits into terms every way, and a failed
# match of a long text backtracks without end)
_TERM = re.compile(rf"{_ONE_TERM}(?:(?:\s*,\s*|\s+|(?=…|\.\.\.)|(?<=…)|(?<=\.)){_ONE_TERM})*")


def _fact(owner: Node, doc: Document, span: tuple[int, int], lang: str, target: str,
          expression: str, variables: dict, condition: str | None = None) -> Fact:
    fields = {"target": target, "expression": expression, "variables": variables}
    if condition is not None:
        fields["condition"] = condition
    return Fact(kind="formula", address=owner.address, span=Span(start=span[0], end=span[1]),
                quote=fold(doc.text[span[0]:span[1]]), lang=lang, fields=fields)


# "Т = 100 + а – б, мұндағы:", "И = (К1 + К2 + … + Кn) / n, где:": a formula written in a
# sentence, up to the word that opens its legend
_PLAIN = re.compile(r"(?<![\w=])([^\W\d_]{1,4}\d{0,3})\s*=\s*([^=;]+?)\s*(?:,\s*(?:где|мұндағы|мұнда)\b|[;.:,]?\s*$)")
# "× 100 %": a percent sign after a number only says the result is a percent
_PERCENT = re.compile(r"(\d)\s*%")
# "(К1 + К2 + … + Кn) / n", "(Б1 + ... + Бn) : n": the mean of a symbol's values; the count
# is a Latin "n" or, where a Latin-script text was read in Cyrillic, "н" ("(П1 + … + Пн) / н")
_MEAN = re.compile(rf"\(\s*([^\W\d_]+)1\s*\+.*?([^\W\d_]+?){INDEX}\s*\)\s*[/:]\s*{INDEX}(?!\w)"
                   rf"|\(\s*([^\W\d_]+)1(?:\s*\+\s*\3\d)+\s*\)\s*[/:]\s*{INDEX}(?!\w)")
# ... the count named by any index letter: "Б360 = (О1 + О2 + … + Оk) / k"
# a sum of indexed products written term by term, "(Б1 × В1 + Б2 × В2 + … + Бn × Вn)": the
# sum over the items of the product, printed "Σ(Б × В)"
_TERMWISE = re.compile(rf"\(\s*([^\W\d_]+)1\s*[×x*·]\s*([^\W\d_]+)1\s*\+[^()]*?"
                       rf"\1{INDEX}\s*[×x*·]\s*\2{INDEX}\s*\)")
# ... or every term written out: "(Т1 + Т2 + Т3 + Т4) / n", the mean of the quarters' values


# "Тоқсандық баға (Т = 100 + а – б): ____ балл", "Итоговая оценка (И = (Б1 + … + Бn) : n)": a
# formula in brackets after the name of what it computes (a sheet's total line)
_BRACKETED = re.compile(r"\(\s*([^\W\d_]{1,3})\s*=\s*((?:[^()=;]|\([^()]*\))+?)\s*\)")


def from_plain(sentence, lang: str, owner: Node, clause: Node, doc: Document) -> list[Fact]:
    """A formula printed inside a sentence, its symbols named by the clause's legend; one in
    brackets only when the legend names every symbol (nothing else says the line is one); else
    one written in words in brackets after what it computes (`_worded`)."""
    text = doc.text[sentence.start:sentence.end]
    # a line of symbols has no language of its own ("О = Σ (Бі × Ві) / 100": its "і" is no
    # Kazakh word): its legend is read in its clause's
    lang = clause.lang or lang
    for found in [*_BRACKETED.finditer(text), _PLAIN.search(text)]:
        if found is not None:
            got = _plain(found, sentence, lang, owner, clause, doc,
                         named_only=found.re is _BRACKETED)
            if got:
                return got
    return _worded(sentence, lang, owner, doc)


# "Айыппұл балдары (фактілер саны × 0,5)", "Итоговый балл (средний балл – штрафные баллы)": a
# sheet's line naming what it computes, then how, in words, the operands parted by a sign
# with spaces around it
_WORDED = re.compile(r"(?:^|[\n:_])\s*(?:\d+\.?\s+)?([^\W\d][^()\n:_]{2,80}?)\s*\(([^()]+)\)")
_OPERATOR = re.compile(r"\s+([×x*+–—/:-])\s+")
_SIGNS = {"×": "*", "x": "*", "*": "*", "+": "+", "–": "-", "—": "-", "-": "-", "/": "/", ":": "/"}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_NAMING = re.compile(r"^[^\W\d_]{1,3}\s*=\s*")
# "(× 0,1 балла)", "(× 0,1 балл)": a bracket multiplying the line's value by a number
_TIMES_ITSELF = re.compile(r"[×x*]\s*(\d+(?:[.,]\d+)?)(?:\s+бал\w*)?")


def _worded(sentence, lang: str, owner: Node, doc: Document) -> list[Fact]:
    """A formula in words in brackets after the name of what it computes, when every operand
    is a number or a variable of grammar/facts_meaning.yaml `variables` and the computed value
    is one too (or its shape names it, `formula_shapes`); a number times a value is written
    number first, as the vocabulary writes a per-item amount (`0.5 * violations`)."""
    return [fact for found in _WORDED.finditer(doc.text[sentence.start:sentence.end])
            for fact in _worded_one(found, sentence, lang, owner, doc)]


def _worded_one(found: re.Match, sentence, lang: str, owner: Node, doc: Document) -> list[Fact]:
    """The formula of one match of _WORDED, or none."""
    # "Штрафные баллы (Ш = 0,2 × количество нарушений)": the symbol the line names is no operand
    inner = _NAMING.sub("", found[2].strip(), count=1)
    # "Количество нарушений … (× 0,1 балла)": the line's own value times the number, read as
    # written out; what the product is, its shape says (`formula_shapes`)
    times = _TIMES_ITSELF.fullmatch(inner)
    if times:
        inner = f"{found[1].strip()} × {times[1]}"
    parts = _OPERATOR.split(inner)
    if len(parts) < 3:
        return []
    operands = []
    for word in parts[::2]:
        if _NUMBER.fullmatch(word.strip()):
            operands.append(str(Decimal(word.strip().replace(",", "."))))
            continue
        quoted = QUOTED_SYMBOL.fullmatch(word.strip())
        # a symbol quoted by itself ("Итоговый квартальный балл (100 + «а» – «б»)"): the
        # variable the legend names it, else the vocabulary's term it spells
        named = (_symbol_variable(symbol_key(quoted[1]), _document_names(doc, lang),
                                  {e.key for e in entries()["variables"]}),) \
            if quoted else variable_named(word, lang)
        if named is None or named[0] is None:
            return []
        operands.append(named[0])
    signs = [_SIGNS[sign] for sign in parts[1::2]]
    if len(operands) == 2 and signs == ["*"] and _NUMBER.fullmatch(operands[1]):
        operands.reverse()
    if all(_NUMBER.fullmatch(o) for o in operands):
        return []
    expression = " ".join([operands[0], *(f"{s} {o}" for s, o in zip(signs, operands[1:]))])
    named = variable_named(found[1], lang)
    target = computed_name(expression, named[0] if named else None)
    if target is None or target in operands:
        return []
    variables = {name: "" for name in operands if not _NUMBER.fullmatch(name)}
    start = sentence.start + found.start(1)
    return [_fact(owner, doc, (start, sentence.start + found.end()), lang, target, expression,
                  {target: "", **variables})]


# "Σ (Бi × Вi)": the sum over the items of what the brackets compute for one item; "Σ Кi":
# of one indexed item
_SIGMA = re.compile(r"[Σ∑]\s*(?:\(([^()]+)\)|([^\W\d_]{1,4}\w{0,2})(?!\w))")


def _sigmas(expression: str) -> tuple[str, dict[str, str]]:
    """The expression with each sum over items replaced by a placeholder symbol, and each
    placeholder's term."""
    sums: dict[str, str] = {}

    def put(found: re.Match) -> str:
        key = f"sigma{len(sums)}"
        sums[key] = found[1] or found[2]
        return key
    return _SIGMA.sub(put, expression), sums


def _plain(found: re.Match, sentence, lang: str, owner: Node, clause: Node, doc: Document,
           named_only: bool) -> list[Fact]:
    """The formula a match of _PLAIN or _BRACKETED holds (none if it does not parse)."""
    written = _PERCENT.sub(r"\1", found[2])
    expression = _TERMWISE.sub(r"Σ(\1 × \2)", written)
    # a sum written out term by term ("Б1 × С1 + … + Бn × Сn") is over the lists its terms
    # run through, whether the legend names a list ("Б1 … Бn – баллы") or one item ("Бi –
    # балл i-го КЦИ"); a Σ over one indexed item ("Σ (Бi × Вi)") names its items
    termwise = expression != written
    mean = _MEAN.search(expression)
    means = {}
    letter = mean and (mean[1] if mean[1] and mean[1] == mean[2] else mean[3])
    if letter:
        means[f"mean{symbol_key(letter)}"] = symbol_key(letter)
        expression = expression[:mean.start()] + f"mean{letter}" + expression[mean.end():]
    expression, sums = _sigmas(expression)
    try:
        tree = _parser().parse(f"{found[1]} = {expression}")
        inner = {key: _parser().parse(f"x = {text}").children[1] for key, text in sums.items()}
    except LarkError:
        return []
    names: dict[str, str] = {}
    legend_means = []
    # the symbols read, a Σ's own among them in place of its placeholder
    read = [s for t in (tree, *inner.values()) for s in t.iter_subtrees()
            if s.data == "symbol" and str(s.children[0]) not in inner]
    symbols = [symbol_key(str(s.children[0])) for s in read]
    spelled = [symbol_key(str(s.children[0]), cased=True)
               for s in read]  # as the legend files symbols it tells apart by case
    for key, (meaning, span) in _legend(clause, doc).items():
        number = _constant(meaning, lang)
        if number is not None:
            names[key] = number  # "НБ – 100 балға тең негізгі балл": the number itself
            continue
        named = variable_named(meaning, lang, span[0])
        if named is not None:
            names[key] = named[0]
            if key in symbols or key in spelled:
                legend_means += _legend_mean(named, meaning, span, owner, doc, lang,
                                             key not in _defined(tree))
                legend_means += _legend_sum(named, meaning, span, owner, doc, lang)
    spell_alike(names, symbols)  # a symbol a Latin-script text left Latin
    for key in {means.get(k, k) for k in symbols} - names.keys() - _twins(names):
        if key in _document_names(doc, lang):  # a sheet's line repeating the method's formula
            names[key] = _document_names(doc, lang)[key]
    if named_only and any(means.get(key, key) not in names and cased not in names
                          for key, cased in zip(symbols, spelled)):
        return []
    _unname_heads(names, symbols + spelled, symbol_key(found[1]), doc)
    for placeholder, key in means.items():
        names[placeholder.lower()] = mean_of(names.get(key, key))
    for placeholder, term in inner.items():  # "Σ (Бi × Вi)" -> sum(kpi_score * kpi_weight)
        names[placeholder] = f"sum({_as_lists(render(term, names)) if termwise else render(term, names)})"
    expression = render(tree.children[1], names)
    target = mean_name(expression) or shape_name(expression) or render(tree.children[0], names)
    variables = dict.fromkeys(variables_of(expression), "")
    start = sentence.start + found.start()
    return [_fact(owner, doc, (start, sentence.start + found.end()), lang, target, expression,
                  {target: "", **variables}, _condition(start, clause, doc, lang)),
            *legend_means]


# "Бкци = (Б1 + … + Бn) / n", "ТОБ = …": a line opening with a symbol and "=" defines it
_HEAD = re.compile(r"^\s*(?:\d+\.\s*)?([^\W\d_]{1,4}\d{0,3})\s*=")
_LAST_HEADS: list = [None, set()]  # (document, the symbols its formulas define)


def _heads(doc: Document) -> set[str]:
    """The keys of the symbols a formula of the document defines (read once a document)."""
    if _LAST_HEADS[0] is not doc:
        heads = set()
        for node in doc.nodes():
            if node.head is not None and "=" in doc.text[node.head.start:node.head.end]:
                for text, _ in _lines(doc.text, node.head.start, node.head.end):
                    found = _HEAD.match(text.replace("$", ""))
                    if found:  # case-free, and as spelled (a legend may tell "Б" from "б")
                        heads.update((symbol_key(found[1]), symbol_key(found[1], cased=True)))
        _LAST_HEADS[:] = [doc, heads]
    return _LAST_HEADS[1]


def _unname_heads(names: dict[str, str], symbols, own: str, doc: Document) -> None:
    """A symbol another formula of the document defines ("ГО = 0,6 × Бкци + 0,4 × Б360" where
    "Бкци = (Б1 + … + Бn) / n") is named by that formula's target, not by its legend here
    ("Бкци – балл по КЦИ согласно пункту 12"): left as written here, `by_heads` names it;
    not one spelled in other letter cases than the head, which is another symbol."""
    heads = _heads(doc)
    for key in symbols:
        if key == own or key not in heads or _NUMBER.fullmatch(names.get(key, "")):
            continue
        # spelled otherwise than every head it folds to, it is another symbol ("Ко – общее
        # количество КЦИ" beside the quarterly score's "КО = …")
        spelled = [s for s in symbols if s.startswith(CASED) and s[len(CASED):].lower() == key]
        if spelled and not any(s in heads for s in spelled):
            continue
        names.pop(key, None)


def by_heads(facts: list[Fact], doc: Document) -> list[Fact]:
    """A symbol left as written in a formula (`_unname_heads`, or one no legend names) that
    another formula of the document defines takes that formula's target; one whose formula
    was not read, the name the document's legend lines give it (`_document_names`). A target
    left as written is then named by the expression's shape or mean."""
    targets: dict[str, str] = {}
    for f in facts:
        head = _HEAD.match(f.quote.replace("$", "")) if f.kind == "formula" else None
        if head and not _ROUND_DEFAULT.fullmatch(f.fields.get("expression", "")) \
                and f.fields["target"].isascii():
            targets.setdefault(symbol_key(head[1]), f.fields["target"])
    out = []
    for f in facts:
        expression = f.fields.get("expression", "") if f.kind == "formula" else ""
        names = {n: targets.get(symbol_key(n)) or _document_names(doc, f.lang).get(n)
                 for n in re.findall(r"[^\W\d]\w*", expression) if not n.isascii()}
        names = {n: v for n, v in names.items() if v and v != f.fields["target"]}
        if names:
            for name, value in names.items():
                expression = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", value, expression)
            target = mean_name(expression) or shape_name(expression) or f.fields["target"]
            variables = {name: "" for name in re.findall(r"[^\W\d]\w*", expression)
                         if name not in ("sum", "count", "avg", "round")}
            f = f.model_copy(update={"fields": {**f.fields, "target": target,
                                                "expression": expression,
                                                "variables": {target: "", **variables}}})
        out.append(f)
    return out


def _defined(tree) -> set[str]:
    """The keys (case-free and cased) of the symbol a parsed formula defines, its left side."""
    return {symbol_key(str(s.children[0]), cased) for s in tree.children[0].iter_subtrees()
            if s.data == "symbol" for cased in (False, True)}


def _legend_mean(named, meaning: str, span, owner: Node, doc: Document, lang: str,
                 operand: bool = True) -> list[Fact]:
    """The mean a legend line defines ("ТОБ – … тоқсандық бағалардың орташа арифметикалық
    мәні", "СКО – среднее арифметическое квартальных оценок", "… орташа мәні", "среднее
    значение …": the `mean` concept, however the mean is worded): `quarterly_avg =
    avg(quarterly_points)`, when its variable is a mean of something (`mean_of`), or the mean
    its entry writes (`mean`: "360Б – … балдардың орташа арифметикалық мәні", a sheet's mean
    of its scores) where the symbol is an `operand` of the formula, not the value it computes
    ("О = (Б1 + … + Бn) : n, мұндағы: О – орташа баға" names its target)."""
    mean_of, written = named[1].get("mean_of"), named[1].get("mean") if operand else None
    if not (mean_of or written) or \
            not concept_pattern("<mean>", lang).search(_meaning_words(meaning, lang)):
        return []
    expression = written or f"avg({mean_of})"
    return [_fact(owner, doc, span, lang, named[0], expression,
                  {named[0]: fold(meaning), **dict.fromkeys(variables_of(expression), "")})]


_AGGREGATES = ("sum", "count", "avg")


def variables_of(expression: str) -> list[str]:
    """The names an expression reads, its aggregations' names aside ("sum(scores) /
    count(scores)" -> scores)."""
    return [name for name in re.findall(r"[^\W\d]\w*", expression) if name not in _AGGREGATES]


def _legend_sum(named, meaning: str, span, owner: Node, doc: Document, lang: str) -> list[Fact]:
    """The sum a legend line defines ("ПБ – сумма поощрительных баллов", "МБ – мадақтау
    балдарының сомасы"): `a = sum(activity_points)`, when its variable is a sum of something
    (`sum_of`) and the line names the sum (the `sum` concept); a formula of its own for the
    same variable supersedes it (`summed_once`)."""
    sum_of = named[1].get("sum_of")
    if not sum_of or not concept_pattern("<sum>", lang).search(_meaning_words(meaning, lang)):
        return []
    return [_fact(owner, doc, span, lang, named[0], f"sum({sum_of})",
                  {named[0]: fold(meaning), sum_of: ""})]


def summed_once(facts: list[Fact]) -> list[Fact]:
    """A legend's "sum of" for a variable the document also computes by a sentence or formula
    of its own ("ШБ – сумма штрафных баллов" beside "ШБ = 0,1 × Н + Д"; "а – көтермелеу
    балдарының жиынтығы" beside "олардың жиынтығы … «а» көрсеткішін құрайды"): that one alone."""
    def legend(f: Fact) -> bool:
        line = _LEGEND_LINE.match(f.quote)
        return line is not None and "=" not in line[1] and len(_legend_key(line[1])) <= 6 \
            and re.fullmatch(r"sum\(\w+\)", f.fields.get("expression", "")) is not None
    computed = {f.fields.get("target") for f in facts if f.kind == "formula" and not legend(f)}
    return [f for f in facts if not (
        f.kind == "formula" and f.fields.get("target") in computed and legend(f))]


def _cyrillic(key: str) -> str:
    """A symbol's Latin letters spelled in Cyrillic by the default Kazakh Latin alphabet."""
    letters = next(v for v in latin.table()["variants"] if v.get("default"))["letters"]
    return "".join(letters.get(ch, ch) for ch in key)


def mean_of(name: str) -> str:
    """The mean of a variable's values as the vocabulary writes it: `avg(x)` where a
    `formulas` entry is that mean ("avg(quarterly_scores)", the annual score), else
    `sum(x) / count(x)` (a sheet's average of its parameters' scores)."""
    written = f"avg({name})"
    expressions = [str(e.extra.get("expression", "")) for e in entries()["formulas"]]
    if any("".join(x.split()) == written for x in expressions):
        return written
    # … or the one it gives that sum, counted by what it counts ("sum(answer_points) /
    # count(answers)": the respondents' points over the number of answers)
    return next((x for x in expressions if re.fullmatch(
        rf"sum\({re.escape(name)}\)\s*/\s*count\(\w+\)", x)), f"sum({name}) / count({name})")


_SUM_COUNT = re.compile(r"sum\((\w+)\)\s*/\s*count\(\1\)")


_SUM_OF = re.compile(r"sum\(([^()]*)\)")


def _alone(name: str) -> str:
    """A pattern of a name standing alone in an expression: not part of a longer name, not a
    function applied (`avg(`) nor its first argument."""
    return rf"(?<![\w(]){re.escape(name)}(?![\w(])"


def _renamed(f: Fact, expression: str, names: dict[str, str], target: str | None = None
             ) -> Fact:
    """The formula with its expression rewritten (and its target, given one) and its
    legend's variables renamed as `names` renamed them in the expression."""
    variables = {names.get(k, k): v for k, v in f.fields.get("variables", {}).items()}
    return f.model_copy(update={"fields": {**f.fields, "expression": expression,
                                           "variables": variables,
                                           "target": target or f.fields["target"]}})


def _as_lists(expression: str) -> str:
    """An expression with each item named as its list (`item_lists`: kpi_score ->
    kpi_scores)."""
    for item, many in resources.load_table(GRAMMAR / "facts_meaning.yaml")["item_lists"].items():
        expression = re.sub(rf"(?<!\w){item}(?!\w)", many, expression)
    return expression


def alike(facts: list[Fact]) -> list[Fact]:
    """A sum over items whose factors are named one as the list, one as an item ("sum(kpi_scores
    * kpi_weight)": the legend names the scores "Б1 … Бn – баллы …", the weight "Сi – вес …")
    names them all as lists (grammar/facts_meaning.yaml `item_lists`)."""
    lists = resources.load_table(GRAMMAR / "facts_meaning.yaml")["item_lists"]

    def name_alike(found: re.Match) -> str:
        inner = found[1]
        named = set(re.findall(r"[^\W\d]\w*", inner))
        if not named & set(lists.values()) or not named & set(lists):
            return found[0]
        return f"sum({_as_lists(inner)})"

    out = []
    for f in facts:
        expression = f.fields.get("expression", "") if f.kind == "formula" else ""
        new = _SUM_OF.sub(name_alike, expression) if expression else expression
        out.append(_renamed(f, new, lists) if new != expression else f)
    return out


_AGGREGATE = re.compile(r"(?:sum|avg|count)\(([^()]*)\)")


def aggregated(facts: list[Fact]) -> list[Fact]:
    """A list of values standing as one value in another formula ("Жылдық бағасы НЫИ бойынша
    қорытынды балдың жетпіс пайызы …", "… семидесяти процентов итогового балла по КЦИ": the
    KPI's points, `kpi_scores`, weighted as a term) is the value the document's formula
    over that list computes (`kpi_weighted_score = sum(kpi_scores * kpi_weights) / 100`), when
    one target only aggregates it; else it stays as read."""
    totals: dict[str, set[str]] = {}
    for f in facts:
        if f.kind == "formula":
            for inner in _AGGREGATE.findall(f.fields.get("expression", "")):
                for name in re.findall(r"[^\W\d]\w*", inner):
                    totals.setdefault(name, set()).add(f.fields["target"])
    out = []
    for f in facts:
        expression = f.fields.get("expression", "") if f.kind == "formula" else ""
        bare = _AGGREGATE.sub("", expression)
        swap = {name: next(iter(targets)) for name, targets in totals.items()
                if len(targets) == 1 and f.fields["target"] not in targets
                and re.search(_alone(name), bare)} if expression else {}
        if swap and not _AGGREGATE.search(expression):
            for name, total in swap.items():
                expression = re.sub(_alone(name), total, expression)
            f = _renamed(f, expression, swap)
            shaped = shape_name(expression)  # "КО = Сп – Н" with Сп the sheet's mean: the
            if shaped and shaped != f.fields["target"]:  # mean less b is final_score
                f = _renamed(f, expression, {f.fields["target"]: shaped}, shaped)
        out.append(f)
    return out


_PER_ITEM = re.compile(r"\d+(?:\.\d+)? \* violations")
_NEXT_SENTENCES = re.compile(r"[^.;]+[.;]?")


def deducted(facts: list[Fact], doc: Document) -> list[Fact]:
    """A deduction per violation taken from the average score ("Из среднего балла
    вычитается по 0,1 балла за каждый … факт нарушения", "… әрбір фактісі үшін орташа балдан
    0,1 балл шегеріледі"; grammar/facts_meaning.yaml `deductions`) that no formula of the
    document takes off: the score less it is the final score, `final_score = average_score -
    b`, stated at the next sentence naming the result ("Полученный результат составляет
    итоговую квартальную оценку", "Итоговый квартальный балл равен среднему … за вычетом …";
    `deduction_results`); with no such sentence the deduction alone is read."""
    formulas_ = [f for f in facts if f.kind == "formula"]
    # a sheet's row restating the deduction ("Итоговый балл (строка 6 – строка 8)") takes
    # nothing off the text's own sentences: only a formula of the text counts
    sheets = {n.address for n in doc.nodes() if n.kind == "table"
              or (n.kind == "appendix" and "/" in n.address)}  # an appendix of the methodology
    if any(re.search(r"(?<!\w)b(?!\w)", f.fields.get("expression", "")) and
           f.fields.get("target") != "b" and f.address not in sheets for f in formulas_):
        return facts
    for f in formulas_:
        if f.fields.get("target") != "b" or not _PER_ITEM.fullmatch(f.fields["expression"]):
            continue
        prof = profile(f.lang)
        if entry("deductions", f.lang, prof.keys(nlp.tokens(f.quote, f.lang))) is None:
            continue
        span = owner = None
        for found in _NEXT_SENTENCES.finditer(doc.text, f.span.end, f.span.end + 400):
            words = prof.keys(nlp.tokens(found[0], f.lang))
            if entry("deduction_results", f.lang, words) is not None:
                start = found.start() + len(found[0]) - len(found[0].lstrip())
                span, owner = (start, found.end()), _owner_at(doc, start) or f.address
                break
        if span is None:
            continue
        fact = Fact(kind="formula", address=owner, span=Span(start=span[0], end=span[1]),
                    quote=fold(doc.text[span[0]:span[1]]), lang=f.lang,
                    fields={"target": "final_score", "expression": "average_score - b",
                            "variables": {"final_score": "", "average_score": "", "b": ""}})
        return [*facts, fact]
    return facts


def _owner_at(doc: Document, offset: int) -> str | None:
    """The address of the innermost clause, point or paragraph holding an offset."""
    best = None
    for node in doc.nodes():
        span = getattr(node, "span", None)
        if span is not None and span.start <= offset < span.end and node.address and (
                best is None or span.end - span.start < best[0]):
            best = (span.end - span.start, node.address)
    return best[1] if best else None


QUARTERS = ("quarterly_points", "quarterly_scores")  # the quarters' values a year averages


def inline_means(facts: list[Fact]) -> list[Fact]:
    """A variable that stands for a mean (`mean_of` of its `variables` entry: the quarters'
    mean, `quarterly_avg`) inside another formula, where no formula of the document defines
    it ("Жылдық баға тоқсандық бағалардың орташа арифметикалық мәнінің жетпіс пайызы …"; a
    legend line saying the mean, however worded, is a formula of its own: `_legend_mean`),
    is written as that mean (`avg(quarterly_scores)`, after `of_scheme`), as a mean of the
    quarters spelt out is: nothing else would say how it is computed; in a formula stated in
    words, the mean its words name is written so though a legend elsewhere defines it. (A
    plan's score, `plan_score`, stays a value of its own.)"""
    means = {e.key: e.extra["mean_of"] for e in entries()["variables"]
             if e.extra.get("mean_of") in QUARTERS}
    defined = {f.fields.get("target") for f in facts if f.kind == "formula"}
    worded = {f.fields.get("target") for f in facts if f.kind == "formula" and not printed(f)
              and not _SYMBOL_LINE.match(f.quote)}
    open_means = {k: v for k, v in means.items() if k not in defined}
    out = []
    for f in facts:
        expression = f.fields.get("expression", "") if f.kind == "formula" else ""
        # a formula in words names the mean in words, whatever symbol another formula's
        # legend gives it ("… из семидесяти пяти процентов среднего арифметического его
        # квартальных оценок …" beside "СК – среднее арифметическое квартальных оценок"), but
        # for a mean a sentence of its own defines in words ("Среднее арифметическое
        # квартальных оценок рассчитывается делением …")
        said = {k: v for k, v in means.items() if k not in worded} \
            if f.kind == "formula" and not printed(f) else open_means
        used = {k: said[k] for k in said if re.search(_alone(k), expression)}
        if used and f.fields.get("target") not in used:
            for k, of in used.items():
                expression = re.sub(_alone(k), mean_of(of), expression)
            f = _renamed(f, expression, used)
        out.append(f)
    return out


# a legend's line opening with its symbol: the symbol, a dash, what it stands for ("СК –
# среднее арифметическое …")
_SYMBOL_LINE = re.compile(r"^\s*[^\W\d_]{1,6}\d*\s*[–—-]\s")


def of_scheme(facts: list[Fact]) -> list[Fact]:
    """The quarters' values a formula averages are the points of a quarter only in a
    methodology that counts them (a `quarterly_points` formula, or a band or cap of points
    beyond a five-point scale: the 100 + a − b scheme); elsewhere they are the quarterly
    scores ("СКО – среднее арифметическое квартальных оценок" of a 5-point sheet:
    `avg(quarterly_scores)`), and in it the quarters' scores a sentence averages are their
    points ("исчисляется как среднее арифметическое итоговых баллов за кварталы":
    `sum(quarterly_points) / count(quarterly_points)`)."""
    points = any(_counts_points(f) for f in facts)
    were, now = ("quarterly_scores", "quarterly_points") if points else \
        ("quarterly_points", "quarterly_scores")
    out = []
    for f in facts:
        if f.kind == "formula" and were in f.fields.get("expression", ""):
            expression = f.fields["expression"].replace(f"avg({were})", mean_of(now))
            expression = _SUM_COUNT.sub(lambda m: mean_of(m[1]), expression.replace(were, now))
            fields = {**f.fields, "expression": expression,
                      "variables": {(now if k == were else k): v
                                    for k, v in f.fields.get("variables", {}).items()}}
            f = f.model_copy(update={"fields": fields})
        out.append(f)
    return summed_once(once(out))


POINT_SCALE_TOP = 5  # the top of the 5-point scale every average is kept in


def _counts_points(fact: Fact) -> bool:
    """A fact of a methodology that counts a quarter's points: their formula (100 + a − b,
    `formula_shapes`), or a band or cap on them beyond the five points of a five-point scale."""
    if fact.kind == "formula":
        return shape_name(fact.fields.get("expression", "")) == "quarterly_points" or (
            fact.fields.get("target") == "quarterly_points"
            and re.search(r"\ba\b.*\bb\b", fact.fields.get("expression", "")) is not None)
    if fact.fields.get("scale") != "quarterly_points":
        return False
    ends = [fact.fields.get(k) for k in ("low", "high", "max")]
    return any(isinstance(v, (int, Decimal)) and v > POINT_SCALE_TOP for v in ends)


def once(facts: list[Fact]) -> list[Fact]:
    """One formula a clause states twice, in words and in symbols ("выводится как среднее
    арифметическое итоговых оценок за кварталы … по формуле: Г = (К1 + … + Кn) / n"): the
    first read of each target and expression at an address."""
    return first_or_printed(facts, lambda f: (
        f.address, f.fields.get("target"), "".join(f.fields.get("expression", "").split()))
        if f.kind == "formula" else None)


def first_or_printed(facts: list[Fact], key) -> list[Fact]:
    """One fact per `key` (None: always kept), the first read, except that a printed formula
    replaces its twin said in words: its symbol names the target for the document's other
    rules ("Итоговый балл и годовая оценка округляются …")."""
    seen: dict[tuple, int] = {}
    out: list[Fact] = []
    for f in facts:
        k = key(f)
        if k is None or k not in seen:
            if k is not None:
                seen[k] = len(out)
            out.append(f)
        elif printed(f) and not printed(out[seen[k]]):
            out[seen[k]] = f
    return out


def printed(fact: Fact) -> bool:
    """Whether a formula fact is a printed one ("ГО = 0,7 × СКБ + 0,3 × ОК,"), whose symbol
    the document's other rules may name it by."""
    return fact.kind == "formula" and _HEAD.match(fact.quote) is not None


def on_points_scale(expression: str) -> bool:
    """Does an expression count points (100 + a − b, or any number past the five points of a
    five-point scale), rather than a score kept in five points?"""
    return shape_name(expression) == "quarterly_points" or any(
        Decimal(n) > POINT_SCALE_TOP for n in re.findall(r"\d+(?:\.\d+)?", expression))


def computed_name(expression: str, named: str | None) -> str | None:
    """What a sheet's line computes: what the expression's shape names (`formula_shapes`),
    else what its words name (`named`), the points they name being the score that refines
    them where the expression keeps five points (grammar/facts_meaning.yaml
    `defined_scales`: "Тоқсандық баға (орташа балл + «а»)" is the quarter's score, not its
    points)."""
    shaped = shape_name(expression)
    if shaped is not None or named is None or on_points_scale(expression):
        return shaped or named
    return next((e.key for e in entries()["defined_scales"]
                 if e.extra.get("refines") == named), named)


def mean_name(expression: str) -> str | None:
    """The vocabulary's name of a mean by what it averages: the key of the `formulas` entry
    whose expression it is ("sum(kpi_scores) / count(kpi_scores)" is the final_score)."""
    wanted = "".join(expression.split())
    return next((e.key for e in entries()["formulas"]
                 if "".join(str(e.extra.get("expression", "")).split()) == wanted), None)


def shape_name(expression: str) -> str | None:
    """The vocabulary's name of what an expression computes where its shape says it, whatever
    the legend calls its target (grammar/facts_meaning.yaml `formula_shapes`: a weighted sum
    of parts is the year's score, 100 + a − b the quarter's points)."""
    shapes = resources.load_table(GRAMMAR / "facts_meaning.yaml")["formula_shapes"]
    return next((key for key, shape in shapes.items() if re.fullmatch(shape, expression)), None)


def from_sentence(sentence, lang: str, owner: Node, doc: Document):
    """A formula stated in words: a weighted sum or mean (weights.py), a legend's symbol stated as a
    sum, else one of the `formulas` table, else one score stated equal to another; in a legend's line ("К – средний балл по КЦИ,
    равный сумме баллов …, разделенной на количество этих КЦИ") the target is what the
    legend names the symbol."""
    found = _operations(sentence, lang, doc) or weighted(sentence.tokens, lang) \
        or weighted_mean(sentence.tokens, lang) or _symbol_sum(sentence, lang, doc)
    if found is None:
        found = _worded_entry(sentence, lang)
        if found is None:
            same = equated(sentence.tokens, lang)  # one score stated equal to another
            return [] if same is None else [_fact(
                owner, doc, (sentence.start, sentence.end), lang, same[0], same[1],
                {same[0]: "", same[1]: ""})]
        if found[1].get("conditioned"):
            each = _conditioned_parts(sentence, lang, owner, doc)
            if len(each) > 1:
                return each
        # a formula for one kind of KPI says which in its own words ("Для КЦИ, достижение
        # которого предполагает снижение значения показателя, процент … определяется как …")
        condition = entry("formula_conditions", lang, profile(lang).keys(sentence.tokens)) \
            if found[1].get("conditioned") else None
        found = _legend_target(sentence, doc, lang) or found[0], found[1]["expression"]
    else:
        condition = None
    target, expression = found
    if "{n}" in expression:
        # a number naming a part of a text is no amount of points (`_amounts`)
        numbers = _amounts(sentence, lang)
        if not numbers:
            return []
        # a number written in words and in digits ("нөл бүтін оннан бес (0,5)"): the digits
        digits = [t for t in numbers if t.text[:1].isdigit()]
        expression = expression.replace("{n}", str(abs(Decimal((digits or numbers)[0].value))))
    variables = dict.fromkeys(variables_of(expression), "")
    return [_fact(owner, doc, (sentence.start, sentence.end), lang, target, expression,
                  {target: "", **variables}, condition[0] if condition else None)]


def _worded_entry(sentence, lang: str) -> tuple[str, dict] | None:
    """(key, fields) of the first entry of the `formulas` table the sentence's words say, read
    again without its bracketed asides where they say none (`outside_asides`); an entry of
    points per item ("{n} * violations") in a sentence with no amount gives way to the next
    one it says ("… әрбір бұзушылық үшін айыппұл балы жеке қойылады, ал «б» көрсеткіші
    барлық бұзушылықтар үшін қойылған айыппұл балдарының қосындысына тең болады": the
    points of each are set apart, b is their sum)."""
    prof = profile(lang)
    for tokens in (sentence.tokens, outside_asides(sentence.tokens)):
        keys = prof.keys(tokens)
        found = entry("formulas", lang, keys)
        if found is None:
            continue
        if "{n}" in found[1]["expression"] and not _amounts(sentence, lang):
            later = [e for e in entries()["formulas"] if "{n}" not in e.extra["expression"]
                     and not e.extra.get("bare_only") and e.patterns[lang].search(keys)]
            return (fire(later[0]).key, later[0].extra) if later else found
        return found
    return None


def _amounts(sentence, lang: str) -> list:
    """The numbers of a sentence that are amounts, not the designation of a part of a text
    ("2-қосымшасында белгіленген айыппұл балдары", "согласно приложению 2")."""
    named = designated(sentence.tokens, lang)
    return [t for i, t in enumerate(sentence.tokens)
            if t.is_number and t.value is not None and i not in named]


def outside_asides(tokens) -> list:
    """The tokens but those of a bracketed aside of three tokens or more ("За каждое нарушение
    …, подтвержденное актом (опоздание, отсутствие на рабочем месте …), средний балл
    снижается на …": the examples stand between the violation and its deduction); a symbol,
    a number or a unit in brackets stays ("(Б)", "(0,3)")."""
    out, inner, depth = [], [], 0
    for token in tokens:
        if token.text == "(":
            depth += 1
            if depth == 1:
                inner = [token]
                continue
        if depth:
            inner.append(token)
            if token.text == ")":
                depth -= 1
                if depth == 0:
                    out.extend(inner if len(inner) < 5 else [])  # "(" + 3 tokens + ")"
            continue
        out.append(token)
    return out + inner if depth else out


def _conditioned_parts(sentence, lang: str, owner: Node, doc: Document) -> list[Fact]:
    """The formulas of a sentence whose parts between semicolons each state one for its own
    kind of KPI ("… былайша айқындалады: көрсеткіштің өсуін көздейтін НЫИ бойынша – нақты
    мәнін жоспарлы мәніне бөліп, …; көрсеткіштің төмендеуін көздейтін НЫИ бойынша –
    керісінше, жоспарлы мәнін нақты мәніне бөліп, …"): one a part, with the part's condition."""
    prof, out, part = profile(lang), [], []
    for token in [*sentence.tokens, None]:
        if token is not None and token.text != ";":
            part.append(token)
            continue
        keys = prof.keys(part) if part else ""
        found = entry("formulas", lang, keys) if part else None
        if found is not None and found[1].get("conditioned"):
            condition = entry("formula_conditions", lang, keys)
            out.append(_fact(owner, doc, (part[0].start, part[-1].end), lang, found[0],
                             found[1]["expression"],
                             {found[0]: "", **{n: "" for n in re.findall(r"[^\W\d]\w*",
                                                                         found[1]["expression"])}},
                             condition[0] if condition else None))
        part = []
    return out


# "<symbol> – <meaning>" inside a sentence: a legend, not a rule of its own
_IN_LEGEND = re.compile(r"(?:^|[\s:;(])[^\W\d_]{1,4}\s*[–—-]\s")


def in_legend(text: str) -> bool:
    """Whether a text holds a legend's "<symbol> – <meaning>" (a formula's, not a rule)."""
    return _IN_LEGEND.search(text) is not None


# a symbol quoted by itself: "показателя «а»", "«б» көрсеткішін", "Баллы за поощряемую
# деятельность, «а»"
QUOTED_SYMBOL = re.compile(r"[«\"“„]\s*([^\W\d_]{1,3})\s*[»\"”“]")


def added_points(sentence, lang: str) -> str | None:
    """The term a sentence adds, under a condition, to the value computed before it ("Если
    …, к полученному значению прибавляется 0,2 балла", "Егер … болса, алынған мәнге 0,2 балл
    қосылады"): the vocabulary's bonus, which the case gives where the condition holds
    (grammar/facts_meaning.yaml `added_term`); None where the sentence adds no points to
    that value under a condition."""
    keys = profile(lang).keys(sentence.tokens)
    if not any(t.is_number and t.value is not None for t in sentence.tokens) \
            or not concept_pattern("<obtained>", lang).search(keys) \
            or not _operation_words(lang, "add").search(keys) \
            or not concept_pattern("<condition>", lang).search(keys):
        return None
    return resources.load_table(GRAMMAR / "facts_meaning.yaml")["added_term"]


def _operation_words(lang: str, operation: str) -> re.Pattern:
    """The words of grammar/facts_meaning.yaml `operations` for one operation as a pattern
    on word keys."""
    table = resources.load_table(GRAMMAR / "facts_meaning.yaml")["operations"][operation]
    return concept_pattern("|".join(f"(?:{w})" for w in table[lang]), lang)


def _operations(sentence, lang: str, doc: Document) -> tuple[str, str] | None:
    """(target, expression) of arithmetic stated in words on quoted symbols: "Квартальный
    балл исчисляется путем прибавления к ста базовым баллам показателя «а» и вычитания из
    полученной суммы показателя «б»", "Тоқсандық балл базалық жүз балға «а» көрсеткішін қосу
    және алынған сомадан «б» көрсеткішін шегеру арқылы есептеледі" -> 100 + a - b. The
    sentence's parts between the profile's conjunctions each name one operation
    (grammar/facts_meaning.yaml `operations`; a comma parts them too: "к 100 баллам
    прибавляется показатель «а», затем вычитается показатель «б»") and its operands: the
    symbols it quotes (each
    the variable the legend or the vocabulary names it) and, where it adds, the number it
    adds to (a number naming a part of the text is none); the target is named by the
    expression's shape (`formula_shapes`), else by the words the sentence opens with. A
    symbol is quoted next to the word for its value (`quoted_values`: "показателя «а»", "«б»
    көрсеткішін"), never a letter quoted for another reason (the corps «Б»)."""
    prof = profile(lang)
    tokens = sentence.tokens
    parts, start = [], 0
    for i, token in enumerate([*tokens, None]):
        if token is None or token.lower in prof.conjunctions or token.text == ",":
            if i > start:
                parts.append(tokens[start:i])
            start = i + 1
    named = designated(tokens, lang)
    index = {id(t): i for i, t in enumerate(tokens)}
    base, added, taken = [], [], []
    for part in parts:
        keys = prof.keys(part)
        ops = [op for op in ("add", "subtract") if _operation_words(lang, op).search(keys)]
        text = doc.text[part[0].start:part[-1].end]
        quoted = len(QUOTED_SYMBOL.findall(text))
        symbols = sorted(quoted_variables(text, lang, doc))
        numbers = [t for t in part if t.is_number and t.value is not None
                   and index[id(t)] not in named]
        if len(ops) != 1:
            # the points the operations start from, named apart ("складывается из базового
            # балла, составляющего сто баллов, к которому прибавляется …"): the base
            if not ops and numbers and not quoted and _operation_words(lang, "base").search(keys):
                base += numbers
            elif symbols or numbers:
                return None
            continue
        if len(symbols) != quoted or (numbers and ops[0] != "add"):
            return None
        base += numbers
        (added if ops[0] == "add" else taken).extend(symbols)
    if len(base) > 1 or not (added or taken) or len(added) + len(taken) + len(base) < 2:
        return None
    terms = [str(abs(Decimal(base[0].value)))] if base else []
    expression = " ".join([*terms, *(f"+ {s}" for s in added), *(f"- {s}" for s in taken)])
    expression = expression[2:] if expression.startswith("+ ") else expression
    if expression.startswith("- "):
        return None
    words = prof.keys(tokens[:4])
    target = shape_name(expression) or (entry("variables", lang, words) or (None,))[0]
    return (target, expression) if target else None


def _symbol_sum(sentence, lang: str, doc: Document) -> tuple[str, str] | None:
    """(variable, "sum(x)") of a sentence stating a legend's symbol as a sum ("Значение «а»
    определяется сложением всех начисленных за квартал баллов", "… айыппұл балдарының
    қосындысы «б» көрсеткішін құрайды"): the variable the legend names the symbol (or the
    vocabulary's term the symbol spells: «а», «б» are a, b), summing its `sum_of`
    (grammar/facts_meaning.yaml `variables`, `symbol_values`)."""
    text = doc.text[sentence.start:sentence.end]
    if in_legend(text):
        return None
    table = resources.load_table(GRAMMAR / "facts_meaning.yaml")["symbol_values"][lang]
    quoted = {m[1] for regex in table for m in re.finditer(regex, text, re.IGNORECASE)}
    if len(quoted) != 1:
        return None
    known = {e.key: e.extra.get("sum_of") for e in entries()["variables"]}
    name = _symbol_variable(symbol_key(quoted.pop()), _document_names(doc, lang), known)
    summed = known.get(name)
    return (name, f"sum({summed})") if summed else None


def quoted_variables(text: str, lang: str, doc: Document) -> set[str]:
    """The variables of the symbols a text quotes by their value ("Значение «а» … не может
    быть выше 25 баллов"; grammar/facts_meaning.yaml `quoted_values`): the names the
    document's legend gives them, else the vocabulary's term the symbol spells (a, b)."""
    names = _document_names(doc, lang)
    known = {e.key for e in entries()["variables"]}
    out = set()
    table = resources.load_table(GRAMMAR / "facts_meaning.yaml")["quoted_values"][lang]
    for found in (m for regex in table for m in re.finditer(regex, text, re.IGNORECASE)):
        name = _symbol_variable(symbol_key(found[1]), names, known)
        if name:
            out.add(name)
    return out


def _symbol_variable(key: str, names: dict[str, str], known) -> str | None:
    """The variable a symbol stands for: the name the document's legend gives it (as written
    or in Cyrillic), else the vocabulary's variable the symbol spells (a, b)."""
    return names.get(key) or names.get(_cyrillic(key)) or next(
        (k for k in known if _cyrillic(k) == key), None)


def _legend_target(sentence, doc: Document, lang: str) -> str | None:
    """The variable a legend line names its symbol ("К – средний балл по КЦИ, равный …"), when
    the sentence is one and the document names the symbol one way only; so does a sheet's
    row labelled with that symbol in brackets before its computation ("Средний балл по КЦИ
    (К) – сумма баллов, деленная на количество КЦИ")."""
    text = doc.text[sentence.start:sentence.end].strip()
    line = _LEGEND_LINE.match(text)
    if line is None or "=" in line[1] or len(_legend_key(line[1])) > 6:
        labelled = _LABELLED.match(text)
        return _document_names(doc, lang).get(_legend_key(labelled[1])) if labelled else None
    return _document_names(doc, lang).get(_legend_key(line[1]))


# a row labelled with its symbol in brackets before what computes it: "Средний балл (К) – …"
_LABELLED = re.compile(r"^[^()–—=]{1,80}\(\s*([^\W\d_]{1,4}\d*)\s*\)\s*[–—-]\s")


def convert(found: list[Fact]) -> list[Fact]:
    """A formula term that its clause converts with a lookup table ("the mean is brought
    to the five-point system") is the table's output: Σт becomes quarterly_avg_5pt."""
    tables = {(f.address, f.fields.get("input")): f.fields.get("output")
              for f in found if f.kind == "lookup_table" and f.fields.get("input")}
    at: dict[str, list[tuple[str, str]]] = {}  # a clause's tables, looked up, not scanned
    for (address, source), output in tables.items():
        at.setdefault(address, []).append((source, output))
    out = []
    for fact in found:
        if fact.kind == "formula":
            expression = fact.fields["expression"]
            for source, output in at.get(fact.address, ()):
                if fact.fields["target"] != source and output:
                    expression = re.sub(rf"\b{re.escape(source)}\b", output, expression)
            if expression != fact.fields["expression"]:
                variables = dict.fromkeys(variables_of(expression), "")
                fact = fact.model_copy(update={"fields": {
                    **fact.fields, "expression": expression,
                    "variables": {fact.fields["target"]: "", **variables}}})
        out.append(fact)
    return out


# a name of the vocabulary is written in Latin letters: one holding another letter is a
# document's own symbol that no legend, row or vocabulary term named ("б", "тб", "қ")
_UNNAMED = re.compile(r"[^\W\d_a-zA-Z]")


def named_symbols(facts: list[Fact], doc: Document) -> tuple[list[Fact], list[Diagnostic]]:
    """The facts but the formulas computing or reading a symbol no one named, each of those
    reported where it stands (UNEXTRACTED): "КО = Σ (Б × В) / 100" whose Б nothing names is
    read as no rule, rather than as a rule over an unknown value."""
    kept, notes = [], []
    for f in facts:
        names = re.findall(r"[^\W\d]\w*", f"{f.fields['target']} {f.fields['expression']}") \
            if f.kind == "formula" else []
        unnamed = sorted({n for n in names if _UNNAMED.search(n)})
        if not unnamed:
            kept.append(f)
            continue
        notes.append(Diagnostic(
            code="UNEXTRACTED", severity="warning", address=f.address, span=f.span,
            location=doc.location(f.span.start),
            message=f"a formula whose symbols {', '.join(unnamed)} no legend names: "
                    f"{f.fields.get('target')} = {f.fields.get('expression')}"))
    return kept, notes


def unread(node: Node, owner: Node, doc: Document) -> Diagnostic:
    """A printed formula that did not parse."""
    return Diagnostic(code="UNEXTRACTED", severity="warning", address=owner.address,
                      span=Span(start=node.head.start, end=node.head.end),
                      location=doc.location(node.head.start),
                      message="a formula that the formula grammar cannot read")


_ROUND_DEFAULT = re.compile(r"round\(score, (\d+)\)")
_UPPER_SYMBOL = re.compile(r"(?<![\w-])([^\W\d_]{1,3})(?![\w-])")
_TARGET_SYMBOL = re.compile(r"^\s*(?:\(\s*)?([^\W\d_]{1,4})\s*=")


def rounded_subjects(facts: list[Fact], doc: Document) -> list[Fact]:
    """What a rounding rule that names no score of grammar/scales.yaml `rounded` rounds, read
    from the document's formulas: a symbol it names ("Значение Д определяется с точностью до
    двух знаков после запятой", "П мәні үтірден кейінгі екі таңбаға дейінгі дәлдікпен …") is
    the variable the legend names it (`kpi_percent`), a subject it opens with the target of a
    formula whose legend names its symbol so ("Итоговая оценка округляется до сотых", the
    legend "И – итоговая оценка служащего" of И = 0,7 × К + 0,3 × Б: `annual_score`), when
    the value is one grammar/scales.yaml `rounded` names (docs/facts.md, Rounding)."""
    if not any(f.kind == "formula" and _ROUND_DEFAULT.fullmatch(f.fields.get("expression", ""))
               for f in facts):
        return facts
    out = []
    for fact in facts:
        found = _ROUND_DEFAULT.fullmatch(fact.fields.get("expression", "")) \
            if fact.kind == "formula" else None
        pair = found and _rounded_pair(fact, facts, doc)
        if pair:  # "Итоговый квартальный балл и годовая оценка округляются до сотых …"
            out += [fact.model_copy(update={"fields": {
                **fact.fields, "expression": f"round({name}, {found[1]})",
                "variables": {fact.fields["target"]: "the value after the stated rounding",
                              name: "the value the rule rounds"}}}) for name in pair]
            continue
        name = found and _rounded_name(fact, facts, doc)
        rounded = next((e for e in scale_words()["rounded"] if e["name"] == name), None)
        computed = found and not rounded and (_computed_before(fact, facts, doc)
                                              or _computed_alongside(fact, facts))
        if computed:  # "… равна среднему … Полученное значение округляется до сотых"
            rounded = next((e for e in scale_words()["rounded"] if e["name"] == computed),
                           {**scale_words()["default_rounded"], "name": computed})
            name = computed
        if rounded:  # only a value the conventions round by name; else the graded `score`
            target = rounded["target"]
            fact = fact.model_copy(update={"fields": {
                **fact.fields, "target": target, "expression": f"round({name}, {found[1]})",
                "variables": {target: "the value after the stated rounding",
                              name: "the value the rule rounds"}}})
        out.append(fact)
    return out


def _computed_before(fact: Fact, facts: list[Fact], doc: Document) -> str | None:
    """The value a rounding sentence names as the one just obtained ("Полученное значение
    округляется до сотых", "Есептелген мән жүздік үлеске дейін дөңгелектенеді": concept
    `obtained`) rounds: the target of the formula the same clause states before it, else the
    clause right before it ("Есептелген тоқсандық баға …" after the clause computing it)."""
    words = [t for t in nlp.tokens(doc.text[fact.span.start:fact.span.end], fact.lang)
             if t.text[:1].isalpha()][:3]
    if not words or not concept_pattern("<obtained>", fact.lang).match(
            profile(fact.lang).keys(words)):
        return None
    for place in (fact.address, _clause_before(fact.address)):
        before = [f for f in facts if f.kind == "formula" and place is not None
                  and (f.address == place or f.address.startswith(place + "/"))
                  and f.span.end <= fact.span.start
                  and not f.fields.get("expression", "").startswith("round(")]
        if before:
            return max(before, key=lambda f: f.span.end).fields.get("target")
    return None


_CLAUSE_NUMBER = re.compile(r"^(.*/)?p(\d+)$")


def _clause_before(address: str) -> str | None:
    """The address of the clause numbered one less under the same parent ("app1/ch2/p14" ->
    "app1/ch2/p13"), None for a first clause or a place that is no clause."""
    m = _CLAUSE_NUMBER.match(address)
    if m is None or int(m[2]) < 2:
        return None
    return f"{m[1] or ''}p{int(m[2]) - 1}"


def _computed_alongside(fact: Fact, facts: list[Fact]) -> str | None:
    """The value a rounding said in the words that compute it rounds ("Годовой балл (среднее
    арифметическое баллов оцененных кварталов, округленное до сотых)", "Тоқсандық баға
    (балдардың қосындысы міндеттер санына бөлінеді, жүздік үлеске дейін дөңгелектенеді)"):
    the target of the one formula of the same place whose span overlaps the rounding's."""
    along = {f.fields.get("target") for f in facts if f.kind == "formula"
             and f.address == fact.address and f.span.start < fact.span.end
             and fact.span.start < f.span.end
             and not f.fields.get("expression", "").startswith("round(")}
    return along.pop() if len(along) == 1 else None


def _rounded_pair(fact: Fact, facts: list[Fact], doc: Document) -> list[str]:
    """The two values a rounding sentence opens with, joined by a conjunction, when each is
    the target of a formula whose legend names it so ("Итоговый квартальный балл и годовая
    оценка округляются …", "Тоқсандық қорытынды балл мен жылдық баға … дөңгелектенеді", the
    legends "ИБ – итоговый квартальный балл", "ГО – годовая оценка"); else none (one value
    qualified twice, "Тоқсандық және жылдық орташа балл", rounds the graded score)."""
    words = [t for t in nlp.tokens(doc.text[fact.span.start:fact.span.end], fact.lang)
             if t.text[:1].isalpha()]
    joint = next((i for i, t in enumerate(words[:6])
                  if t.text.lower() in profile(fact.lang).conjunctions), None)
    if joint is None:
        return []
    names = [_subject_target(words[:joint][:2], facts, doc, fact.lang),
             _subject_target(words[joint + 1:joint + 3], facts, doc, fact.lang)]
    # a quarter's mean and the year's score are the graded `score` the default rounds
    # ("Квартальная оценка и годовая оценка исчисляются с точностью до сотых")
    return names if all(names) and names[0] != names[1] and "average_score" not in names else []



def legend_target(text: str, facts: list[Fact], doc: Document, lang: str,
                  among: set[str], meanings: dict[str, str] | None = None) -> str | None:
    """The target among `among` of a formula whose legend names its symbol with two
    neighbouring words of `text` ("В зависимости от итоговой оценки …", "Қорытынды бағаға
    қарай …" and the legend "И – итоговая оценка служащего", "ҚБ – қызметшінің қорытынды
    бағасы" of И = 0,7 × К + 0,3 × Б: `annual_score`), if any."""
    if meanings is None:  # the document's legends (`legends`), read once by a caller
        meanings = legends(doc, lang)
    named = []  # (the legend's words of a target's symbol, the target) among `among`
    for other in facts:
        symbol = _TARGET_SYMBOL.match(other.quote) if other.kind == "formula" else None
        meaning = symbol and meanings.get(symbol_key(symbol[1]))
        if meaning and other.fields.get("target") in among \
                and not _ROUND_DEFAULT.fullmatch(other.fields.get("expression", "")):
            named.append((f" {meaning} ", other.fields["target"]))
    if not named:
        return None
    words = [t for t in nlp.tokens(text, lang) if t.text.isalpha()]
    for pair in zip(words, words[1:]):
        subject = f" {profile(lang).keys(list(pair))} "
        target = next((t for meaning, t in named if subject in meaning), None)
        if target is not None:
            return target
    return None


def _subject_target(words, facts: list[Fact], doc: Document, lang: str) -> str | None:
    """The target of the formula whose legend names its symbol with these words, if any."""
    if len(words) < 2:
        return None
    subject = profile(lang).keys(words)
    meanings = legends(doc, lang)
    for symbol, other in _computing(facts):
        meaning = meanings.get(symbol)
        if meaning and f" {subject} " in f" {meaning} ":
            return other.fields["target"]
    return None


def _computing(facts: list[Fact]) -> list[tuple[str, Fact]]:
    """(symbol key, formula) for each formula whose quote opens with the symbol it computes
    ("Д = Ф / П × 100"), a rounding rule of the graded score left out."""
    out = []
    for other in facts:
        symbol = _TARGET_SYMBOL.match(other.quote) if other.kind == "formula" else None
        if symbol and not _ROUND_DEFAULT.fullmatch(other.fields.get("expression", "")):
            out.append((symbol_key(symbol[1]), other))
    return out


def _rounded_name(fact: Fact, facts: list[Fact], doc: Document) -> str | None:
    """The variable a rounding sentence names by a symbol or by its legend's words."""
    text = doc.text[fact.span.start:fact.span.end]
    names = _document_names(doc, fact.lang)
    # else a symbol a formula of the document computes, one way only ("Д = Ф / П × 100" …
    # "Значение Д округляется …"), when no legend line names it
    computes: dict[str, set[str]] = {}
    for symbol, other in _computing(facts):
        computes.setdefault(symbol, set()).add(other.fields["target"])
    for symbol in filter(str.isupper, _UPPER_SYMBOL.findall(text)):
        key = symbol_key(symbol)
        if key in names:
            return names[key]
        if len(computes.get(key, ())) == 1:
            return next(iter(computes[key]))
    words = [t for t in nlp.tokens(text, fact.lang) if t.text[:1].isalpha()][:2]
    return _subject_target(words, facts, doc, fact.lang)


def legends(doc: Document, lang: str) -> dict[str, str]:
    """symbol key -> the keys of the meaning the document's legend lines give it (the first)."""
    out: dict[str, str] = {}
    for node in doc.nodes():
        if node.head is None:
            continue
        for text, _ in _lines(doc.text, node.head.start, node.head.end):
            match = _LEGEND_LINE.match(text.strip())
            if match and "=" not in match[1] and len(_legend_key(match[1])) <= 6:
                out.setdefault(_legend_key(match[1], match[2]), _meaning_words(match[2], lang))
    return out
