"""Latin-script Kazakh -> Cyrillic by the table of grammar/kazakh_latin.yaml: each Latin
letter or digraph gives one Cyrillic letter, mapped to the source offset where it was spelt."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .resources import GRAMMAR, load_table
from .textmap import MappedText, splice

# Latin letters drawn like Cyrillic ones (upper-case Cyrillic І is Latin I; the Kazakh һ and Ә
# are Latin h and Ə): an OCR or a typist mixes them into Cyrillic words
TO_CYRILLIC = str.maketrans("ABCEHIKMOPTXYaceiopxyhƏə", "АВСЕНІКМОРТХУасеіорхуһӘә")

TABLE = GRAMMAR / "kazakh_latin.yaml"
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@lru_cache(maxsize=1)
def table() -> dict:
    """The transliteration table as loaded."""
    return load_table(TABLE)


def is_latin(ch: str) -> bool:
    """A letter of a Latin alphabet (with or without diacritics)."""
    return ch.isalpha() and ("a" <= ch.lower() <= "z" or "\u00c0" <= ch <= "\u024f")


def is_cyrillic(ch: str) -> bool:
    """A Cyrillic letter."""
    return bool(_CYRILLIC.match(ch))


@lru_cache(maxsize=1)
def apostrophes() -> str:
    """The characters that write the apostrophe of the 2017 alphabet."""
    return table()["apostrophes"]


@dataclass(frozen=True)
class Alphabet:
    """One official Latin alphabet: every cased spelling -> its Cyrillic letter."""

    name: str
    marks: str
    spellings: dict[str, str]
    pattern: re.Pattern
    upper_glide: str = ""  # an upper-case spelling that is also the glide after a vowel

    def read(self, spelt: str) -> str:
        """The Cyrillic letter of one matched spelling."""
        return self.spellings[spelt]


def _spellings(letters: dict, upper: dict) -> dict[str, str]:
    """lower, Capitalised and UPPER spellings of every key; the first key keeps a shared one."""
    out: dict[str, str] = {}

    def up(s: str) -> str:
        return "".join(upper.get(c, c.upper()) for c in s)

    for key, cyr in letters.items():
        for quote in apostrophes() if "'" in key else "'":
            spelt = key.replace("'", quote)
            for cased, letter in ((spelt, cyr), (up(spelt[0]) + spelt[1:], cyr.upper()),
                                  (up(spelt), cyr.upper())):
                out.setdefault(cased, letter)
                out.setdefault(unicodedata.normalize("NFD", cased), letter)  # ä as a + ◌̈
    return out


def _pattern(spellings: dict[str, str]) -> re.Pattern:
    """One alternation of every spelling, longest first."""
    return re.compile("|".join(re.escape(s) for s in sorted(spellings, key=len, reverse=True)))


@lru_cache(maxsize=1)
def alphabets() -> tuple[Alphabet, ...]:
    """The alphabets of the table, default first."""
    found = []
    for v in table()["variants"]:
        spellings = _spellings(v["letters"], v.get("upper") or {})
        found.append((not v.get("default"), Alphabet(v["name"], v["marks"], spellings,
                                                     _pattern(spellings),
                                                     v.get("upper_glide", ""))))
    return tuple(a for _, a in sorted(found, key=lambda x: x[0]))


def choose(text: str) -> Alphabet:
    """The alphabet whose own marks the text uses most (the default when none)."""
    norm = re.sub(f"[{re.escape(apostrophes())}]", "'", unicodedata.normalize("NFC", text))
    counts = Counter(norm)
    scores = [sum(counts[c] for c in set(a.marks)) for a in alphabets()]
    best = max(range(len(scores)), key=lambda i: (scores[i], -i))
    return alphabets()[best]


@lru_cache(maxsize=1)
def keep_pattern() -> re.Pattern:
    """Tokens that stay Latin: codes, Roman numerals after a number, addresses, abbreviations."""
    keep = table()["keep"]
    words = "|".join(re.escape(w) for w in keep["abbreviations"])
    return re.compile("|".join([*keep["patterns"], rf"(?<!\w)(?:{words})(?!\w)"]))


def _word_pattern() -> re.Pattern:
    """Letter-spaced text (`k e l m e i t ı n`: one word), or a run of letters with
    apostrophes inside or at the end of it."""
    quote = f"[{re.escape(apostrophes())}]"
    letter = r"[^\W\d_][\u0300-\u036f]*"  # with the combining marks of decomposed text
    return re.compile(rf"(?<!\S){letter}{quote}?(?: {letter}{quote}?)+(?!\S)"
                      rf"|{letter}(?:{letter}|{quote})*")


def _last_letter(chars: list[str]) -> str:
    """The last letter read (spaces of letter-spaced text skipped), lower case; "" if none."""
    return next((c.lower() for c in reversed(chars) if c.isalpha()), "")


def _glides(chars: list[str], offs: list[int], glides: set[int]) -> tuple[str, list[int]]:
    """и written for a glide -> и, й, or with the vowel after it я/ю/ё (table `glide`)."""
    rule = table()["glide"]
    vowels, merge = rule["vowels"], rule["merge"]
    out: list[str] = []
    out_offs: list[int] = []
    i = 0
    while i < len(chars):
        c, at = chars[i], offs[i]
        if i in glides:
            before = _last_letter(out)
            after_vowel = before != "" and before in vowels
            nxt = chars[i + 1].lower() if i + 1 < len(chars) else ""
            if (after_vowel or not before) and nxt in merge:
                c = merge[nxt].upper() if c.isupper() else merge[nxt]
                i += 1
            elif after_vowel:
                c = rule["after_vowel"].upper() if c.isupper() else rule["after_vowel"]
        out.append(c)
        out_offs.append(at)
        i += 1
    return "".join(out), out_offs


def word(alphabet: Alphabet, text: str, offsets: tuple[int, ...]) -> MappedText | None:
    """One Latin word -> Cyrillic; None when it has a letter the alphabet does not know."""
    glide = table()["glide"]["letter"]
    chars: list[str] = []
    offs: list[int] = []
    glides: set[int] = set()
    pos = 0
    while pos < len(text):
        m = alphabet.pattern.match(text, pos)
        if m:
            cyr = alphabet.read(m.group())
            if m.group() == alphabet.upper_glide and _after_strong_vowel(chars):
                cyr = glide.upper()
            if cyr.lower() == glide:
                glides.add(len(chars))
            chars.append(cyr)
            pos_next = m.end()
        elif is_latin(text[pos]):
            return None
        else:
            chars.append(text[pos])
            pos_next = pos + 1
        offs.append(offsets[pos])
        pos = pos_next
    out, out_offs = _glides(chars, offs, glides)
    return _respell(MappedText(out, tuple(out_offs)))


def _after_strong_vowel(chars: list[str]) -> bool:
    """The letter read last is a vowel that does not glide itself."""
    return bool(chars) and chars[-1].lower() in table()["glide"]["strong_vowels"]


def _replace(mt: MappedText, start: int, end: int, new: str) -> MappedText:
    """`mt[start:end]` -> `new`: letters the two share at either end keep their offsets; a
    changed letter takes the offset of the one it replaces (an added one, of the one before)."""
    old_text, old = mt.text[start:end].lower(), mt.offsets[start:end]
    low = new.lower()
    p = 0
    while p < min(len(low), len(old_text)) and low[p] == old_text[p]:
        p += 1
    s = 0
    while (s < min(len(low), len(old_text)) - p
           and low[len(low) - 1 - s] == old_text[len(old_text) - 1 - s]):
        s += 1
    middle = len(new) - p - s
    inner = old[p:len(old) - s] or old[max(p - 1, 0):max(p, 1)]
    offs = old[:p] + tuple(inner[min(k, len(inner) - 1)] for k in range(middle)) + \
        old[len(old) - s:]
    return MappedText(mt.text[:start] + new + mt.text[end:],
                      mt.offsets[:start] + offs + mt.offsets[end:])


def _cased(new: str, old: str) -> str:
    """`new` in the case of `old` (UPPER, Capitalised or lower)."""
    if old.isupper() and len(old) > 1:
        return new.upper()
    return new[:1].upper() + new[1:] if old[:1].isupper() else new


@lru_cache(maxsize=1)
def _respellings() -> tuple[dict[str, str], re.Pattern, re.Pattern]:
    """The `respell` rules: whole words, and patterns of stems and of sequences."""
    rules = table()["respell"]

    def alt(keys) -> str:
        return "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))

    return (rules["words"], re.compile(f"^(?:{alt(rules['word_start'])})", re.I),
            re.compile(alt(rules["anywhere"]), re.I))


def _respell(mt: MappedText) -> MappedText:
    """Loanword letters the Latin spelling lost, restored by the table's `respell` rules."""
    rules = table()["respell"]
    words, stems, sequences = _respellings()
    written = words.get(mt.text.lower())
    if written:
        return _replace(mt, 0, len(mt.text), _cased(written, mt.text))
    m = stems.match(mt.text)
    if m:
        mt = _replace(mt, 0, m.end(), _cased(rules["word_start"][m.group().lower()], m.group()))
    m = sequences.search(mt.text)
    while m:
        new = _cased(rules["anywhere"][m.group().lower()], m.group())
        mt = _replace(mt, m.start(), m.end(), new)
        m = sequences.search(mt.text, m.start() + len(new))
    return mt


def transliterate(mt: MappedText, lines: list[tuple[int, int]], alphabet: Alphabet) -> MappedText:
    """Every Latin word of the given lines -> Cyrillic; kept tokens and unknown words stay."""
    words = _word_pattern()
    edits = []
    for start, end in lines:
        kept = [m.span() for m in keep_pattern().finditer(mt.text, start, end)]
        for m in words.finditer(mt.text, start, end):
            if not any(is_latin(c) for c in m.group()):
                continue
            if any(a < m.end() and m.start() < b for a, b in kept):
                continue
            new = word(alphabet, m.group(), mt.offsets[m.start():m.end()])
            if new is not None:
                edits.append((m.start(), m.end(), new))
    return splice(mt, edits)
