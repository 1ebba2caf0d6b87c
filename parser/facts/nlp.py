"""Text -> sentences of tokens, for the fact readers, in Kazakh and Russian.

One tokenizer (parser/facts/tokenizer.py, spaCy's rules without spaCy) cuts both languages
with the same patterns (kept whole: "1-тарау", "37-бабына", "4-тен", "5-ти", "20/2-VII",
"Е-R-1", "С-О-1", "3,99", "т.б."; split: "95-99,99" into "95", "-", "99,99"; "№13" into "№",
"13") and each language's exceptions (grammar/nlp.yaml). Russian lemmas come from pymorphy3
(a word's one normal form, as spaCy's pymorphy3 lemmatizer gives it without a tagger),
Kazakh lemmas from a suffix-stripping stemmer (grammar/kk_suffixes.yaml). Number words and
numerals carry their value (parser/facts/numbers.py); a multiword number is one token.
Sentences are split by rule (grammar/nlp.yaml): a period, "!" or "?" before a capital,
digit, quote or bracket, outside quotes and not after an abbreviation or an initial; and a
line break after ".", ";" or ":".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache, cache

from ..resources import load_table
from . import numbers
from .numbers import GRAMMAR, Word
from .tokenizer import Piece, Tokenizer

UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
LETTER = r"[^\W\d_]"

# Kept whole (tried on each piece left after peeling quotes, brackets and punctuation):
TOKEN_MATCH = re.compile(
    "|".join([
        rf"\d+(?:[.,]\d+)?-{LETTER}+",  # 4-тен, 5-ти, 20-го, 1-тарау, 37-бабына
        r"\d+(?:/\d+)*-[IVXLCDM]+",  # 20/2-VII, 21/4-VI
        rf"[{UPPER}](?:-[{UPPER}0-9]+)+",  # Е-1, Е-R-1, С-О-1
        r"\d{1,2}\.\d{1,2}\.\d{2,4}",  # 16.01.2018
        rf"(?:{LETTER}\.){{2,}}",  # т.б., т.с.с., А.Б.
    ])
)
PREFIX = re.compile(r"^(?:[«\"“„'(\[{№§]|[-–—](?!\d)|\.\.\.)")
SUFFIX = re.compile(r"(?:\.\.\.|[.,;:!?…»”\"')\]}%*])$")
INFIX = re.compile(
    "|".join([
        r"(?<=\d)[-–—](?=\d)",  # 95-99,99 (a range)
        r"[–—]",  # en and em dashes never join a word: "дейін—"қанағаттанарлық""
        r"(?<=\d)[\"»”](?=-)",  # "+1"-ден: a quoted number and its ending
        rf"(?<={LETTER})/(?=\w)|(?<=\w)/(?={LETTER})",  # және/немесе, 279/НҚ
        rf"(?<={LETTER}),(?=\w)|(?<=\d),(?={LETTER})",  # a comma without its space
        r"(?<=\w)[«»\"“”()](?=\w)",  # "Б"корпусы
        rf"(?<={LETTER}{{3}})\.(?=[{UPPER}])",  # жүргізіледі.Бұл
        r"…|\.\.+",
    ])
)
LINE_BREAKS = ("\n", "\u2028", "\u2029")
CLOSERS = ("»", "”", '"', ")", "]")
OPENERS = "«\"“„'([№"


@dataclass(frozen=True, slots=True)
class Token:
    """A word, numeral, sign or multiword number, with its offsets and reading."""

    text: str  # surface text as in the document
    start: int  # offsets into the text passed to analyze() (+ base)
    end: int
    lower: str
    lemma: str  # ru: pymorphy3 normal form; kk: stem; numbers: digits or number words
    value: Decimal | Fraction | None = None
    ordinal: bool = False
    suffix: str = ""  # kk: the ending after the stem or number ("тен" in "4-тен")
    is_number: bool = False


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence's span and tokens."""

    start: int
    end: int
    tokens: tuple[Token, ...]


def analyze(text: str, lang: str, base: int = 0) -> list[Sentence]:
    """Text (a clause's, any length) -> its sentences of tokens; offsets are base + index."""
    doc = tokenizer(lang)(text)
    sentences = []
    for pieces in _split(doc, lang):
        found = tuple(_tokens(pieces, text, lang, base))
        sentences.append(Sentence(found[0].start, found[-1].end, found))
    return sentences


def tokens(text: str, lang: str, base: int = 0) -> list[Token]:
    """Text -> its tokens (multiword numbers merged), without the sentence split."""
    return [token for sentence in analyze(text, lang, base) for token in sentence.tokens]


# --- the tokenizer --------------------------------------------------------------------

