"""A decree carried by an e-mail message (Outlook's "Save As", a mail client's export): the
message's header fields ("Кімнен: …", "От: …", "From: …") open the text, the sender's note
(a few sentences: "Сәлеметсіз бе!", "Направляем текст постановления.") stands between them
and the decree's first line, the signature from the closing formula ("Құрметпен,", "С
уважением,") ends it. None of it is the decree: each line is reported with what it is. The
labels and formulas are grammar/words.yaml's (`mail_field`, `mail_closing`); the decree's
first line is one that opens an act (its kind, its issuing line, its title, an issuer's head
in capitals) or one that is no sentence of a letter."""

from __future__ import annotations

import re
from functools import lru_cache

from . import regexes
from .words import alt

HEADER = "e-mail header"
NOTE = "e-mail note before the decree"
SIGNATURE = "e-mail signature after the decree"
# the header's fields in a row that make a message's header (a decree's own line "Тема: …"
# is one), and the furthest the decree's first line and the closing formula stand from it
FIELDS = 2
NOTE_LINES = 6
SIGNATURE_LINES = 6


@lru_cache(maxsize=1)
def _patterns():
    field = regexes.compile(rf"\s*(?:{alt('mail_field')})\s*:\s*\S.*", re.I)
    separator = regexes.compile(r"\s*[-_=]{3,}\s*[^\W\d_][\w ]*[^\W\d_]\s*[-_=]{3,}\s*")
    opening = regexes.compile(
        rf"\s*(?:(?:{alt('act_kind_opening')})(?:\s.*)?|.*\s(?:{alt('act_kind_closing')})"
        rf"|(?:{alt('decree_title')})|.*\s(?:{alt('title_closing')})"
        rf"|.*\d{{4}}\s+(?:{alt('year_word')})\s.*№\s*\S+.*)\s*", re.I)
    closing = regexes.compile(rf"\s*(?:{alt('mail_closing')})\s*[,!.]?\s*", re.I)
    return field, separator, opening, closing


# a sentence of a letter: it ends with a stop, an exclamation, a question or a greeting's comma
_LETTER_SENTENCE = re.compile(r".*\w.*[.!?,]\s*")


def _in_letter(line: str, opening: re.Pattern) -> bool:
    """Is the line a sentence of the sender's note, not the decree's first line?"""
    letters = [c for c in line if c.isalpha()]
    return bool(_LETTER_SENTENCE.fullmatch(line)) and not opening.fullmatch(line) \
        and not (len(letters) > 1 and all(c.isupper() for c in letters))


def wrapper(lines: list[str]) -> dict[int, str]:
    """The lines (by index) of the message around a decree, each with what it is: none when
    the text opens with no header of FIELDS fields or more (blank lines aside, a forwarding
    separator "----- Original Message -----" above it); the note, the sentences of a letter
    under it when the decree's first line follows them within NOTE_LINES lines; the
    signature when its closing formula stands among the last SIGNATURE_LINES lines."""
    field, separator, opening, closing = _patterns()
    filled = [k for k, line in enumerate(lines) if line.strip()]
    at = 0
    out: dict[int, str] = {}
    if filled and separator.fullmatch(lines[filled[0]]):
        out[filled[0]] = HEADER
        at = 1
    fields = 0
    while at < len(filled) and field.fullmatch(lines[filled[at]]):
        out[filled[at]] = HEADER
        fields += 1
        at += 1
    if fields < FIELDS:
        return {}
    note = 0
    while at + note < len(filled) and note <= NOTE_LINES \
            and _in_letter(lines[filled[at + note]], opening):
        note += 1
    if note <= NOTE_LINES:
        out.update((k, NOTE) for k in filled[at:at + note])
    tail = filled[-SIGNATURE_LINES:]
    end = next((k for k in tail if k > max(out) and closing.fullmatch(lines[k])), None)
    out.update((k, SIGNATURE) for k in filled if end is not None and k >= end)
    return out
