"""Language profiles: what differs between Kazakh and Russian in reading meaning.

One profile object per language, like spaCy's `Language` subclasses or sqlglot's dialects:
the key a word is matched on (a Russian pymorphy3 lemma, a Kazakh stem with its noun and
verb endings off), and on which side of a phrase the language names what the phrase is
about (Kazakh before it, the verb last; Russian after it). Code that reads meaning asks the
profile and never tests the language itself.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, lru_cache

from . import aspect, nlp, numbers
from ..resources import GRAMMAR, load_table


@dataclass(frozen=True)
class Profile:
    """The reading habits of one language."""

    lang: str
    # where an anchor is named: "before" the term (kk) or "after" it (ru)
    anchor_side: str
    # the words "near" a phrase run to the first comma after it (kk, whose verb ends the
    # clause) or to the next phrase (ru)
    near_to_comma: bool
    # where a lead-in's comparison goes in each sub-point: "before" its number ("не может
    # превышать: 1) 3,49 балла") or "after" its amount ("аспауы тиіс: 1) 3,49 балдан")
    lead_in_side: str
    # the terminals that state a comparison (grammar/facts_words.yaml classes)
    comparators: frozenset[str]
    # where a noun naming a part of a text stands to its number: "before" ("пункта 5") or
    # "after" ("5 тармақ", "1–4 параметрлері")
    designator_side: str
    # the comparator terminals that negate ("не может быть выше", "жоғары болмайды")
    negations: frozenset[str] = frozenset()
    # which word of a noun phrase is its head, the word that says what a table's column
    # holds: the "last" (kk: "Бағалау параметрлері", "Тікелей басшының бағасы") or the
    # "first" (ru: "Параметр оценки", "Наименование параметра")
    head_side: str = "first"
    # the case ending of the noun a comparison compares against ("ең жоғары мәннен аспауы":
    # "мәннен", what is not exceeded); a comparator before such a noun qualifies it ("the
    # highest value"), no part of the comparison (lexer.kk_case names); None: no such case
    compared_case: str | None = None
    # comparator terminals that say a whole bound on their own and take no negation stated
    # for another bound ("кемінде 2,5 балл, бірақ 3,29 балдан аспайтын": "at least")
    whole_bounds: frozenset[str] = frozenset()
    # which deed of a sentence part is its predicate: the one "nearest" the phrase (ru:
    # "служба … представляет … не позднее чем за 2 дня"), or the "last" one after it (kk,
    # whose finite verb ends the clause: "… қарау туралы өтінішпен … жүгінуге құқылы"
    # applies, it does not examine)
    predicate: str = "nearest"
    # the words joining two nouns ("итоговый балл и годовая оценка", "қорытынды балл мен
    # жылдық баға")
    conjunctions: frozenset[str] = frozenset()
    # the words that set a clause against the one before ("не менее 3,5, но менее 4,5",
    # "3,5 балдан кем емес, бірақ 4,5 балдан кем"): a bound after one is no ellipsis of a
    # negation stated before it
    contrasts: frozenset[str] = frozenset()

    def word_key(self, word: str) -> str:
        """A lowercased word of a lexicon entry or of a text -> its match key."""
        raise NotImplementedError

    def token_key(self, token) -> str:
        """A token of a sentence -> its match key."""
        raise NotImplementedError

    def attributive(self, token) -> bool:
        """Whether a word only qualifies a noun (a full participle), never a predicate."""
        return False

    def qualifying(self, tokens) -> set[int]:
        """The places of the words that are no predicate: the attributive ones, and those a
        preposition or a postposition governs (`governed`)."""
        return {i for i, t in enumerate(tokens) if self.attributive(t)} | self.governed(tokens)

    def governed(self, tokens) -> set[int]:
        """The places of the words an adposition governs: a noun after a preposition ("по
        согласованию", "при его составлении") or before a postposition ("келісу бойынша",
        "ұсынысы бойынша") names how or when a deed is done, never the deed."""
        return set()

    def keys(self, tokens, predicates: bool = False) -> str:
        """Tokens -> their match keys joined by spaces: the string lexicon entries search; a
        short term the document defined stands as its expansion's keys (`defining`). With
        `predicates`, the key of a word that only qualifies a noun is blanked (the same
        length: places hold), so no deed is read from it."""
        keys = _fractioned(self.lang, tokens, [self.token_key(t) for t in tokens])
        if predicates:
            qualifying = self.qualifying(tokens)
            keys = [" " * len(k) if i in qualifying else k for i, k in enumerate(keys)]
        defined = _DEFINED.get()
        if not defined:
            return " ".join(keys)
        out, i = [], 0
        while i < len(keys):
            found = _defined_at(defined, self.lang, keys, i, tokens[i].start)
            out.append(found.expansion if found else keys[i])
            i += len(found.short) if found else 1
        return " ".join(out)

    def word_keys(self, tokens) -> list[str]:
        """Each token's match key, a one-word short term the document defined standing as
        its expansion's keys ("КЦП" -> "ключевой целевой показатель"): the keys token by
        token, for a reader that keeps where each token's key starts."""
        keys = [self.token_key(t) for t in tokens]
        defined = _DEFINED.get()
        if not defined:
            return keys
        out = []
        for i, key in enumerate(keys):
            found = _defined_at(defined, self.lang, keys, i, tokens[i].start)
            out.append(found.expansion if found is not None and len(found.short) == 1 else key)
        return out

    @property
    def cited_appendix(self) -> re.Pattern:
        """An appendix a clause cites by number, the number its group 1
        (grammar/references.yaml `cited_appendix`): "2-қосымшаға", "приложению № 2"."""
        return _cited_appendix(self.lang)

    def guard(self, key: str) -> str:
        """What may not follow an entry word's key in a text word it begins (a regex
        lookahead, "" when anything may): another concept's ending."""
        return ""