@cache
def tokenizer(lang: str) -> Tokenizer:
    """A language's tokenizer ("kk" or "ru"): the shared patterns, its exceptions and its
    abbreviations (each also capitalized), built once."""
    table = data()["exceptions"]
    kept = [*table["both"], *table.get(lang, [])]
    exceptions = {text: [text] for text in kept}
    exceptions |= {text: list(pieces) for text, pieces in table["split"].items()}
    for abbreviation in data()["abbreviations"][lang]:
        for form in {abbreviation, abbreviation[:1].upper() + abbreviation[1:]}:
            exceptions[form] = [form]
    return Tokenizer(PREFIX, SUFFIX, INFIX, TOKEN_MATCH, exceptions)


@lru_cache(maxsize=1)
def data() -> dict:
    """grammar/nlp.yaml as loaded."""
    return load_table(GRAMMAR / "nlp.yaml")


# --- Kazakh stems -----------------------------------------------------------------------

@lru_cache(maxsize=50000)
def kk_stem(word: str) -> str:
    """A lowercased Kazakh word -> its stem: one case, one possessive, one plural ending
    off the right ("күндерінен" -> "күн", "бағалаудың" -> "бағалау"); "нми-ға" -> "нми"."""
    rules = numbers.kk_endings()
    head, hyphen, tail = word.rpartition("-")
    if hyphen and head and tail and _strip(tail, rules, 0, 0) == "":
        return head
    if word in rules["not_inflected"] or not word.isalpha():
        return word
    stem = _strip(word, rules, rules["min_stem"], rules["min_stem_after_one_letter"])
    if stem != word and stem[-1] in rules["unvoice"] and word[len(stem)] in rules["vowels"]:
        return stem[:-1] + rules["unvoice"][stem[-1]]
    return stem


def _strip(word: str, rules: dict, min_stem: int, min_after_one: int) -> str:
    """Take one ending of each layer off the right, longest first, keeping a long enough
    stem with a vowel ("" if the whole word is endings and min_stem is 0)."""
    for layer in ("case", "possessive", "plural"):
        for ending in sorted(rules["layers"][layer], key=len, reverse=True):
            if _strippable(word, ending, rules, min_stem, min_after_one):
                word = word[: -len(ending)]
                break
    return word


def _strippable(word: str, ending: str, rules: dict, min_stem: int, min_after_one: int) -> bool:
    """Whether `ending` can come off `word` leaving a plausible stem."""
    if not word.endswith(ending):
        return False
    stem = word[: -len(ending)]
    if min_stem == 0:
        return True
    if len(stem) < (min_after_one if len(ending) == 1 else min_stem) \
            and stem not in rules["known_stems"]:
        return False
    if not any(ch in rules["vowels"] for ch in stem):
        return False
    if ending in rules["after_possessive"] and stem[-1] not in rules["after_possessive"][ending]:
        return False
    vowel_final = stem[-1] in rules["vowels"] and ending not in rules["consonant_like"].get(
        stem[-1], ())
    if ending in rules["after_consonant"] and vowel_final:
        return False
    if ending in rules["after_vowel"] and not vowel_final:
        return False
    if ending in rules["not_after_sonorant"] and stem[-1] in rules["sonorants"]:
        return False  # "коэффициен-ті": a т-ending follows no sonorant
    if any(word[:n] in rules["known_stems"] for n in range(len(stem) + 1, len(word) + 1)):
        return False
    return not any(word.endswith(keep) for keep in rules["keep_final"]) or len(ending) > 1


# --- sentences --------------------------------------------------------------------------

def _split(doc: list[Piece], lang: str) -> list[list[Piece]]:
    """Pieces -> sentences (lists of pieces that are not white space)."""
    rules = data()
    abbreviations = {a.lower() for a in rules["abbreviations"][lang]}
    sentences, current, depth = [], [], 0
    for k, token in enumerate(doc):
        if token.is_space:
            if any(br in token.text for br in LINE_BREAKS):
                depth = 0
                if current and current[-1].text[-1] in rules["line_end"]:
                    sentences.append(current)
                    current = []
            continue
        depth = _quote_depth(token.text, depth, rules["quotes"])
        current.append(token)
        if depth == 0 and _ends_here(doc, k, rules, abbreviations):
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences


def _quote_depth(text: str, depth: int, quotes: dict) -> int:
    """The quote nesting after a token."""
    if text in quotes["open"]:
        return depth + 1
    if text in quotes["close"]:
        return max(depth - 1, 0)
    if text in quotes["toggle"]:
        return 0 if depth else 1
    return depth


def _ends_here(doc, k: int, rules: dict, abbreviations: set[str]) -> bool:
    """Whether a sentence ends after token k: a terminator (or a quote or bracket right
    after one), then white space, then a capital, digit, quote or bracket."""
    token = doc[k]
    if token.text in rules["sentence_end"]:
        mark = k
    elif token.text in CLOSERS and k > 0 and doc[k - 1].text in rules["sentence_end"] \
            and not doc[k - 1].space:
        mark = k - 1
    else:
        return False
    if not token.space and not (k + 1 < len(doc) and doc[k + 1].is_space):
        return False
    nxt = next((doc[j] for j in range(k + 1, len(doc)) if not doc[j].is_space), None)
    if nxt is None or not (nxt.text[0].isupper() or nxt.text[0] in OPENERS
                           or nxt.text[0].isdigit()):
        return False
    return mark == 0 or not _abbreviation(doc[mark - 1].text, abbreviations)


