"""What a threshold counts: the noun its amount counts, else the subject named near it.

A count names what it counts right after its amount in both languages ("не менее трех его
коллег", "не более 8 (восьми) респондентов", "кемінде екі қол астындағы қызметкері", "8
(сегіз) адамнан көп емес респондент"); two bounds joined by a conjunction share the noun
after the second ("не менее 5 и не более 8 респондентов", "кемінде 5, бірақ 8 адамнан көп
емес респондент"). A count of a body (`body: true` in the `subjects` table: its members, its
quorum) and a majority of its votes are named with the body (`bodies`): the one named nearest
the phrase in its sentence, else the first named in its clause, else in the clause before
("Калибровочная комиссия образуется … В ее состав входит нечетное число членов").
"""

from __future__ import annotations

from functools import cache

from . import lexicon
from .profiles import profile

# how many words after an amount are searched for what it counts ("трех его коллег", "двух
# КЦИ должны иметь количественное выражение"), up to a stop
COUNTED_WORDS = 6
# what ends the words an amount counts
_STOPS = {",", ";", ":", ".", "–", "—", "-"}


@cache
def _of_body() -> frozenset[str]:
    """The subjects counted of a body (`body: true`): members, quorum."""
    return frozenset(e.key for e in lexicon.entries()["subjects"] if e.extra.get("body"))


def counted_words(tokens, end: int, following: tuple[int, int] | None) -> list:
    """The first words after an amount ending at `end` (up to a stop), passing over a bound
    coordinated with it (the next phrase, `following`) when only a conjunction, commas and
    brackets stand between them."""
    stop = None
    if following is not None and coordinating(
            [t for t in tokens if end <= t.start and t.end <= following[0]]):
        end = following[1]
    elif following is not None:
        stop = following[0]  # the next bound counts its own noun
    out = []
    for token in tokens:
        if token.start < end or not token.text.strip():
            continue
        if stop is not None and token.start >= stop:
            break
        if token.text in _STOPS or len(out) == COUNTED_WORDS:
            break
        if token.text[:1].isalpha() and not token.is_number:  # "8 (восьми)": one number
            out.append(token)
    return out


def coordinating(between) -> bool:
    """Whether the tokens between two bounds only join them: one word at most, commas and
    brackets ("5 (пяти) и не более 8")."""
    words = [t for t in between if t.text[:1].isalpha() and not t.is_number]
    return len(words) <= 1 and not any(t.text in _STOPS - {","} for t in between)


def counted(tokens, lang: str, end: int, following: tuple[int, int] | None):
    """(key, unit) of the subject named first in the words right after an amount (table
    order breaking a tie: "двух КЦИ должны иметь количественное выражение" counts the
    measurable KPI), or None; a body's
    members are no count of their own there ("не менее двух третей от общего числа членов"
    is a quorum: the words near the phrase decide)."""
    words = counted_words(tokens, end, following)
    if not words:
        return None
    found = lexicon.nearest("subjects", lang, profile(lang).keys(words), at_end=False)
    if found is None or found.key in _of_body():
        return None
    return found.key, found.extra.get("unit")


def body(lang: str, before: str, after: str, clause: str, previous: str, chapter: str = "",
         defined: tuple[tuple[str, str], ...] = ()):
    """The `bodies` entry named nearest a phrase (the word keys `before` it in its
    sentence, then `after` it), else first in its clause, else in the clause before; None
    if none. A body named by its bare head word is the narrower one its chapter's title
    (`chapter`) names: in a chapter "Калибрлеу комиссиясы", "Комиссияның отырысы" is the
    calibration commission's sitting (the table holds the narrower first); and so is it the
    narrower one a short term of the document stands for, when the short term is that head
    word (`defined`: the word keys of each short term and of what it stands for, "Комиссия"
    for "калибровочная комиссия (далее – Комиссия)")."""
    near = (lexicon.nearest("bodies", lang, before, at_end=True)
            or lexicon.nearest("bodies", lang, after, at_end=False))
    for words in (clause, previous):
        near = near or lexicon.nearest("bodies", lang, words, at_end=False)
    if near is None:
        return None
    titles = [chapter] if chapter else []
    titles += [full for short, full in defined if near.patterns[lang].fullmatch(short)]
    for title in titles:
        titled = lexicon.nearest("bodies", lang, title, at_end=False)
        if titled is not None and _narrower(titled, near, lang, title):
            return lexicon.fire(titled)
    return near


def _narrower(one, other, lang: str, title: str) -> bool:
    """Whether the title names the `bodies` entry `one` as a kind of `other`: `one` stands
    before it in the table (narrower) and its words there hold `other`'s head word
    ("калибрлеу комиссиясы" is a commission; "Калибровка результатов оценки", the
    calibration done, names no other body than the commission that does it)."""
    order = lexicon.entries()["bodies"]
    return order.index(one) < order.index(other) and any(
        other.patterns[lang].search(title[lo:hi])
        for lo, hi in lexicon.spans("bodies", one.key, lang, title))


def named_with_body(found, body_of, named_members: bool = False) -> tuple[str, str | None] | None:
    """A subject counted of a body named `<body>_<key>` (`body_of()` finds the body's
    entry), None when no body is named; any other subject as it is. Members are counted in
    persons when the amount names them (`named_members`: "не менее пяти членов", "кемінде
    бес мүше"), bare when it stands alone ("не менее трех", "үштен кем болмауы тиіс")."""
    if found is None or found[0] not in _of_body():
        return found
    named = body_of()
    if named is None:
        return None
    unit = found[1] if found[0] != MEMBERS else ("persons" if named_members else None)
    return f"{named.key}_{found[0]}", unit


MEMBERS = "members"


def names_members(tokens, lang: str, end: int, following: tuple[int, int] | None) -> bool:
    """Whether the words right after an amount name a body's members ("пяти членов", "бес
    (5) мүше", "из 5 (пяти) членов")."""
    words = counted_words(tokens, end, following)[:2]
    found = lexicon.nearest("subjects", lang, profile(lang).keys(words), at_end=False) \
        if words else None
    return found is not None and found.key == MEMBERS
