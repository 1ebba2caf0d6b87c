"""Numbers that name something rather than count it.

"№ 4871-12", "статьи 33", "по параметрам 1–4", "33-бабының", "1–4 параметрлері": a number
after the number sign, the label opening a clause quoted in full ("«16-1. …"), or next to a
noun that designates a part of a text (the
`designators` table of grammar/facts_meaning.yaml: article, clause, parameter, appendix …)
is a name, never a threshold, a range or a score (unless a unit it counts follows it: "по
параметру 5 баллов"). Russian names the part before its number
("пункта 5"), Kazakh after it or as the number's own ending ("5-тармақ"): the language
profile's `designator_side`.
"""

from __future__ import annotations

from ..model import Document, Node
from .lexicon import find
from .profiles import profile
from .wordclass import word_class

NUMBER_SIGNS = {"№", "N", "No", "No."}
_JOINERS = {"-", "–", "—", ",", "и", "және"}


def designated(tokens, lang: str) -> set[int]:
    """Indexes of the number tokens of a sentence that name something."""
    out: set[int] = set()
    side = profile(lang).designator_side
    for i, token in enumerate(tokens):
        if not token.is_number:
            continue
        run = _run(tokens, i, lang)
        if any(_named_by_suffix(tokens[k], lang) for k in run):
            out.update(run)  # "12-1-тармақпен": the number joined to its designator too
            continue
        before = tokens[i - 1] if i > 0 else None
        after = tokens[run[-1] + 1] if run[-1] + 1 < len(tokens) else None
        if (before is not None and before.text in NUMBER_SIGNS) or (_designator(
                before if side == "before" else after, lang) and not _counts(after, lang)) \
                or _label(tokens, i, after):
            out.update(run)
    return out


def _counts(after, lang: str) -> bool:
    """Whether the word after a number is a unit it counts ("по параметру 5 баллов": five
    points given on a parameter, not parameter 5)."""
    return after is not None and word_class(after, lang) in UNITS


UNITS = {"POINT", "PERCENT"}


def _label(tokens, i: int, after) -> bool:
    """"16-1. …", "«3) …": a number opening a sentence or a quotation and followed by a full
    stop or a bracket is the label of a clause quoted in full (an amendment's new text), not a
    quantity."""
    return (after is not None and after.text in LABEL_ENDS
            and (i == 0 or tokens[i - 1].text in QUOTES))


LABEL_ENDS = {".", ")"}
QUOTES = {"«", "\"", "“", "„", "'"}


def _run(tokens, i: int, lang: str) -> list[int]:
    """A number and the numbers joined to it by a dash or "and" ("1–4", "2 и 3"); a number
    with a case ending of its own that names nothing ("1-қосымша, 0-ден 30 балға дейін": a
    range's start) is no number of the list."""
    run, k = [i], i
    while k + 2 < len(tokens) and tokens[k + 1].text in _JOINERS and tokens[k + 2].is_number \
            and not _case_ending(tokens[k + 2], lang):
        k += 2
        run.append(k)
    return run


def _case_ending(token, lang: str) -> bool:
    """"0-ден", "5-ке": a number with an ending of its own that is no designator."""
    head, dash, tail = token.text.partition("-")
    return bool(dash and tail.isalpha()) and not _named_by_suffix(token, lang)


def _designator(token, lang: str) -> bool:
    """Whether a token is a noun that designates a part of a text."""
    return (token is not None and not token.is_number
            and find("designators", lang, profile(lang).token_key(token)) is not None)


def _named_by_suffix(token, lang: str) -> bool:
    """"33-бабының", "2-тармағы": a number whose own ending is a designator."""
    head, dash, tail = token.text.partition("-")
    return bool(dash and tail.isalpha()
                and find("designators", lang, profile(lang).word_key(tail.lower())) is not None)


def subpoints(tokens, lang: str) -> list[tuple[int, str, str]]:
    """The sub-points of another clause a sentence refers to ("в подпункте 1) пункта 8, …
    в подпункте 2) – …", "8-тармақтың 1) тармақшасында"): (the offset of the reference, the
    clause's number, the sub-point's number), the clause named once in the sentence standing
    for every sub-point after it."""
    clauses = [(tokens[i].start, _number(tokens[i])) for i in range(len(tokens))
               if tokens[i].is_number and _names(tokens, i, lang) == "clause"]
    out = []
    for i, token in enumerate(tokens):
        if token.is_number and _names(tokens, i, lang) == "subpoint" and clauses:
            near = min(clauses, key=lambda c: abs(c[0] - token.start))
            out.append((token.start, near[1], _number(token)))
    return out


def _names(tokens, i: int, lang: str) -> str | None:
    """The part of a text a number token designates (`designators` key), if it does: by its
    own ending ("8-тармағының"), else by the noun on the language's side, past a bracket
    ("подпункте 1)", "1) тармақшасында")."""
    head, dash, tail = tokens[i].text.partition("-")
    if dash and tail.isalpha():
        found = find("designators", lang, profile(lang).word_key(tail.lower()))
        return found.key if found else None
    step = -1 if profile(lang).designator_side == "before" else 1
    k = i + step
    while 0 <= k < len(tokens) and tokens[k].text in (")", "."):
        k += step
    if not 0 <= k < len(tokens) or tokens[k].is_number:
        return None
    found = find("designators", lang, profile(lang).token_key(tokens[k]))
    return found.key if found else None


def _number(token) -> str:
    """A designating number as a node numbers it ("8-тармағының" -> "8")."""
    return token.text.partition("-")[0]


def subpoint(doc: Document, clause: str, number: str, near: int) -> Node | None:
    """Sub-point `number` of clause `clause`: of the clause so numbered nearest before
    offset `near` (the same appendix), else the first after it."""
    found = [node for root in doc.roots for node in root.walk()
             if node.kind == "clause" and node.number == clause]
    if not found:
        return None
    before = [n for n in found if n.span.start <= near]
    owner = before[-1] if before else found[0]
    return next((c for c in owner.children if c.kind == "subpoint" and c.number == number),
                None)
