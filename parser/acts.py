"""Issuing lines -> the act's issuer, kind, date, number, registration and repeal.

"Қостанай облысы Қарасу ауданы әкімдігінің 2025 жылғы 14 тамыздағы № 139 қаулысы",
"Постановление Жанакорганского районного акимата … от 28 января 2026 года № 10". The words are
data (grammar/acts.yaml); this module only assembles them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .resources import GRAMMAR, load_table

WORDS = GRAMMAR / "acts.yaml"


@lru_cache(maxsize=1)
def _patterns() -> dict:
    words = load_table(WORDS)
    months = {lang: [re.compile(stem, re.I) for stem in stems]
              for lang, stems in words["months"].items()}
    dates = []
    for key in ("date_kk", "date_ru", "date_numeric"):
        lang = key.rpartition("_")[2]
        alternatives = "|".join(words["months"].get(lang, []))
        dates.append((lang, re.compile(words[key].replace("{months}", alternatives), re.I)))
    kinds = {w: kind for kind, ws in words["kinds"].items() for w in ws}
    kind_re = re.compile("|".join(rf"(?<![\w-]){re.escape(w)}(?![\w-])" for w in kinds))
    return {"months": months, "dates": dates, "kinds": kinds, "kind": kind_re,
            "number": re.compile(words["number"]), "registered": re.compile(words["registered"]),
            "repealed": re.compile(words["repealed"])}


def _month(lang: str, name: str) -> int:
    if lang == "numeric":
        return int(name)
    for k, stem in enumerate(_patterns()["months"][lang], 1):
        if stem.match(name):
            return k
    raise ValueError(name)


def find_dates(text: str) -> list[tuple[int, str]]:
    """(offset, ISO date) of every date in the text, in order."""
    found = []
    for lang, pattern in _patterns()["dates"]:
        for m in pattern.finditer(text):
            iso = f"{int(m['year']):04d}-{_month(lang, m['month']):02d}-{int(m['day']):02d}"
            found.append((m.start(), iso))
    return sorted(found)


def _first_after(items: list[tuple[int, str]], start: int, end: int) -> str | None:
    return next((v for pos, v in items if start <= pos < end), None)


def _sentences(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for m in re.finditer(r"\.\s+(?=[А-ЯӘҒҚҢӨҰҮҺІA-Z])", text):
        if not re.search(r"\b[А-ЯӘҒҚҢӨҰҮҺІ]$", text[start:m.start()]):  # not an initial
            bounds.append((start, m.start()))
            start = m.end()
    bounds.append((start, len(text)))
    return bounds


def issuing(text: str) -> dict[str, str]:
    """Attributes of an issuing line: issuer, kind, date, number, and, where the line says
    them, registration_date/registration_number and repealed_by_date/repealed_by_number."""
    p = _patterns()
    dates = find_dates(text)
    numbers = [(m.start(), m["number"]) for m in p["number"].finditer(text)]
    attrs: dict[str, str] = {}
    for start, end in _sentences(text):
        sentence = text[start:end]
        if p["repealed"].search(sentence):
            prefix = "repealed_by_"
        elif p["registered"].search(sentence):
            prefix = "registration_"
        elif "kind" not in attrs and (kind := p["kind"].search(sentence)):
            attrs["kind"] = p["kinds"][kind.group()]
            first_date = next((pos for pos, _ in dates if start <= pos < end), None)
            issuer_end = first_date if first_date is not None else start + kind.start()
            issuer = text[start:issuer_end]
            if issuer.strip() == "" or kind.start() == 0:  # Russian: "Постановление <issuer> от"
                issuer = re.split(r"\s+от\s+", sentence[kind.end():])[0]
            attrs["issuer"] = issuer.strip(" ,")
            prefix = ""
        else:
            continue
        if (date := _first_after(dates, start, end)) is not None:
            attrs[prefix + "date"] = date
        if (number := _first_after(numbers, start, end)) is not None:
            attrs[prefix + "number"] = number
    return attrs
