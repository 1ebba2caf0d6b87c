"""Number words and numerals of Kazakh and Russian: one word or numeral -> its value, and
runs of number words ("двадцать пять", "он бес", "үштен екісі") -> one number.

The words are data (grammar/numbers.yaml; Kazakh endings from grammar/kk_suffixes.yaml).
Values are `Decimal`; a share with no exact decimal ("үштен екісі", 2/3) is a `Fraction`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from .. import regexes
from ..resources import GRAMMAR, load_table
NUMERAL = re.compile(r"[+-]?(\d+(?:[.,]\d+)?)(?:-(\w+))?")

Value = Decimal | Fraction


@dataclass(frozen=True, slots=True)
class Word:
    """What the merger needs to know about one token: its number reading (or none)."""

    lower: str
    lemma: str
    value: Value | None = None
    ordinal: bool = False
    suffix: str = ""
    spelled: bool = False  # a number word (not digits): only these join into multiword numbers


@dataclass(frozen=True, slots=True)
class Run:
    """Words `first`..`last` (inclusive) read as one number."""

    first: int
    last: int
    value: Value
    ordinal: bool
    suffix: str


@lru_cache(maxsize=1)
def table() -> dict:
    """grammar/numbers.yaml as loaded."""
    return load_table(GRAMMAR / "numbers.yaml")


@lru_cache(maxsize=1)
def kk_endings() -> dict:
    """grammar/kk_suffixes.yaml as loaded."""
    return load_table(GRAMMAR / "kk_suffixes.yaml")


def exact(value: Fraction) -> Value:
    """A fraction as a Decimal when it has an exact decimal (1/2 -> 0.5), else unchanged."""
    den = value.denominator
    for prime in (2, 5):
        while den % prime == 0:
            den //= prime
    return Decimal(value.numerator) / Decimal(value.denominator) if den == 1 else value


def _number(text: str | int) -> Fraction:
    """A value of numbers.yaml ("2/3", 5) as a Fraction."""
    return Fraction(str(text))


# --- single words ---------------------------------------------------------------------

def word_value(word: str, lang: str) -> tuple[Value, bool, str] | None:
    """A lowercased word -> (value, ordinal, suffix) if it is a number word, else None.
    "пяти" -> (5, False, ""), "двадцатого" -> (20, True, ""), "бестен" -> (5, False, "тен"),
    "жиырмасыншы" -> (20, True, ""), "жартысы" -> (1/2, False, "сы")."""
    found = _ru_word(word) if lang == "ru" else _kk_word(word)
    if found is None:
        return None
    value, ordinal, suffix = found
    return exact(value), ordinal, suffix


class CachedMorph:
    """pymorphy3's analyzer with its `parse` memoized: decrees repeat their words, and
    an analysis costs ~100 µs."""

    def __init__(self) -> None:
        import pymorphy3  # lazy: its dictionaries take ~0.3 s to load

        self.analyzer = pymorphy3.MorphAnalyzer(lang="ru")
        self.parse = lru_cache(maxsize=50000)(self.analyzer.parse)


@lru_cache(maxsize=1)
def morph() -> CachedMorph:
    """The Russian analyzer, loaded once (also used by spaCy's lemmatizer, see nlp.py)."""
    return CachedMorph()


@lru_cache(maxsize=20000)
def ru_normal(word: str) -> str:
    """A Russian word's most likely normal form (lowercase, ё -> е)."""
    return morph().parse(word)[0].normal_form.replace("ё", "е")


@lru_cache(maxsize=20000)
def _ru_word(word: str) -> tuple[Fraction, bool, str] | None:
    """A Russian number word in any case: the first analysis whose normal form is listed."""
    ru = table()["ru"]
    if not word.isalpha() or word in ru["not_numbers"]:
        return None
    for parse in morph().parse(word):
        normal = parse.normal_form.replace("ё", "е")
        if normal in ru["cardinals"]:
            return _number(ru["cardinals"][normal]), False, ""
        if normal in ru["ordinals"]:
            return _number(ru["ordinals"][normal]), True, ""
        if normal in ru["fractions"]:
            return _number(ru["fractions"][normal]), False, ""
    return None


def ru_plural(word: str) -> bool:
    """Whether a Russian word's most likely reading is plural ("пятых", "десятых")."""
    return "plur" in morph().parse(word)[0].tag


@lru_cache(maxsize=1)
def _kk_pattern() -> re.Pattern:
    """base + ordinal ending + possessive + case, e.g. "он|ыншы", "бес||тен", "он|ы|ның"."""
    kk, endings = table()["kk"], kk_endings()["layers"]

    def alt(words) -> str:
        return "|".join(sorted(map(re.escape, words), key=len, reverse=True))

    bases = alt([*kk["cardinals"], *kk["fractions"]])
    possessive = alt(kk["share"]["numerator"])
    return regexes.compile(
        rf"(?P<base>{bases})(?P<ord>{alt(kk['ordinal'])})?"
        rf"(?P<suffix>(?:{possessive})?(?:{alt(endings['case'])})?)"
    )


@lru_cache(maxsize=20000)
def _kk_word(word: str) -> tuple[Fraction, bool, str] | None:
    """A Kazakh number word: a listed base with an optional ordinal and case endings."""
    kk = table()["kk"]
    if word in kk["not_numbers"]:
        return None
    match = _kk_pattern().fullmatch(word)
    if match is None:
        return None
    base = match["base"]
    value = kk["cardinals"].get(base, kk["fractions"].get(base))
    return _number(value), match["ord"] is not None, match["suffix"]


def numeral_value(text: str, lang: str) -> tuple[Value, bool, str] | None:
    """Digits with an optional hyphenated ending -> (value, ordinal, suffix):
    "3,99" -> (3.99, False, ""), "5-ти" -> (5, False, "ти"), "20-го" -> (20, True, "го"),
    "4-тен" -> (4, False, "тен"), "10-шы" -> (10, True, "шы"), "1-тарау" -> (1, True, "тарау")."""
    match = NUMERAL.fullmatch(text)
    if match is None:
        return None
    value = Decimal(match[1].replace(",", "."))
    ending = (match[2] or "").lower()
    return value, bool(ending) and _hyphen_ordinal(ending, lang), ending


def _hyphen_ordinal(ending: str, lang: str) -> bool:
    """Whether an ending after "N-" makes N an ordinal (see `hyphen` in numbers.yaml)."""
    hyphen = table()[lang]["hyphen"]
    if ending in hyphen.get("ordinal", ()):
        return True
    if ending in hyphen.get("cardinal", ()) or _kk_case_ending(ending, lang):
        return False
    return hyphen["other_is_ordinal"]


def _kk_case_ending(ending: str, lang: str) -> bool:
    """Whether `ending` is a possessive and/or case ending of Kazakh ("тен", "і", "сына")."""
    if lang != "kk":
        return False
    layers = kk_endings()["layers"]
    possessives = ("", *layers["possessive"])
    return any(ending == p + c for p in possessives for c in ("", *layers["case"]) if p + c)


# --- runs of words ----------------------------------------------------------------------

def merge(words: list[Word], lang: str, stems: list[str]) -> list[Run]:
    """The numbers among `words`: single number words and numerals, multiword numbers
    ("сто тридцать", "он бесінші") and shares ("үштен екісі", "две трети") as one Run each.
    An ambiguous word ("тоқсан") counts only inside a run or before a counted stem."""
    runs: list[Run] = []
    i = 0
    while i < len(words):
        run = _run_at(words, i, lang)
        if run is not None and (run.last > i or _unambiguous(words, i, lang, stems)):
            runs.append(run)
            i = run.last + 1
        else:
            i += 1
    return runs


def _unambiguous(words: list[Word], i: int, lang: str, stems: list[str]) -> bool:
    """A lone word reads as a number unless it is ambiguous and no counted stem follows."""
    counted = table()[lang]["ambiguous"].get(words[i].lemma)
    if counted is None:
        return True
    return (i + 1 < len(stems) and stems[i + 1] in counted) or _restates(words, i)


def _restates(words: list[Word], i: int) -> bool:
    """Whether word i writes out in words the number written in digits just before it, a
    bracket between ("90 (тоқсан)", "90-нан (тоқсаннан) төмен"): the same number."""
    k = i - 1
    while k >= 0 and not any(c.isalnum() for c in words[k].lower):
        k -= 1
    return (k >= 0 and k < i - 1 and not words[k].spelled and words[k].value is not None
            and words[k].value == words[i].value)


def _run_at(words: list[Word], i: int, lang: str) -> Run | None:
    """The longest number starting at word i, or None if word i is not a number."""
    head = words[i]
    if head.value is None:
        return None
    run = Run(i, i, head.value, head.ordinal, head.suffix)
    if not head.spelled:
        return run
    run = _compound(words, i) or run
    run = _share(words, run, lang) or run
    return _decimal(words, run, lang) or run


def _decimal(words: list[Word], run: Run, lang: str) -> Run | None:
    """A decimal in words: a whole number, the language's word for "whole", then its
    share: ru "ноль целых три десятых" (numerator, then the denominator as an ordinal),
    kk "нөл бүтін оннан үш" (the denominator in the ablative, then the numerator)."""
    point = run.last + 1
    if (point >= len(words) or run.ordinal or run.suffix
            or not isinstance(run.value, Decimal) or run.value % 1
            or not _is_point(words[point].lower, lang)):
        return None
    share = (_ru_tenths if lang == "ru" else _kk_tenths)(words, point + 1)
    if share is None:
        return None
    last, part, suffix = share
    return Run(run.first, last, run.value + part, False, suffix)


def _is_point(word: str, lang: str) -> bool:
    """Whether `word` is the language's "whole" of a decimal in words (numbers.yaml)."""
    points = table()[lang].get("decimal_point", ())
    if lang == "ru":
        return word.isalpha() and ru_normal(word) in points
    return any(word.startswith(stem) for stem in points)


def _whole(words: list[Word], i: int) -> Run | None:
    """The spelled whole number at word i (one word or a compound), if there is one."""
    if i >= len(words) or not words[i].spelled or not isinstance(words[i].value, Decimal) \
            or words[i].value % 1 or words[i].ordinal:
        return None
    return _compound(words, i) or Run(i, i, words[i].value, False, words[i].suffix)


def _power_of_ten(value: Value) -> bool:
    """10, 100, 1000: the denominators of a decimal's share."""
    return isinstance(value, Decimal) and value >= 10 and value == 10 ** (len(str(int(value))) - 1)


def _ru_tenths(words: list[Word], i: int) -> tuple[int, Decimal, str] | None:
    """"три десятых", "двадцать пять сотых", "одна десятая": numerator, ordinal denominator."""
    numerator = _whole(words, i)
    if numerator is None or numerator.last + 1 >= len(words):
        return None
    denominator = words[numerator.last + 1]
    if not (denominator.spelled and denominator.ordinal and _power_of_ten(denominator.value)
            and numerator.value < denominator.value):
        return None
    return numerator.last + 1, numerator.value / denominator.value, ""


def _kk_tenths(words: list[Word], i: int) -> tuple[int, Decimal, str] | None:
    """"оннан үш", "жүзден жиырма бес": an ablative denominator, then the numerator."""
    if i >= len(words):
        return None
    denominator = words[i]
    if not (denominator.spelled and not denominator.ordinal and _power_of_ten(denominator.value)
            and denominator.suffix in table()["kk"]["share"]["denominator"]):
        return None
    numerator = _whole(words, i + 1)
    if numerator is None or not numerator.value < denominator.value:
        return None
    return numerator.last, numerator.value / denominator.value, numerator.suffix


def _compound(words: list[Word], i: int) -> Run | None:
    """Spelled numbers in descending places: "двадцать пять", "екі жүз он бес", "мың"."""
    state = _Count()
    last = None
    for j in range(i, len(words)):
        word = words[j]
        if not word.spelled or not isinstance(word.value, Decimal) or word.value % 1:
            break
        if j > i and (words[j - 1].ordinal or words[j - 1].suffix):
            break
        if not state.take(int(word.value)):
            break
        last = j
    if last is None or last == i:
        return None
    end = words[last]
    return Run(i, last, Decimal(state.total + state.segment), end.ordinal, end.suffix)


class _Count:
    """A spelled number read left to right: units follow tens, tens follow hundreds;
    "жүз"/"сто" after a unit and "мың"/"тысяча" multiply what precedes them."""

    def __init__(self) -> None:
        self.total = 0
        self.segment = 0  # the part below the last thousand
        self.floor: int | None = None  # each next word must take a lower place
        self.big: int | None = None  # the last thousand-multiplier taken

    def take(self, value: int) -> bool:
        """Add one word's value; False (and no change) if it cannot follow the words read."""
        if value == 0:  # only alone: nothing adds to a zero
            return False
        if value >= 1000:
            if self.big is not None and value >= self.big:
                return False
            self.total += max(self.segment, 1) * value
            self.segment, self.floor, self.big = 0, value, value
            return True
        if value == 100 and 0 < self.segment < 10 and self.floor == 1:
            self.segment *= 100
            self.floor = 100
            return True
        place = 1 if value < 10 else 10 if value < 100 else 100
        if self.floor is not None and place >= self.floor:
            return False
        self.segment += value
        self.floor = 1 if 10 < value < 20 else place
        return True


def _share(words: list[Word], run: Run, lang: str) -> Run | None:
    """A share after a number: kk "үштен екісі" (ablative + possessive), ru "две трети",
    "три пятых" (cardinal + fraction noun or plural ordinal)."""
    nxt = run.last + 1
    if nxt >= len(words) or not words[nxt].spelled or words[nxt].value is None:
        return None
    after = words[nxt]
    if lang == "kk":
        if (not run.suffix and not run.ordinal and isinstance(run.value, Decimal)
                and any(after.lower.startswith(w) for w in table()["kk"].get("added", []))):
            value = Fraction(str(run.value)) + Fraction(str(after.value))  # "екі жарым"
            return Run(run.first, nxt, exact(value), False, after.suffix)
        share = table()["kk"]["share"]
        if run.suffix in share["denominator"] and run.value and any(
            after.suffix.startswith(p) for p in share["numerator"]
        ):
            value = Fraction(str(after.value)) / Fraction(str(run.value))
            return Run(run.first, nxt, exact(value), False, after.suffix)
        return None
    return _ru_share(run, after, nxt)


def _ru_share(run: Run, after: Word, nxt: int) -> Run | None:
    """Russian "две трети" (fraction noun) and "три пятых" (plural ordinal)."""
    if run.ordinal or not isinstance(run.value, Decimal):
        return None
    fraction = table()["ru"]["fractions"].get(ru_normal(after.lower))
    if fraction is not None and _number(fraction).numerator == 1:
        return Run(run.first, nxt, exact(Fraction(str(run.value)) * _number(fraction)), False, "")
    if after.ordinal and after.value and ru_plural(after.lower):
        return Run(run.first, nxt, exact(Fraction(str(run.value)) / Fraction(str(after.value))),
                   False, "")
    return None
