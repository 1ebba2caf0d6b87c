"""The meaning lexicon: stems that cover every inflection, stable ids, fired entries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parser.data import load_yaml
from parser.facts import definitions, lexicon, nlp
from parser.facts.profiles import kk_key, profile
from parser.facts.text import fired_entries
from tests.test_facts import document

HERE = Path(__file__).resolve().parent
CASES = load_yaml((HERE / "facts" / "lexicon.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[f"{c['lang']}-{c['words']}" for c in CASES])
def test_entry_covers_inflections(case):
    keys = profile(case["lang"]).keys(nlp.tokens(case["words"], case["lang"]))
    found = lexicon.find(case["table"], case["lang"], keys)
    assert (found.key if found else None) == case["key"], keys


@pytest.mark.parametrize("forms, stem", [
    (["болған", "болу", "болуы", "болуға"], "бол"),
    (["сақталады", "сақталуы", "сақталған"], "сақта"),
    (["аспауы", "аспайды"], "аспа"),
    (["жүргізіледі", "жүргізілуі", "жүргізілген", "жүргізу"], "жүргіз"),
    (["қояды", "қойылады", "қою"], "қо"),
    (["демалысында", "демалысы", "демалыста", "демалыстан"], "демалыс"),  # not "демалы-сы"
])
def test_kazakh_forms_share_a_stem(forms, stem):
    """A Kazakh verb's forms all begin with one stem; negation stays on it."""
    assert all(kk_key(form).startswith(stem) for form in forms), [kk_key(f) for f in forms]


@pytest.mark.parametrize("word, key", [
    ("жүргізіледі", "жүргіз"),  # a finite verb: -еді is no case ending, -і no possessive
    ("қояды", "қой"),
    ("бала", "бал"),  # the root is not eaten: not "ба-л-а"
    ("қол", "қол"),
    ("тіл", "тіл"),
    ("мәнде", "мән"),
    ("алған", "ал"),  # a two-letter root only when it is a known stem
    ("етуді", "ет"),  # a verbal noun in -у takes -ді as after a consonant
    ("бағаланады", "бағалан"),  # a passive that names another concept keeps its voice
    ("бағалануы", "бағалан"),
    ("бағалауы", "бағала"),
    ("қосынды", "қосын"),  # a noun derived from a verb ("a sum") is not the verb ("қос", add)
    ("қосындысына", "қосын"),
    ("қорытындысы", "қорытын"),
    ("шәкілдері", "шәкіл"),  # a noun's -іл is no passive
    ("қосуды", "қос"),  # the verbal noun does lose its ending, and its voice after it
    ("бекітілгеннен", "бекіт"),
    ("сақталуы", "сақта"),
])
def test_kazakh_keys_keep_the_root(word, key):
    """A match key keeps the whole root: short stems only when known."""
    assert kk_key(word) == key


@pytest.mark.parametrize("lang, written, text, matches", [
    ("kk", "ұсыныс ал", "ұсынысты алған күннен", True),
    ("kk", "ұсыныс ал", "ұсыныс алты айда", False),  # "ал" is not the start of "алты"
    ("ru", "до начало", "до начала оценки", True),
    ("ru", "до начало", "доведения начала", False),
])
def test_a_short_key_matches_only_itself(lang, written, text, matches):
    """A key of fewer than MIN_PREFIX letters matches a whole key, never a prefix."""
    prof = profile(lang)
    pattern = lexicon.key_pattern(written, prof)
    assert bool(re.search(pattern, prof.keys(nlp.tokens(text, lang)))) is matches


@pytest.mark.parametrize("lang, written, text, matches", [
    ("kk", "бағалау", "қызметшіні бағалау жүргізіледі", True),
    ("kk", "бағалау", "бағаланатын жылдың желтоқсанына", False),  # the year evaluated
    ("kk", "бағалану", "бағаланатын жылдың желтоқсанына", True),
    ("kk", "бағалау", "бағалаушы тұлға", True),  # the evaluator: the act's agent, active
    ("kk", "сақтау", "құжаттар сақталады", True),  # another stem's voice: one concept
    ("ru", "оцениваться", "служащий оценивается ежеквартально", True),
    ("ru", "оцениваться", "руководитель оценивает служащего", False),
    ("ru", "оценивать", "руководитель оценивает служащего", True),
])
def test_a_voice_that_changes_the_concept_is_kept(lang, written, text, matches):
    """"бағалау" (to evaluate) is not "бағалану" (to be evaluated): the passive is kept on the
    key and the active stem does not match it (grammar/kk_suffixes.yaml `voice_kept`); a
    Russian lemma keeps the reflexive passive ("оцениваться")."""
    prof = profile(lang)
    pattern = lexicon.key_pattern(written, prof)
    assert bool(re.search(pattern, prof.keys(nlp.tokens(text, lang)))) is matches


@pytest.mark.parametrize("lang, written, text, matches", [
    ("kk", "қосу!", "балдардың қосындысы", False),  # the sum is not "to add"
    ("kk", "қосу!", "балдарды қосу арқылы", True),
    ("kk", "қосынды", "балдардың қосындысына", True),
    ("kk", "қорытынды", "қорытындылары бойынша", True),
    ("ru", "суммировать", "сумма баллов", False),
    ("ru", "сумма", "суммы баллов", True),
])
def test_a_noun_is_not_the_verb_it_derives_from(lang, written, text, matches):
    """A noun ending after a verb's voice makes a noun ("қосын-ды", a sum), never the verb
    ("қос-ын", to add): grammar/kk_suffixes.yaml `nominal_forms`."""
    prof = profile(lang)
    pattern = lexicon.key_pattern(written, prof)
    assert bool(re.search(pattern, prof.keys(nlp.tokens(text, lang)))) is matches


