"""Issuing lines, approval stamps and status lines -> the act's issuer, kind, date, number,
registration, repeal and status.

"Қостанай облысы Қарасу ауданы әкімдігінің 2025 жылғы 14 тамыздағы № 139 қаулысы",
"Постановление Жанакорганского районного акимата … от 28 января 2026 года № 10",
"Шешім 26.11.2025 №442, Жаңақорған ауданының мәслихаты", "… МИНИСТРЛІГІНІҢ БҰЙРЫҒЫ / 2017 жылғы
23 ақпан №19 Астана қаласы", "Утверждена решением маслихата … от … № 15/123". The words are data
(grammar/acts.yaml); this module only assembles them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import regexes
from .resources import GRAMMAR, load_table

WORDS = GRAMMAR / "acts.yaml"


@lru_cache(maxsize=1)
def words() -> dict:
    """The data of grammar/acts.yaml."""
    return load_table(WORDS)


@lru_cache(maxsize=1)
def _patterns() -> dict:
    w = words()
    months = {lang: [regexes.compile(stem, re.I) for stem in stems]
              for lang, stems in w["months"].items()}
    dates = []
    for key in ("date_kk", "date_ru", "date_numeric"):
        lang = key.rpartition("_")[2]
        alternatives = "|".join(w["months"].get(lang, []))
        dates.append((lang, regexes.compile(w[key].replace("{months}", alternatives), re.I)))
    stems = [(kind, stem) for kind, forms in w["kinds"].items() for stem in forms.values()]
    kind_re = regexes.compile("|".join(rf"(?<![\w-]){stem}\w*" for _, stem in stems), re.I)
    return {"months": months, "dates": dates, "kind_stems": [
                (kind, regexes.compile(rf"^{stem}", re.I)) for kind, stem in stems],
            "kind": kind_re, "number": regexes.compile(w["number"]),
            **{name: regexes.compile(w[name], re.I)
               for name in ("registered", "repealed", "joiners", "approved")},
            "status": {key: regexes.compile(p, re.I) for key, p in w["status"].items()}}


def pattern(name: str) -> re.Pattern:
    """A compiled pattern of the YAML, shared with the references reader: number (group
    `number`), registered, repealed, kind."""
    return _patterns()[name]


def kind_of(word: str) -> str | None:
    """The act kind whose stem opens `word` ("қаулысымен" -> resolution), in either language."""
    return next((kind for kind, stem in _patterns()["kind_stems"] if stem.match(word)), None)


def _month(lang: str, name: str) -> int:
    if lang == "numeric":
        return int(name)
    for k, stem in enumerate(_patterns()["months"][lang], 1):
        if stem.match(name):
            return k
    raise ValueError(name)


def date_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, ISO date) of every date in the text, in order."""
    found = []
    for lang, pattern in _patterns()["dates"]:
        for m in pattern.finditer(text):
            iso = f"{int(m['year']):04d}-{_month(lang, m['month']):02d}-{int(m['day']):02d}"
            found.append((m.start(), m.end(), iso))
    return sorted(found)


def find_dates(text: str) -> list[tuple[int, str]]:
    """(offset, ISO date) of every date in the text, in order."""
    return [(start, iso) for start, _, iso in date_spans(text)]


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


def _segments(text: str) -> list[tuple[int, int]]:
    """The sentences of a line, each cut again before a registration or repeal clause that
    shares its sentence with the act's kind word ("… № 10, зарегистрировано …", "… № 139
    қаулысы Әділет министрлігінде … тіркелді"): after the separator (a comma, a semicolon, a
    bracket or a line break: a registration line under a newspaper head's date line), else the
    act's own number when it stands between the kind word and the clause (`_own_number`),
    else the kind word."""
    p = _patterns()
    out = []
    for start, end in _sentences(text):
        cuts = [start]
        for name in ("registered", "repealed"):
            for m in p[name].finditer(text, start, end):
                kinds = list(p["kind"].finditer(text, cuts[-1], m.start()))
                sep = max(text.rfind(ch, cuts[-1], m.start()) for ch in ",;(\n")
                own = _own_number(text, kinds[-1].end(), m, end) if kinds else None
                if own is not None and sep < own:
                    sep = own
                elif kinds and sep < kinds[-1].end():  # no separator after the kind word
                    sep = kinds[-1].end()
                if kinds and sep > cuts[-1]:
                    cuts.append(sep + 1)
        out += list(zip(cuts, cuts[1:] + [end]))
    return out


