"""Russian verb aspect: an imperfective verb -> its perfective partner, one match key for both.

The meaning lexicon matches Russian words on their lemmas, and pymorphy3 lemmatizes each
aspect to its own infinitive ("проводится" -> "проводиться", "проведена" -> "провести"). The
partner is derived by the rules of grammar/ru_aspect.yaml (the imperfective suffix undone, a
changed consonant or root vowel restored, a verb of motion's root exchanged) and kept only
when pymorphy3 knows it as a perfective infinitive.
"""

from __future__ import annotations

from functools import cache, lru_cache

from . import numbers
from ..resources import GRAMMAR, load_table

REFLEXIVE = ("ся", "сь")  # after a consonant, after a vowel ("провести-сь")
VOWELS = "аеёиоуыэюя"


@cache
def rules() -> dict:
    """grammar/ru_aspect.yaml as loaded."""
    return load_table(GRAMMAR / "ru_aspect.yaml")


@lru_cache(maxsize=20000)
def perfective(lemma: str) -> str:
    """A Russian lemma -> the perfective infinitive of its verb when it is an imperfective
    with a derivable partner ("подписываться" -> "подписаться", "проводить" -> "провести"),
    else the lemma itself."""
    reflexive = lemma.endswith(REFLEXIVE) and lemma[:-2].endswith("ть")
    verb = lemma[:-2] if reflexive else lemma
    if not verb.endswith("ть") or not (_is(verb, "impf") or not _known(verb)):
        return lemma  # a perfective, or no verb; one pymorphy3 only guesses may still pair
    found = next((c for c in _candidates(verb) if c != verb and _is(c, "perf")), None)
    if found is None:
        return lemma
    return found + (REFLEXIVE[found[-1] in VOWELS] if reflexive else "")


def _candidates(verb: str):
    """The perfective infinitives an imperfective one may pair, most likely first."""
    table = rules()
    for root, partner in table["motion"].items():
        if verb.endswith(root) and len(verb) > len(root):
            yield verb[: -len(root)] + partner
    for ending in sorted(table["imperfective"], key=len, reverse=True):
        if verb.endswith(ending):
            for stem in _stems(verb[: -len(ending)], ending.startswith(("ыв", "ив"))):
                for new in table["imperfective"][ending]:
                    yield stem + new
            return


def _stems(stem: str, vowel: bool):
    """The perfective stems an imperfective stem may come from: as it is, with its last
    consonants restored ("утвержд" -> "утверд"), and for -ывать/-ивать with its last
    syllable's "а" restored ("рассматр" -> "рассмотр")."""
    table = rules()
    forms = [stem] + [stem[: -len(changed)] + was
                      for changed, olds in table["alternations"].items()
                      if stem.endswith(changed) for was in olds]
    yield from forms
    if vowel:
        for form in forms:
            at = max(form.rfind(v) for v in table["vowel"])
            if at > 0:
                yield form[:at] + table["vowel"][form[at]] + form[at + 1:]


def _known(word: str) -> bool:
    """Whether pymorphy3's dictionary holds `word` (not a guess from its ending)."""
    return numbers.morph().analyzer.word_is_known(word)


def _is(verb: str, aspect: str) -> bool:
    """Whether pymorphy3 knows `verb` as an infinitive of that aspect ("perf", "impf")."""
    return _known(verb) and any(p.tag.POS == "INFN" and aspect in p.tag and p.normal_form == verb
                                for p in numbers.morph().parse(verb))
