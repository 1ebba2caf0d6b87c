"""References: rules a decree takes from another act, and the acts it amends or repeals.

Three shapes, in Kazakh and Russian (the words are data: grammar/references.yaml):

- an act named by issuer, date and number ("Алматы облысы әкімдігінің 06.03.2018 № 106
  қаулысымен", "постановления акимата Жанакорганского района от 15 декабря 2022 года № 836")
  in a sentence whose verb relates it to this decree: `repeals`, `repealed_by` (the editor's
  status note), `amends`. The target is `<issuer>_<year>_<number>` (see docs/facts.md);
- a named law or code from which the sentence takes a rule ("… кодекспен белгіленген тәртіпте
  шағымдана алады"): the purpose comes from the sentence's words; the legal basis of the decree
  is not a fact;
- an appendix of the model methodology ("Үлгілік әдістеменің 1-қосымшасына", "согласно
  приложению 2 к Типовой методике"), the purpose from who is evaluated on that form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache, cache

from .. import acts, regexes
from ..model import Document, Node, Span
from ..resources import GRAMMAR, load_table
from .model import Fact, fold

WORDS = GRAMMAR / "references.yaml"
WORD = re.compile(r"\w[\w-]*")


@lru_cache(maxsize=1)
def words() -> dict:
    """The data of grammar/references.yaml, with the number words of grammar/acts.yaml."""
    data = dict(load_table(WORDS))  # a copy: compiled patterns are added below
    data["number"] = acts.pattern("number")
    data["kinds"] = acts.words()["kinds"]
    return data


@cache  # asked for each sentence: a table's pattern is compiled once
def _compile(pattern: str) -> re.Pattern:
    return regexes.compile(pattern, re.I)


@cache
def _table(name: str, lang: str) -> list[tuple[str, list[re.Pattern]]]:
    """A list-of-entries table of the YAML: (key, patterns of the language)."""
    return [(e["key"], [_compile(p) for p in e[lang]]) for e in words()[name]]


@cache
def _stems(name: str, lang: str) -> list[tuple[str, re.Pattern]]:
    """A key -> {kk, ru} table of the YAML (bodies, levels, kinds): (key, stem at a word start)."""
    return [(key, _compile("^" + forms[lang])) for key, forms in words()[name].items()]


def _first(name: str, lang: str, text: str) -> tuple[str, re.Match] | None:
    """(key, match) of the first entry of a table whose pattern occurs in `text`."""
    for key, patterns in _table(name, lang):
        for pattern in patterns:
            if m := pattern.search(text):
                return key, m
    return None


def _entry(name: str, key: str) -> dict:
    """The YAML entry of a list-of-entries table by its key (its other fields)."""
    return next(e for e in words()[name] if e["key"] == key)


def _alone(lang: str, text: str, before: str):
    """(key, match) of a purpose the sentence states by its `alone` words only ("Обжалование
    осуществляется в порядке …", "Шағым жасау … жүзеге асырылады"), when the clause's words
    before it state that purpose in full (the body's decision appealed); else None."""
    for item in words()["law_purposes"]:
        m = _compile(item["alone"][lang]).search(text) if "alone" in item else None
        if m is not None and any(_compile(p).search(before) for p in item[lang]):
            return item["key"], m
    return None


# The characters before a definition's bracket that name what it defines ("калибровочная
# комиссия (далее – Комиссия)": the calibration's body, named short)
DEFINED_BEFORE = 40


def _in_decree(name: str, key: str, lang: str, whole: str, near: str = "") -> str:
    """An entry's key, or its `otherwise` key when the decree's text never holds what the
    entry's `decree` pattern asks for (an appeal of a calibration decision in a decree that
    holds no calibration session is the commission's), or when the words `near` (the
    sentence and the clause before it) name last the body of its `body` pattern and the
    decree defines that body (its `defined` pattern) other than its `session` pattern says
    ("Решение Комиссии … обжаловать" where "Комиссия по оценке (далее – Комиссия) – …" is
    defined: the commission's decision, though a calibration session is held; not where it is
    "… рассматривающий на калибровочной сессии", nor where the words before its bracket name
    the calibration, "калибровочная комиссия (далее – Комиссия)", nor where it is not
    defined)."""
    item = _entry(name, key)
    if "decree" not in item:
        return key
    held = _compile(item["decree"][lang])
    if not held.search(whole):
        return item["otherwise"]
    if "body" in item:
        # "калибровочной комиссии", "калибрлеу комиссиясы": the calibration's body
        bodies = [(m.start(), held.search(near, max(0, m.start() - 20), m.start()) is not None)
                  for m in _compile(item["body"][lang]).finditer(near)]
        bodies += [(m.start(), True) for m in held.finditer(near)]
        defined = _compile(item["defined"][lang]).search(whole)
        if (bodies and not max(bodies)[1] and defined is not None
                and not _compile(item["session"][lang]).search(defined.group())
                and not held.search(whole, max(0, defined.start() - DEFINED_BEFORE),
                                    defined.start())):
            return item["otherwise"]
    return key


def stem_key(name: str, lang: str, word: str) -> str | None:
    """The key of a stem table (bodies, levels, kinds) whose stem opens `word`."""
    return next((key for key, stem in _stems(name, lang) if stem.search(word)), None)


def _fact(owner: Node, doc: Document, lang: str, start: int, end: int, target, purpose) -> Fact:
    return Fact(kind="reference", address=owner.address, span=Span(start=start, end=end),
                quote=fold(doc.text[start:end]), lang=lang,
                fields={"target": target, "purpose": purpose})


def from_sentence(sentence, lang: str, owner: Node, doc: Document) -> list[Fact]:
    """The reference facts of one sentence (a parser.facts.nlp.Sentence)."""
    text = doc.text[sentence.start:sentence.end]
    before = doc.text[min(owner.span.start, sentence.start):sentence.start]
    found = (_acts(text, lang) + _laws(text, lang, doc.text, before)
             + _model_appendices(text, lang))
    return [_fact(owner, doc, lang, sentence.start + start, sentence.start + end, target, purpose)
            for (start, end), target, purpose in found]


def split_unstated(facts: list[Fact]) -> tuple[list[Fact], list[Fact]]:
    """References whose purpose the sentence states, and those it does not (an appendix of
    the model methodology named with no form's use near it: a gap to report, not a fact)."""
    return ([f for f in facts if f.fields.get("purpose") is not None],
            [f for f in facts if f.fields.get("purpose") is None])


# ---------------------------------------------------------------- acts

@dataclass
class ActRef:
    """An act named in a sentence: where its phrase starts and ends, and its key."""

    start: int
    end: int
    issuer: str
    year: str
    number: str


def _acts(text: str, lang: str) -> list:
    """Acts named in a sentence that relates them to this decree, one per distinct target."""
    relation = _first("relations", lang, text)
    if relation is None:
        return []
    purpose = relation[0]
    if "purposes" in _entry("relations", purpose):  # a form taken: what the form is for
        found = _first(_entry("relations", purpose)["purposes"], lang, text)
        purpose = found[0] if found else None
    out, seen = [], set()
    for ref in act_refs(text, lang):
        target = f"{ref.issuer}_{ref.year}_{number_key(ref.number)}"
        if target not in seen:
            seen.add(target)
            out.append(((ref.start, ref.end), target, purpose))
    return out


def act_refs(text: str, lang: str) -> list[ActRef]:
    """Each date paired with its "№ N" (registration numbers left out), with its issuer: the
    one named between the number and the kind word, else the first named since the previous
    act, else the previous act's ("… № 836 … и от 17 апреля 2023 года № 157"). The phrase
    runs from the issuer (or date) to the kind word (or number)."""
    numbers = [m for m in words()["number"].finditer(text) if not _registration(text, m)]
    used: set[int] = set()
    refs: list[ActRef] = []
    boundary = 0
    dates = acts.find_dates(text)
    for k, (at, iso) in enumerate(dates):
        next_at = dates[k + 1][0] if k + 1 < len(dates) else len(text)
        number = _number_for(text, at, next_at, numbers, used)
        if number is None:
            continue
        used.add(number.start())
        first = min(at, number.start())
        kind = _kind_close(text[number.end():], lang)
        end = number.end() + (kind.end() if kind else 0)
        issuer = issuer_in(text[number.end():end], lang)[0] if kind else None
        if issuer is None:
            issuer, start = issuer_in(text[boundary:first], lang)
            first = boundary + start if start is not None else first
        if issuer is None:
            issuer = refs[-1].issuer if refs else _kind_key(
                kind or _kind_before(text[boundary:first], lang), lang)
        refs.append(ActRef(first, end, issuer, iso[:4], number["number"]))
        boundary = end
    return refs


def _registration(text: str, number: re.Match) -> bool:
    """A state-registration number: "за № 16299", "№ 3839 болып тіркелген"."""
    w = words()
    before = text[max(0, number.start() - 10):number.start()]
    after = text[number.end():number.end() + 25]
    return bool(re.search(w["registration_before"], before, re.I)
                or re.search(w["registration_after"], after, re.I))


def _number_for(text: str, at: int, next_at: int, numbers: list[re.Match],
                used: set[int]) -> re.Match | None:
    """The act number of the date at `at`: the first free "№" after it, close enough and
    before the next date (at `next_at`), else a free one just before it ("№ 836 от
    15.12.2022")."""
    w = words()
    after = [m for m in numbers if at < m.start() < next_at and m.start() not in used
             and _unquoted(text[at:m.start()]) <= w["number_after_date"]]
    if after:
        return after[0]
    before = [m for m in numbers if m.end() <= at and at - m.end() <= w["number_before_date"]
              and m.start() not in used]
    return before[-1] if before else None


def _unquoted(gap: str) -> int:
    """How long a gap is without its quoted title: a date's act keeps its number however
    long the title quoted between them ("2016 жылғы 27 мамырдағы "… бекіту туралы" № 41/4")."""
    marks = [i for i, ch in enumerate(gap) if ch in QUOTES]
    return len(gap) - (marks[-1] - marks[0] if len(marks) >= 2 else 0)


QUOTES = "\"«»“”„"


def _kind_close(text: str, lang: str) -> re.Match | None:
    """The act-kind word that closes an act's phrase after its number, when it is close and
    no quoted title comes first ("№ 175 Алматы облысы әкімдігінің қаулысының")."""
    patterns = "|".join(forms[lang] for forms in words()["kinds"].values())
    kind = re.search(rf"(?<!\w)(?:{patterns})\w*", text, re.I)
    if kind is None or kind.start() > words()["issuer_after_number"]:
        return None
    return None if '"' in text[:kind.start()] else kind


def _kind_before(text: str, lang: str) -> re.Match | None:
    """The act-kind word nearest before an act's date, when no other date, number or quoted
    title stands between ("приказ руководителя Департамента … от 10 апреля 2018 года № 245":
    the word opens the act's phrase where Russian names it first)."""
    kinds = "|".join(forms[lang] for forms in words()["kinds"].values())
    found = [m for m in re.finditer(rf"(?<!\w)(?:{kinds})\w*", text, re.I)
             if not re.search(r'[\d№"«»“”]', text[m.end():])]
    return found[-1] if found and len(text) - found[-1].end() <= words()["kind_before_date"] \
        else None


def _kind_key(kind: re.Match | None, lang: str) -> str:
    """The key of an act whose issuer is not named: its kind ("resolution", …), else "act"."""
    return stem_key("kinds", lang, kind.group()) if kind else "act"


def issuer_in(text: str, lang: str) -> tuple[str | None, int | None]:
    """The first issuer named in `text` (a central body by its head word, a local one by its
    body word) and where its name starts; a quoted title's words are not an issuer ("\"…
    министрлігінің \"Б\" корпусы … туралы\" … министрінің 2023 жылғы … бұйрығына")."""
    tokens = list(WORD.finditer(text))
    quoted = _quoted(text)
    for i, token in enumerate(tokens):
        if quoted[token.start()]:
            continue
        word = token.group().lower()
        if stem_key("central_bodies", lang, word) is not None:
            return _central(text, tokens, i, lang)
        body = stem_key("bodies", lang, word)
        if body is not None:
            place, level, start = _place(tokens, i, lang)
            key = "_".join(part for part in (place, level, body) if part)
            return key, (start if start is not None else token.start())
    return None, None


def _quoted(text: str) -> list[bool]:
    """For each offset of `text`, whether it stands inside quotes: «…» and “…” by depth,
    straight quotes by parity."""
    out, depth, straight = [], 0, False
    for ch in text:
        if ch in "«“":
            depth += 1
        elif ch in "»”":
            depth = max(0, depth - 1)
        elif ch == '"':
            straight = not straight
        out.append(depth > 0 or straight)
    return out


def _heads(text: str, tokens: list[re.Match], first: int, lang: str) -> list[int]:
    """The head words of one central body's name from tokens[first] on ("Министерства
    финансов … Комитета государственных доходов"), until a stop."""
    w = words()
    heads = [first]
    for k in range(first + 1, min(len(tokens), first + 12)):
        if _compile(w["name_stop"]).search(text[tokens[heads[-1]].end():tokens[k].start()]):
            break
        if stem_key("central_bodies", lang, tokens[k].group().lower()) is not None:
            heads.append(k)
    return heads


def _central(text: str, tokens: list[re.Match], first: int, lang: str) -> tuple[str, int]:
    """(key, start) of a central body whose first head word is tokens[first]: its innermost
    head (`innermost`), and its domain from the name words on the language's `name_side`."""
    w = words()
    heads = _heads(text, tokens, first, lang)
    head = heads[-1] if w["innermost"][lang] == "last" else heads[0]
    at, end = tokens[head].start(), tokens[head].end()
    body = stem_key("central_bodies", lang, tokens[head].group().lower())
    if w["name_side"][lang] == "before":
        lo = max([text.rfind("\n", 0, at) + 1, at - 120,
                  *(tokens[h].end() for h in heads if h < head)])
        stops = list(_compile(w["name_stop"] + "|" + w["country"][lang]).finditer(text, lo, at))
        start = stops[-1].end() if stops else lo
        name = text[start:at].lstrip(" ,\n")
        start = at - len(name)
    else:
        hi = min([len(text), end + 160, *(tokens[h].start() for h in heads if h > head)])
        stop = _compile(w["name_stop"]).search(text, end, hi)
        name, start = text[end:stop.start() if stop else hi], at
    return "_".join(p for p in (_domain(name, lang), body) if p), start


def _domain(name: str, lang: str) -> str:
    """The domain of a central body from its name words: the `domains` table, else the words
    (country and joining words left out) with their endings dropped, transliterated."""
    w = words()
    name = _compile(w["country"][lang]).sub(" ", name)
    if found := _first("domains", lang, name):
        return found[0]
    joiners, endings = _compile(w["name_joiners"][lang]), _compile(w["word_endings"][lang])
    parts = [endings.sub("", m.group().lower()) for m in WORD.finditer(name)
             if not joiners.match(m.group().lower())]
    return "_".join(transliterate(p) for p in parts[:4] if p)


def _place(tokens: list[re.Match], body: int,
           lang: str) -> tuple[str | None, str | None, int | None]:
    """(place key, level key, start of the place words) around the body word at `body`:
    "<Place> <level> <body>" (both languages), or in Russian "<body> <Place-adj> <level>",
    "<body> <level> <Place>"."""
    def level(i):
        if 0 <= i < len(tokens):
            return stem_key("levels", lang, tokens[i].group().lower())
        return None

    def capital(i):
        return 0 <= i < len(tokens) and tokens[i].group()[0].isupper() and level(i) is None

    if (lv := level(body - 1)) is not None:
        first = body - 1
        while capital(first - 1) and body - first < 4:
            first -= 1
        names = [t.group() for t in tokens[first:body - 1]]
        return (place_key(names, lang) if names else None), lv, tokens[first].start()
    after = words()["place_after_body"][lang]
    if after and capital(body + 1) and (lv := level(body + 2)) is not None:
        return place_key([tokens[body + 1].group()], lang), lv, None
    if after and (lv := level(body + 1)) is not None and capital(body + 2):
        return place_key([tokens[body + 2].group()], lang, genitive=True), lv, None
    return None, None, None


def place_key(names: list[str], lang: str, genitive: bool = False) -> str:
    """Place words -> key: a known region or city by its table entry, else the words
    transliterated, a place adjective first turned back into the name ("Рудненского" ->
    "рудный" -> rudny), joined by "_". `genitive`: the words name the place in the genitive
    after its level word ("города Жезказгана"), the case ending taken off (`place_genitive`)."""
    written = " ".join(names).lower()
    for key, forms in words()["places"].items():
        if any(re.match(form, written) for form in forms):
            return key
    return "_".join(transliterate(_place_name(name.lower(), lang, genitive)) for name in names)


def _place_name(word: str, lang: str, genitive: bool = False) -> str:
    """A place word as the name: the first `place_adjectives` rule that matches (or, for a
    name in the genitive, `place_genitive` rule), applied."""
    for pattern, name in words()["place_genitive" if genitive else "place_adjectives"][lang]:
        if re.search(pattern, word):
            return re.sub(pattern, name, word)
    return word


def transliterate(word: str) -> str:
    """Cyrillic -> Latin, lowercase, by the table of the YAML; other letters kept."""
    table, endings = words()["transliteration"], words()["transliteration_endings"]
    word = word.lower()
    tail = next((e for e in endings if word.endswith(e) and len(word) > len(e)), "")
    head = word[:len(word) - len(tail)]
    return "".join(table.get(ch, ch) for ch in head) + endings.get(tail, "")


def number_key(number: str) -> str:
    """An act number as a key part: "21/4-VI" -> "21_4_VI", "279/НҚ" -> "279_NK" (a Roman
    numeral written with Cyrillic look-alikes is made Latin, other letters transliterated,
    upper case)."""
    lookalikes = words()["roman_lookalikes"]
    parts = []
    for part in re.split(r"[/-]", number):
        latin = "".join(lookalikes.get(ch, ch) for ch in part.upper())
        parts.append(latin if re.fullmatch(r"[IVXLCDM]+|\d+", latin) else
                     transliterate(part).upper())
    return "_".join(parts)


# ---------------------------------------------------------------- laws

def _laws(text: str, lang: str, whole: str, before: str = "") -> list:
    """Named laws and codes the sentence takes a rule from (it states a purpose), one fact
    per law, spanning the law's name and the purpose's words; `whole`: the decree's text,
    which some purposes ask about (`decree`, `otherwise`), `before`: the clause's words
    before the sentence (`body`)."""
    purpose = _first("law_purposes", lang, text) or _alone(lang, text, before)
    if purpose is None:
        return []
    purpose = (_in_decree("law_purposes", purpose[0], lang, whole, before + text), purpose[1])
    out = []
    for key, patterns in _table("laws", lang):
        m = next((m for p in patterns if (m := p.search(text))), None)
        if m is not None:
            span = (min(m.start(), purpose[1].start()), max(m.end(), purpose[1].end()))
            out.append((span, key, purpose[0]))
    return out


# ---------------------------------------------------------------- the model methodology

def _model_appendices(text: str, lang: str) -> list:
    """Appendices of the model methodology named in the sentence: the nearest methodology
    mention to each appendix number decides whose appendix it is."""
    w = words()
    mentions = list(_compile(w["methodology"][lang]).finditer(text))
    if not mentions:
        return []
    evaluated = _first("evaluated", lang, text) or _first("forms", lang, text)
    out = []
    for m in _compile(w["appendix"][lang]).finditer(text):
        nearest = min(mentions, key=lambda x: min(abs(x.start() - m.end()),
                                                  abs(m.start() - x.end())))
        if nearest["model"] and not nearest["own"]:
            span = (min(m.start(), nearest.start()), max(m.end(), nearest.end()))
            out.append((span, f"model_methodology_appendix_{m.group(1)}",
                        evaluated[0] if evaluated else None))
    return out