class Russian(Profile):
    """Russian: words are matched on their pymorphy3 lemmas, an imperfective verb on its
    perfective partner's (parser/facts/aspect.py: "проводится" matches "провести")."""

    def word_key(self, word: str) -> str:
        return aspect.perfective(_ru_key(word))

    def guard(self, key: str) -> str:
        """An adverb (its own lemma, ending in -о or -е) is not the beginning of the abstract
        noun made from it: "эффективно" (effectively, a grade) is not "эффективность"
        (effectiveness, a sheet's parameter), "надлежаще" not "надлежащесть"."""
        return "(?!сть)" if key.endswith(("о", "е")) else ""

    def token_key(self, token) -> str:
        return aspect.perfective(token.lemma)

    def attributive(self, token) -> bool:
        """A full participle: "в порядке, установленном …", "поступившую жалобу"."""
        return token.text.isalpha() and nlp.ru_attributive(token.text.lower())

    def governed(self, tokens) -> set[int]:
        """The word after a preposition, past a possessive pronoun ("при его составлении")."""
        found = set()
        for i, t in enumerate(tokens[:-1]):
            if t.text.isalpha() and nlp.ru_preposition(t.lower):
                k = i + 1
                if k + 1 < len(tokens) and tokens[k].lower in nlp.data()["possessives"]["ru"]:
                    k += 1
                found.add(k)
        return found

    def qualifying(self, tokens) -> set[int]:
        """The attributive and governed words and every word of a relative clause, from
        "который" (and the preposition before it) to the next comma: "обстоятельствах,
        которые не могли быть учтены …," qualify a noun, naming no deed of the sentence."""
        found = super().qualifying(tokens)
        opened = None
        for i, t in enumerate(tokens):
            if opened is None and t.lemma == "который":
                opened = i - 1 if i and nlp.ru_preposition(tokens[i - 1].lower) else i
            elif opened is not None and t.text in (",", ";", ":"):
                found.update(range(opened, i))
                opened = None
        if opened is not None:
            found.update(range(opened, len(tokens)))
        return found