def _own_number(text: str, start: int, clause: re.Match, end: int) -> int | None:
    """Where the act's own number ends when it stands after the kind word and before a
    registration or repeal clause with no separator between ("… ШЕШІМ 2023 жылғы 14 наурыз
    № 2/21 Ақтау қаласы Қазақстан … № 32110 болып тіркелді", "… РЕШЕНИЕ от … № 2/21 город
    Актау Зарегистрировано … № 32110"): the clause's number follows its word or, when none
    does, is the last before it; the act's is the one before that. None when there is none."""
    p = _patterns()
    before = list(p["number"].finditer(text, start, clause.start()))
    if p["number"].search(text, clause.end(), end) is None:
        before = before[:-1]
    return before[-1].end() if before else None


def _issuer(text: str, start: int, end: int, kind: re.Match,
            dates: list[tuple[int, int, str]]) -> str:
    """The issuer of an issuing segment: its first run of words once the kind word, dates,
    numbers and joining words ("от", "утверждена") are taken out."""
    p = _patterns()
    cuts = [(kind.start(), kind.end())]
    cuts += [(s, e) for s, e, _ in dates if start <= s < end]
    cuts += [m.span() for m in p["number"].finditer(text, start, end)]
    cuts += [m.span() for m in p["joiners"].finditer(text, start, end)]
    at = start
    for s, e in sorted(cuts) + [(end, end)]:
        run = text[at:max(at, s)].strip(" \t\n,.;:–-—")
        if re.search(r"\w", run):
            return " ".join(run.split())
        at = max(at, e)
    return ""


# Latin letters drawn like Cyrillic ones, and the letters of a Roman numeral.
_TO_CYRILLIC = str.maketrans("ABCEHKMOPTXYaceopxy", "АВСЕНКМОРТХУасеорху")
_TO_ROMAN = str.maketrans("ІХСМ", "IXCM")
_ROMAN_PART = re.compile(r"[IVX]|[IVXLCDM]{2,}")  # a lone С or М is a letter


def canonical_number(number: str) -> str:
    """An act number in one script whatever its source's script: a Roman numeral part in Latin
    ("21/4-VІ" -> "21/4-VI"), every other part's look-alike letters in Cyrillic ("A-4/118",
    transliterated from a Latin-script text, -> "А-4/118")."""
    parts = re.split(r"([/-])", number)
    return "".join(part.translate(_TO_ROMAN) if _ROMAN_PART.fullmatch(part.translate(_TO_ROMAN))
                   else part.translate(_TO_CYRILLIC) for part in parts)


def issuing(text: str) -> dict[str, str]:
    """Attributes of an issuing line: issuer, kind, date, number, and, where the line says
    them, registration_date/registration_number and repealed_by_date/repealed_by_number."""
    p = _patterns()
    spans = date_spans(text)
    dates = [(s, iso) for s, _, iso in spans]
    numbers = [(m.start(), canonical_number(m["number"])) for m in p["number"].finditer(text)]
    attrs: dict[str, str] = {}
    for start, end in _segments(text):
        if p["repealed"].search(text, start, end):
            prefix = "repealed_by_"
        elif p["registered"].search(text, start, end):
            prefix = "registration_"
        elif "kind" not in attrs and (kind := p["kind"].search(text, start, end)):
            attrs["kind"] = kind_of(kind.group())
            attrs["issuer"] = _issuer(text, start, end, kind, spans)
            prefix = ""
        else:
            continue
        if (date := _first_after(dates, start, end)) is not None:
            attrs[prefix + "date"] = date
        if (number := _first_after(numbers, start, end)) is not None:
            attrs[prefix + "number"] = number
    return attrs


def approval(text: str) -> dict[str, str]:
    """The approving act of a stamp ("Утверждена решением маслихата … от … № 15/123",
    "… № 42 қаулысымен бекітілген"): its issuer, kind, date and number; {} when the text is
    not an approval stamp."""
    if not _patterns()["approved"].search(text):
        return {}
    return issuing(text)


def status(text: str) -> str | None:
    """The key of a status line ("Күшін жойған", "Утративший силу" -> repealed; "Обновленный"
    -> updated; "Действующий" -> in_force), None when the text is not one."""
    line = " ".join(text.split())
    return next((key for key, p in _patterns()["status"].items() if p.search(line)), None)


def _status_attrs(text: str) -> dict[str, str]:
    key = status(text)
    return {"status": key} if key else {}


READERS = {"issuing": issuing, "addressee": approval, "status": _status_attrs}


def node_attrs(kind: str, text: str | None) -> dict[str, str]:
    """The attributes of a decree-frame node read from its text: an issuing line's, an
    approval stamp's (an appendix's addressee block), a status line's key; {} for others."""
    reader = READERS.get(kind)
    return reader(text) if reader and text else {}