@pytest.mark.parametrize("lang, written, text, matches", [
    ("ru", "проводить", "оценка проведена в срок", True),
    ("ru", "проводить", "оценка проводится ежеквартально", True),
    ("ru", "провести", "руководитель проводит оценку", True),
    ("ru", "подписать", "оценочный лист подписывается", True),
    ("ru", "рассматривать", "жалоба рассмотрена", True),
    ("ru", "ознакомить", "служащего ознакамливают с результатами", True),
    ("ru", "устанавливать", "показатели установлены", True),
    ("ru", "оцениваться", "руководитель оценил служащего", False),  # the passive stays apart
    ("ru", "проводить", "служащий находится в отпуске", False),
    ("kk", "өткізу", "бағалау өткізілді", True),
    ("kk", "өткізу", "бағалау өткізіледі", True),
])
def test_a_verb_matches_in_either_aspect(lang, written, text, matches):
    """A Russian verb and its aspect partner share a key (parser/facts/aspect.py); a Kazakh
    verb's tenses share its stem."""
    prof = profile(lang)
    pattern = lexicon.key_pattern(written, prof)
    assert bool(re.search(pattern, prof.keys(nlp.tokens(text, lang)))) is matches


def test_entry_ids_are_stable_and_unique():
    ids = [e.id for table in lexicon.entries().values() for e in table]
    assert len(ids) == len(set(ids))
    assert "events.records_retention" in ids and "subjects.tenure_in_position" in ids


@pytest.mark.parametrize("lang, sentence, fired", [
    ("kk", "Бағалау нәтижелері бағалау аяқталған күннен бастап бес жыл бойы сақталады.",
     {"events.records_retention", "anchors.evaluation_completed"}),
    ("ru", "Документы хранятся в течение пяти лет со дня завершения оценки.",
     {"events.records_retention", "anchors.evaluation_completed"}),
])
def test_fired_entries(lang, sentence, fired):
    """The entries that decided a document's meanings, counted."""
    counts = fired_entries(document(lang, sentence))
    assert fired <= set(counts) and all(n > 0 for n in counts.values())


DEFINITIONS = load_yaml((HERE / "facts" / "definitions.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", DEFINITIONS, ids=[f"{c['lang']}{i}" for i, c in enumerate(DEFINITIONS)])
def test_a_defined_short_term_stands_for_its_expansion(case):
    """"(далее – КС)", "(бұдан әрі – КС)": from the definition on, the short term is read as
    the words it stands for; a term that names itself, or one the lexicon knows, is left."""
    lang = case["lang"]
    doc = document(lang, case["text"])
    found = definitions.find(doc)
    assert [[" ".join(d.short), d.expansion] for d in found] == case["defined"]
    sentences = [s for s in nlp.analyze(doc.text, lang) if "КС" in doc.text[s.start:s.end]]
    with definitions.scope(doc):
        read = [profile(lang).keys(s.tokens) for s in sentences]
    if "after" in case:
        assert read[-1] == case["after"]
    if "before" in case:
        assert read[0] == case["before"]


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_documents_short_terms_are_looked_up_once_per_reading(lang, monkeypatch):
    """extract() and its sentence reader both read inside the document's terms: the terms
    are found once, and the inner block still reads them."""
    case = next(c for c in DEFINITIONS if c["lang"] == lang and c["defined"])
    doc = document(lang, case["text"])
    calls = []
    find = definitions.find
    monkeypatch.setattr(definitions, "find", lambda d: calls.append(d) or find(d))
    with definitions.scope(doc):
        with definitions.scope(doc):
            inner = profile(lang).keys(nlp.analyze(doc.text, lang)[-1].tokens)
        outer = profile(lang).keys(nlp.analyze(doc.text, lang)[-1].tokens)
    assert len(calls) == 1 and inner == outer
    with definitions.scope(doc):
        pass
    assert len(calls) == 2  # a new reading looks them up again


WEIGHTED_SHORT = {
    "ru": "Ключевые целевые показатели (далее – КЦП) утверждаются руководителем. Годовая оценка "
          "руководителя выводится путем сложения шестидесяти процентов итогового балла по КЦП и "
          "сорока процентов результата оценки методом 360.",
    "kk": "Тиімділіктің негізгі көрсеткіштері (бұдан әрі – ТНК) басшымен бекітіледі. Басшының "
          "жылдық бағасы ТНК бойынша бағаның алпыс пайызы мен 360 әдісімен бағалау нәтижесінің "
          "қырық пайызын қосу арқылы айқындалады.",
}


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_short_term_names_a_part_of_a_weighted_sum(lang):
    """A weighted sum in words reads its parts' names as every reader does, a short term the
    document defined as what it stands for ("итогового балла по КЦП", "ТНК бойынша бағаның";
    round 43: the weights reader keyed each word alone)."""
    from parser.facts import extract
    found = [(f.fields["target"], f.fields["expression"])
             for f in extract(document(lang, WEIGHTED_SHORT[lang])).facts if f.kind == "formula"]
    assert found == [("annual_score", "0.6 * kpi_scores + 0.4 * competency_average")]