class Kazakh(Profile):
    """Kazakh: words are matched on their stems, noun and verb endings taken off."""

    def qualifying(self, tokens) -> set[int]:
        """The governed words and every participle before another word (grammar/
        kk_suffixes.yaml `participles`): "ол жасалған кезде", "бағаланатын жылдың"."""
        found = super().qualifying(tokens)
        endings = tuple(numbers.kk_endings()["participles"])
        for i, (t, after) in enumerate(zip(tokens, tokens[1:])):
            if t.lower.endswith(endings) and t.lower.isalpha() and after.lower[:1].isalpha() \
                    and kk_verb_stem(t.lower) != t.lower:
                found.add(i)
        return found

    def governed(self, tokens) -> set[int]:
        """The word before a postposition (grammar/nlp.yaml `postpositions`)."""
        postpositions = nlp.data()["postpositions"]["kk"]
        return {i - 1 for i, t in enumerate(tokens) if i and t.lower in postpositions}

    def word_key(self, word: str) -> str:
        return kk_key(word)

    def token_key(self, token) -> str:
        if token.is_number or not token.lower[:1].isalpha():
            return token.lower
        return kk_key(token.lower)

    def guard(self, key: str) -> str:
        """An active stem whose passive names another concept is not the beginning of that
        passive ("бағала" of "бағалау" is not "бағалан", grammar/kk_suffixes.yaml
        `voice_kept`), nor a verb stem the beginning of a noun derived from it that names
        another concept ("ескерт" of "ескерту" is not "ескертпе", `derived_kept`), nor any stem
        the beginning of its privative ("тиім" of "тиімді" is not "тиімсіз", `privative`)."""
        rules = numbers.kk_endings()
        other = [*rules.get("voice_kept", {}).get(key, ()),
                 *rules.get("derived_kept", {}).get(key, ()), *rules.get("privative", ())]
        return f"(?!{'|'.join(other)})" if other else ""


# the short terms of the document being read (parser/facts/definitions.py): first key ->
# the definitions starting with it
_DEFINED: ContextVar[dict | None] = ContextVar("defined_terms", default=None)


@contextmanager
def defining(definitions):
    """Inside the block, `Profile.keys` reads each short term as its expansion where its
    definition holds."""
    table: dict[str, list] = {}
    for d in definitions:
        table.setdefault(d.short[0], []).append(d)
    token = _DEFINED.set(table)
    try:
        yield
    finally:
        _DEFINED.reset(token)


def _fractioned(lang: str, tokens, keys: list[str]) -> list[str]:
    """The keys with a period a fraction counts made another period: its key is the
    fraction's word joined to it ("жарты жылдық" -> "жарты жартыжылдық", as "жартыжылдық"
    written in one word; "половина года"), so no entry of the whole period finds it
    (grammar/facts_meaning.yaml `fraction_periods`)."""
    periods = _fraction_periods(lang)
    out = list(keys)
    for k in range(1, len(tokens)):
        before = tokens[k - 1]
        if (before.is_number and before.value is not None and before.value % 1
                and periods.match(keys[k])):
            out[k] = keys[k - 1] + keys[k]
    return out


@cache
def _fraction_periods(lang: str) -> re.Pattern:
    return re.compile(load_table(GRAMMAR / "facts_meaning.yaml")["fraction_periods"][lang])


def _defined_at(defined: dict, lang: str, keys: list[str], i: int, at: int):
    """The latest definition holding at offset `at` whose short term's keys begin at keys[i]."""
    held = [d for d in defined.get(keys[i], ()) if d.lang == lang and d.start <= at < d.end
            and tuple(keys[i:i + len(d.short)]) == d.short]
    return held[-1] if held else None


PROFILES = {
    "ru": Russian("ru", anchor_side="after", near_to_comma=False, lead_in_side="before",
                  comparators=frozenset({"NOT", "CAN", "MUST", "BE", "EXCEED", "MORE", "LESS",
                                         "HIGHER", "LOWER"}),
                  designator_side="before", negations=frozenset({"NOT"}), head_side="first",
                  conjunctions=frozenset({"и"}), contrasts=frozenset({"но", "однако"})),
    "kk": Kazakh("kk", anchor_side="before", near_to_comma=True, lead_in_side="after",
                 comparators=frozenset({"NOTEXCEED", "MORE", "CANNOT", "LESS", "NEG",
                                        "ATLEAST", "BOLA", "SHORT"}),
                 designator_side="after",
                 negations=frozenset({"NEG", "CANNOT", "NOTEXCEED"}), head_side="last",
                 whole_bounds=frozenset({"ATLEAST"}), predicate="last", compared_case="ABL",
                 conjunctions=frozenset({"мен", "бен", "пен", "және"}),
                 contrasts=frozenset({"бірақ", "алайда"})),
}


