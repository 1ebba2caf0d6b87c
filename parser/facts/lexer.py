"""Tokens of a sentence -> terminals of the fact grammars.

Each token becomes a number (NUM, ORD), one of the word classes of
grammar/facts_words.yaml, or OTHER; Kazakh case endings after a number or a counted word
become terminals of their own (ABL, DAT, POSS). Punctuation other than a dash or a
semicolon is dropped: it separates nothing the grammars need.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .designators import designated
from .wordclass import word_class
from .nlp import Token
from .numbers import exact


# Kazakh endings after a number ("4-тен", "5-ке", "4-і") or a counted word ("айдан").
_KK_CASE = (
    ("ABL", re.compile(r"(?:-?\s*)?(?:\w*?)(дан|ден|тан|тен|нан|нен)$")),
    ("DAT", re.compile(r"(?:-?\s*)?(?:\w*?)(ға|ге|қа|ке|на|не|а|е)$")),
    ("POSS", re.compile(r"(?:-?\s*)?(і|ы|сі|сы)$")),
)
_ENDING_ONLY = re.compile(r"^-?(дан|ден|тан|тен|нан|нен|ға|ге|қа|ке|і|ы|сі|сы|ти|ми|х|го|му)$")
_COUNTED = {"WORK", "CAL", "DAY", "WEEK", "MONTH", "YEAR", "QUARTER", "POINT", "PERSON",
            "PERCENT", "MONTHNAME"}
_PUNCT = re.compile(r"^\W+$")
# a share written in digits: "2/3" (a numerator below a one-digit denominator)
_SHARE = re.compile(r"([1-8])/([2-9])")


@dataclass(frozen=True, slots=True)
class Terminal:
    """One terminal for the grammar: its type, the token it came from, its number; a
    borrowed one is a copy of a comparison stated elsewhere (leadins.py)."""

    type: str
    token: Token
    value: Decimal | Fraction | None = None
    borrowed: bool = False


def kk_case(word: str) -> str | None:
    """ABL, DAT or POSS for a Kazakh ending, None for any other."""
    for name, pattern in _KK_CASE:
        if pattern.search(word):
            return name
    return None


def terminals(tokens: list[Token] | tuple[Token, ...], lang: str) -> list[Terminal]:
    """The terminal sequence of a sentence."""
    names = designated(tokens, lang)
    out: list[Terminal] = []
    for k, tok in enumerate(tokens):
        if k in names:
            out.append(Terminal("OTHER", tok))  # "№ 5", "пункта 3": a name, not a quantity
            continue
        share = _share(tok)
        if share is not None:  # "2/3 (двух третей)": a share in digits
            out.append(Terminal("NUM", tok, share))
            continue
        if tok.is_number:
            last = _last_number(out)
            if (last is not None and last.value == tok.value
                    and last.token.text[:1].isdigit() != tok.text[:1].isdigit()):
                continue  # "5 (пяти)", "он екінші (12)", "0-ден (нөлден)": a number written
                # twice, in digits and in words (the case ending once, on the first)
            out.append(Terminal("ORD" if tok.ordinal else "NUM", tok, tok.value))
            if lang == "kk" and tok.suffix:
                case = kk_case(tok.suffix)
                if case:
                    out.append(Terminal(case, tok))
            continue
        glued = _GLUED_DIGITS.fullmatch(tok.text)
        if glued and out and out[-1].type in ("NUM", "ORD") and out[-1].value == int(glued[1]):
            continue  # "сегіз (8)": the digits kept whole with their bracket ("8)", an emoticon
            # of the tokenizer's exception table) repeat the number
        if (lang == "kk" and len(out) > 1 and out[-1].type == "DASH"
                and out[-2].type in ("NUM", "ORD") and _ENDING_ONLY.match(tok.lower)):
            out.pop()  # "80 - нен": the dash only joins an ending to its number
        if out and out[-1].type in ("NUM", "ORD") and _ENDING_ONLY.match(tok.lower):
            case = kk_case(tok.lower.lstrip("-")) if lang == "kk" else None
            if case:  # "80 - нен": an ending written apart from its number
                out.append(Terminal(case, tok))
            continue
        cls = word_class(tok, lang)
        if cls == "OTHER" and _PUNCT.match(tok.text):
            continue
        if lang == "kk" and cls in _NO_UNIT and _compared_count(out, tokens, k, lang):
            if out[-1].type == "OTHER":
                out.pop()  # "үш мақсатты көрсеткіштен": the noun's one qualifying word
            out.append(Terminal("ABL", tok))  # "бес НЫИ-ден аспайтын": the counted noun
            continue  # bears the case of the comparison, as a unit would ("бес адамнан")
        out.append(Terminal(cls, tok))
        if lang == "kk" and cls in _COUNTED:
            case = kk_case(tok.lower)
            if case == "ABL" or (case == "DAT" and cls in ("POINT", "PERCENT")):
                out.append(Terminal(case, tok))
    return out


def _compared_count(out: list[Terminal], tokens, k: int, lang: str) -> bool:
    """Whether a Kazakh word no class knows is the noun a number counts, in the ablative of
    a comparison that follows it ("бес НЫИ-ден аспайтын", "үш іс-шарадан кем емес": at most
    five KPIs, no fewer than three measures): right after a bare number (or after one word
    qualifying it, "үш мақсатты көрсеткіштен"), right before a word of comparison
    (`_COMPARING`)."""
    at = len(out) - 1 - (len(out) > 1 and out[-1].type == "OTHER"
                         and out[-1].token is tokens[k - 1])
    return (at >= 0 and out[at].type == "NUM" and k + 1 < len(tokens)
            and kk_case(tokens[k].lower) == "ABL"
            and word_class(tokens[k + 1], lang) in _COMPARING)


_COMPARING = frozenset({"NOTEXCEED", "LESS", "MORE", "SHORT"})
# the words a number may count that are no unit of the grammars: any word no class knows, and
# the quarter ("екі тоқсаннан кем бағаланған": evaluated in fewer than two quarters)
_NO_UNIT = frozenset({"OTHER", "QUARTER"})


def _last_number(out: list[Terminal]) -> Terminal | None:
    """The number terminal that ends `out`, past the case ending split off it ("0-ден" is NUM
    ABL); None if `out` ends otherwise."""
    k = len(out) - 1
    while k > 0 and out[k].type in _CASES and out[k].token is out[k - 1].token:
        k -= 1
    return out[k] if k >= 0 and out[k].type in ("NUM", "ORD") else None


_CASES = frozenset({"ABL", "DAT", "POSS"})


_GLUED_DIGITS = re.compile(r"(\d{1,3})\)")


def _share(token: Token) -> Decimal | Fraction | None:
    """The value of a share written in digits ("2/3"), a proper fraction; None otherwise."""
    found = _SHARE.fullmatch(token.text)
    if found is None or int(found[1]) >= int(found[2]):
        return None
    return exact(Fraction(int(found[1]), int(found[2])))
