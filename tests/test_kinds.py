"""Typed facts: the kinds' models against the gold files, the docs, the schema and the corpus."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import get_args

import pytest
from pydantic import ValidationError

from parser.data import load_yaml, read_data
from parser.facts import extract
from parser.facts import text as text_reader
from parser.facts.kinds import KINDS, Grade, parse_fields
from parser.facts.model import Fact, InvalidFact, plain, screen
from parser.facts.schema import BEGIN, END, field_tables, parse_fact, schema_text

from conftest import entries_for
from parser.facts.score import gold_facts, load_gold
from parser.model import Span
from tests.test_facts import document

ROOT = Path(__file__).resolve().parent.parent
GOLD = sorted((ROOT / "tests" / "gold").glob("*.facts.yaml")) + \
    sorted((ROOT / "tests" / "fixtures").glob("*.facts.yaml"))
COMPILED = sorted((ROOT / "generated").glob("*.json"))
VOCABULARY = ROOT / "docs" / "vocabulary.md"
REFUSED = load_yaml((ROOT / "tests" / "facts" / "refused_fields.yaml").read_text(encoding="utf-8"))


def vocabulary_examples() -> list[dict]:
    """The facts of the ```yaml fact blocks of docs/vocabulary.md, numbers as Decimal."""
    blocks = re.findall(r"```yaml fact\n(.*?)```", VOCABULARY.read_text(encoding="utf-8"), re.S)
    return [fact for block in blocks for fact in load_yaml(block)]


@pytest.mark.parametrize("path", GOLD, ids=[p.name for p in GOLD])
def test_gold_facts_fit_their_kinds(path):
    facts = gold_facts(load_gold(path))
    assert facts
    assert [(f.kind, f.address, f.problem) for f in facts if f.problem] == []


def test_vocabulary_examples_fit_and_cover_every_kind():
    examples = vocabulary_examples()
    assert {e["kind"] for e in examples} == set(KINDS)
    for example in examples:
        parse_fields(example["kind"], {k: v for k, v in example.items() if k != "kind"})


@pytest.mark.parametrize("case", REFUSED, ids=[c["why"] for c in REFUSED])
def test_fields_that_do_not_fit_are_refused(case):
    with pytest.raises(ValidationError) as caught:
        parse_fields(case["kind"], case["fields"])
    assert case["field"] in {(e["loc"] or ("fields",))[0] for e in caught.value.errors()}


def test_numbers_are_exact_and_booleans_stay_booleans():
    one = parse_fields("threshold", {"subject": "kpi_count", "op": "==", "value": 1,
                                     "unit": None})
    yes = parse_fields("threshold", {"subject": "on_probation", "op": "==", "value": True,
                                     "unit": None})
    band = parse_fields("grade_band", {"scale": "average_score", "grade": "proper",
                                       "low": 3, "high": 3.99, "low_inclusive": True,
                                       "high_inclusive": True})
    assert one.value == Decimal(1) and not isinstance(one.value, bool) and yes.value is True
    assert str(band.high) == "3.99" and isinstance(band.low, Decimal)


def test_grades_are_the_ruleset_grades():
    rules = read_data(ROOT / "grammar" / "rules.yaml")
    assert set(get_args(Grade)) == set(rules["labels"])


def test_a_fact_knows_whether_it_fits_and_a_copy_is_checked_again():
    fields = {"event": "appeal", "anchor": "decision_issued", "rule": {"working_days": 5},
              "direction": "after"}
    fact = Fact(kind="deadline", address="app1/ch3/p20", span=Span(start=0, end=1), quote="x",
                fields=fields)
    assert fact.problem is None and fact.typed.rule.working_days == 5
    broken = fact.model_copy(update={"fields": {**fields, "rule": {"weeks": 1}}})
    assert broken.problem and broken.problem.startswith("rule")
    with pytest.raises(InvalidFact, match="app1/ch3/p20"):
        broken.typed
    kept, refused = screen([fact, broken])
    assert kept == [fact]
    assert [(d.code, d.severity, d.address) for d in refused] == \
        [("FACT_INVALID", "error", "app1/ch3/p20")]


@pytest.mark.parametrize("lang, sentence", [
    ("ru", "Служащий вправе обжаловать результаты оценки в течение десяти рабочих дней со дня "
           "ознакомления с ними."),
    ("kk", "Қызметші бағалау нәтижелеріне олармен танысқан күннен бастап он жұмыс күні ішінде "
           "шағымдануға құқылы."),
])
def test_a_reader_that_builds_bad_fields_gives_a_diagnostic_not_a_crash(lang, sentence,
                                                                         monkeypatch):
    read = text_reader.facts

    def misread(doc):
        """The text reader, its deadlines given a term in weeks."""
        found, notes = read(doc)
        return [f.model_copy(update={"fields": {**f.fields, "rule": {"weeks": 2}}})
                if f.kind == "deadline" else f for f in found], notes

    doc = document(lang, sentence)
    assert [f.kind for f in read(doc)[0]] == ["deadline"]
    monkeypatch.setattr(text_reader, "facts", misread)
    found = extract(doc)
    assert [f for f in found.facts if f.kind == "deadline"] == []
    invalid = [d for d in found.diagnostics if d.code == "FACT_INVALID"]
    assert [(d.address, d.severity) for d in invalid] == [("app1/ch1/p1", "error")]
    assert "rule" in invalid[0].message


@pytest.mark.parametrize("doc_id, path", entries_for("compiled_models", [(p.stem, p) for p in COMPILED]))
def test_compiled_facts_are_their_models_dumped(doc_id, path):
    data = json.loads(path.read_text(encoding="utf-8"))
    assert not [d for d in data.get("fact_diagnostics", []) if d["code"] == "FACT_INVALID"]
    for record in data.get("facts", []):
        fact = parse_fact(record)
        assert plain(fact.fields.model_dump(exclude_unset=True)) == record["fields"]


def test_compiled_facts_fit_the_json_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "generated" / "schema" / "facts.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    records = [r for p in COMPILED for r in json.loads(p.read_text(encoding="utf-8"))["facts"]]
    assert records
    assert [e.message for r in records for e in validator.iter_errors(r)][:5] == []
    broken = {**records[0], "fields": {**records[0]["fields"], "unknown_key": 1}}
    assert list(validator.iter_errors(broken))


def test_fact_schema_is_fresh():
    committed = (ROOT / "generated" / "schema" / "facts.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text()


def test_vocabulary_field_tables_are_the_models():
    text = VOCABULARY.read_text(encoding="utf-8")
    written = text[text.index(BEGIN) + len(BEGIN):text.index(END)]
    assert written.strip() == field_tables().strip(), \
        "docs/vocabulary.md differs from parser/facts/kinds.py: python -m parser.facts.schema"


def documented_keys() -> set[str]:
    """Every name written in backquotes in docs/vocabulary.md and docs/facts.md, outside code
    blocks (`{working_days: N}` documents `working_days`)."""
    names: set[str] = set()
    for page in ("vocabulary.md", "facts.md"):
        text = re.sub(r"```.*?```", "", (ROOT / "docs" / page).read_text(encoding="utf-8"),
                      flags=re.S)
        for quoted in re.findall(r"`([^`]+)`", text):
            names.update(re.findall(r"[\w-]+", quoted))
    return names


def used_keys(compiled=COMPILED, gold=GOLD) -> dict[tuple[str, str, str], set[str]]:
    """(kind, field, value) of every open key in the gold files and the compiled corpus ->
    the files that use it."""
    records = [(p.name, r) for p in gold for r in load_gold(p)] + \
        [(p.name, {"kind": r["kind"], **r["fields"]})
         for p in compiled for r in json.loads(p.read_text(encoding="utf-8"))["facts"]]
    used: dict[tuple[str, str, str], set[str]] = {}
    for name, record in records:
        for field in KINDS[record["kind"]].open_keys:
            value = record.get(field)
            for key in value if isinstance(value, list) else [value]:
                if isinstance(key, str):
                    used.setdefault((record["kind"], field, key), set()).add(name)
    return used


def test_every_open_key_of_the_gold_is_documented():
    documented = documented_keys()
    missing = {key: sorted(files) for key, files in used_keys(compiled=[]).items()
               if key[2] not in documented}
    assert missing == {}, "document these keys in docs/facts.md (Vocabulary extensions)"


@pytest.mark.parametrize("doc_id, path", entries_for("open_keys", [(p.stem, p) for p in COMPILED]))
def test_every_open_key_a_decree_compiles_to_is_documented(doc_id, path):
    documented = documented_keys()
    missing = [key for key in used_keys(compiled=[path], gold=[]) if key[2] not in documented]
    assert missing == [], "document these keys in docs/facts.md (Vocabulary extensions)"