@cache
def _cited_appendix(lang: str) -> re.Pattern:
    return re.compile(load_table(GRAMMAR / "references.yaml")["cited_appendix"][lang],
                      re.IGNORECASE)


def profile(lang: str) -> Profile:
    """The profile of a language ("kk" or "ru")."""
    return PROFILES[lang]


@lru_cache(maxsize=20000)
def _ru_key(word: str) -> str:
    """A Russian word -> its lemma, as the pipeline lemmatizes the text; a word pymorphy3
    does not know (a stem written as a
    prefix: "уведом", "поощр") stays as written."""
    if not word.isalpha() or not numbers.morph().analyzer.word_is_known(word):
        return word
    found = nlp.tokens(word, "ru")
    return found[0].lemma if len(found) == 1 else word


@lru_cache(maxsize=50000)
def kk_key(word: str) -> str:
    """A lowercased Kazakh word -> its stem with the noun endings (nlp.kk_stem) and then
    the verb endings off: "болған", "болу", "болуы" -> "бол"; "аспауы" -> "аспа"."""
    finite = _finite(word)
    if finite is not None:
        return kk_verb_stem(finite)
    stem = nlp.kk_stem(word)
    if not stem.isalpha():
        return stem
    return kk_verb_stem(stem, nominal=stem != word)


def _finite(word: str) -> str | None:
    """A verb in a finite form ("жүргізіледі", "алады") without that ending, or None: its
    -ды/-ді is not a case ending, nor its -і a possessive (grammar/kk_suffixes.yaml
    `verb_finite`)."""
    rules = numbers.kk_endings()
    if not word.isalpha() or word in rules["not_inflected"]:
        return None
    for ending, left in rules["verb_finite"].items():
        stem = word[: -len(ending)] + left
        if word.endswith(ending) and _verb_stem_ok(word, stem, rules):
            return stem
    return None


def kk_verb_stem(word: str, nominal: bool = False) -> str:
    """Take one ending of each verb layer off the right (grammar/kk_suffixes.yaml
    `verb_layers`), keeping a stem of at least `min_verb_stem` letters with a vowel; a word
    that carried noun endings (`nominal`) loses its voice, the last layer, only after a
    participle or verbal noun (`nominal_forms`): "қосын-ды" keeps "қосын"."""
    rules = numbers.kk_endings()
    if word in rules["not_inflected"] or word in rules["known_stems"]:
        return word
    kept = rules.get("voice_kept", {})
    *tenses, voice = rules["verb_layers"]
    for layer in tenses:
        cut = _verb_ending(word, layer, rules, kept)
        word = word[: -len(cut)] if cut else word
        nominal = nominal and cut not in rules["nominal_forms"]
    cut = None if nominal else _verb_ending(word, voice, rules, kept)
    return word[: -len(cut)] if cut else word


def _verb_ending(word: str, layer: list[str], rules: dict, kept: dict) -> str | None:
    """The longest ending of a verb layer that can come off `word`, or None; a passive that
    names another concept stays ("бағала-н")."""
    for ending in sorted(layer, key=len, reverse=True):
        rest = word[: -len(ending)]
        if ending in kept.get(rest, ()):
            return None
        if word.endswith(ending) and _verb_stem_ok(word, rest, rules):
            return ending
    return None


def _verb_stem_ok(word: str, stem: str, rules: dict) -> bool:
    """Whether `stem`, what is left of `word` after a verb ending, is a plausible verb stem
    that does not cut into a known stem."""
    known = rules["known_stems"]
    if len(stem) < rules["min_verb_stem"] and stem not in known:
        return False
    if not any(ch in rules["vowels"] for ch in stem):
        return False
    return not any(word[:n] in known for n in range(len(stem) + 1, len(word) + 1))