def _abbreviation(text: str, abbreviations: set[str]) -> bool:
    """Whether a word before a period makes it an abbreviation's (or an initial's) period."""
    return (len(text) == 1 and text.isupper()) or text.lower() + "." in abbreviations


# --- tokens and numbers -----------------------------------------------------------------

def _tokens(pieces: list[Piece], text: str, lang: str, base: int) -> list[Token]:
    """One sentence's pieces -> Tokens, with runs of number words merged."""
    words = [_word(piece, lang) for piece in pieces]
    runs = {run.first: run for run in numbers.merge(words, lang, [w.lemma for w in words])}
    found, k = [], 0
    while k < len(pieces):
        run = runs.get(k)
        if run is None:
            found.append(_plain(pieces[k], _unread(words[k]), base, lang))
            k += 1
            continue
        start, end = pieces[run.first].idx, pieces[run.last].idx + len(pieces[run.last].text)
        surface = text[start:end]
        lemma = " ".join(w.lemma for w in words[run.first: run.last + 1])
        found.append(Token(surface, base + start, base + end, surface.lower(), lemma,
                           run.value, run.ordinal, run.suffix, True))
        k = run.last + 1
    return found


def _word(piece: Piece, lang: str) -> Word:
    """A piece's reading: lemma, and value if it is a numeral or a number word."""
    lower = piece.text.lower()
    if piece.text.lstrip("+-")[:1].isdigit():  # "+1", "-2": signed points
        found = numbers.numeral_value(piece.text, lang)
        if found is not None:
            digits = numbers.NUMERAL.fullmatch(piece.text)[1]
            return Word(lower, digits, *found, spelled=False)
    lemma = LEMMAS[lang](piece.text)
    found = numbers.word_value(lower, lang) if lower.isalpha() else None
    if found is None:
        return Word(lower, lemma)
    number_lemma = lower[: len(lower) - len(found[2])] if found[2] else lemma
    return Word(lower, number_lemma, *found, spelled=True)


@lru_cache(maxsize=50000)
def _ru_lemma(text: str) -> str:
    """A Russian word's lemma: the one normal form pymorphy3 gives the word as written (as
    spaCy's pymorphy3 lemmatizer gives it without a tagger), else its most likely normal form
    when it is all letters (and as written, lowercase), else the word lowercased."""
    forms = {parse.normal_form for parse in numbers.morph().parse(text)}
    lemma = next(iter(forms)) if len(forms) == 1 else text
    if lemma == text and text.isalpha():
        return numbers.ru_normal(text.lower())
    return lemma.lower()


@lru_cache(maxsize=50000)
def ru_attributive(text: str) -> bool:
    """Whether a Russian word is only ever a full participle or adjective ("направленные",
    "поступившую", "установленном"): it qualifies a noun, it is no sentence's predicate."""
    parses = numbers.morph().parse(text)
    return bool(parses) and any(p.tag.POS == "PRTF" for p in parses) and all(
        p.tag.POS in ("PRTF", "ADJF") for p in parses)


def ru_preposition(text: str) -> bool:
    """Whether a Russian word is a preposition ("в", "при", "для")."""
    parses = numbers.morph().parse(text)
    return bool(parses) and parses[0].tag.POS == "PREP"


def _kk_lemma(text: str) -> str:
    """A Kazakh word's lemma: its stem."""
    return kk_stem(text.lower()).lower()


LEMMAS = {"kk": _kk_lemma, "ru": _ru_lemma}  # a language's lemma of a piece's text


def _unread(word: Word) -> Word:
    """A word the merger did not read as a number ("тоқсан" as a quarter)."""
    return word if word.value is None else Word(word.lower, word.lemma)


def _plain(piece, word: Word, base: int, lang: str) -> Token:
    """A token that is not part of a multiword number."""
    suffix = word.suffix or (_kk_suffix(piece.text.lower(), word) if lang == "kk" else "")
    return Token(piece.text, base + piece.idx, base + piece.idx + len(piece.text), word.lower,
                 word.lemma, word.value, word.ordinal, suffix, word.value is not None)


def _kk_suffix(lower: str, word: Word) -> str:
    """The ending after a Kazakh stem ("ға" of "баллға" and "нми-ға", "ына" of "бабына"
    whose stem is "бап")."""
    size = len(word.lemma)
    if word.value is not None or size == 0 or lower[: size - 1] != word.lemma[:-1]:
        return ""
    return lower[size:].lstrip("-")
