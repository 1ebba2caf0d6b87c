"""Property tests (hypothesis) over the stages that read what a user gives: normalization,
the structure grammar, the fact readers, the expression language and the case loader. No
exception but the documented ones escapes; coverage and determinism hold.

CI runs the small profile (a few seconds a property); `make fuzz` runs the `fuzz` profile
(HYPOTHESIS_PROFILE=fuzz: many more examples)."""

from __future__ import annotations

import os
from decimal import Decimal

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from parser.compile import coverage, parse_raw
from parser.data import read_data
from parser.errors import InputError
from parser.export import document_data
from parser.facts import extract
from parser.model import RawText
from parser.normalize import normalize
from parser.rules import expr
from parser.rules.cases import load_ruleset
from parser.rules.interpret import evaluate

from conftest import FIXTURES

settings.register_profile("ci", max_examples=15, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.function_scoped_fixture])
settings.register_profile("fuzz", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Lines of the two small decrees (kk and ru), to be shuffled, dropped, repeated and damaged.
LINES = [line for name in ("parity_kk.txt", "parity_ru.txt")
         for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines()]
NOISE = st.text(st.sampled_from(list("1.)\t |-#*_[]<>:;,№ \u00a0\u00ad\u200b\u2028"
                                     "аәбвгғқңөұүһіoOeE0123456789IVX")), max_size=30)
FORMATS = st.sampled_from(["text", "markdown", "docx", "html", "pdf"])


@st.composite
def decrees(draw):
    """A decree-like text: fixture lines in a drawn order, some damaged, with noise."""
    picked = draw(st.lists(st.sampled_from(LINES), min_size=1, max_size=60))
    lines = []
    for line in picked:
        how = draw(st.integers(0, 9))
        if how == 0:
            line = draw(NOISE)
        elif how == 1:
            cut = draw(st.integers(0, len(line)))
            line = line[:cut] + draw(NOISE) + line[cut:]
        lines.append(line)
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\n\n"]))


def _raw(text: str, fmt: str) -> RawText:
    return RawText(path="fuzz.txt", format=fmt, text=text)


@given(st.text(max_size=400), FORMATS)
def test_normalization_keeps_a_map_for_every_character(text, fmt):
    text = text.replace("\r", "\n")
    result = normalize(_raw(text, fmt))
    assert len(result.text.text) == len(result.text.offsets)
    assert all(0 <= o <= len(text) for o in result.text.offsets)
    again = normalize(_raw(text, fmt))
    assert again.text.text == result.text.text and list(again.text.offsets) == \
        list(result.text.offsets)


@given(decrees(), FORMATS)
def test_structure_covers_every_character_once_and_is_deterministic(text, fmt):
    try:
        doc = parse_raw(_raw(text, fmt), "fuzz")
    except InputError:
        return  # refused as not a decree, with a reason
    covered, total, bad = coverage(doc)
    assert not bad and covered == total
    assert document_data(parse_raw(_raw(text, fmt), "fuzz")) == document_data(doc)


@given(decrees())
def test_fact_readers_keep_addresses_and_are_deterministic(text):
    try:
        doc = parse_raw(_raw(text, "text"), "fuzz")
    except InputError:
        return
    found = extract(doc)
    addresses = {node.address for node in doc.nodes()}
    assert all(fact.address in addresses for fact in found.facts)
    again = extract(doc)
    assert [f.model_dump() for f in again.facts] == [f.model_dump() for f in found.facts]


NAMES = ["scores", "score", "points", "total", "count_kpi"]
TOKENS = st.sampled_from(NAMES + ["sum", "avg", "min", "max", "round", "count", "(", ")",
                                  ",", "+", "-", "*", "/", "<", "<=", "==", "and", "or",
                                  "not", "0", "1", "2.5", "0,4", "100", "1e999", "'x'", "true"])
VALUES = st.one_of(st.decimals(allow_nan=False, allow_infinity=False, places=3,
                               min_value=-10 ** 6, max_value=10 ** 6),
                   st.lists(st.decimals(allow_nan=False, allow_infinity=False, places=2,
                                        min_value=0, max_value=5), max_size=6),
                   st.booleans(), st.text(max_size=3))


@given(st.lists(TOKENS, max_size=14).map(" ".join) | st.text(max_size=40),
       st.dictionaries(st.sampled_from(NAMES), VALUES))
def test_expressions_give_a_value_or_an_expression_error(text, env):
    try:
        parsed = expr.parse(text)
        value = expr.evaluate(parsed, env)
    except expr.ExprError:
        return
    assert isinstance(value, (Decimal, bool, str, int))
    assert expr.evaluate(expr.parse(str(parsed)), env) == value  # the printed form reads back


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10 ** 30, 10 ** 30),
                    st.decimals(allow_nan=True, allow_infinity=True), st.text(max_size=12),
                    st.sampled_from(["3,99", "4", " 5 ", "NaN", "-0", "1e5", "0x10"]))
INPUTS = st.sampled_from(["position", "scores", "sanction", "tenure_days", "worked_days",
                          "method", "quarterly_scores", "on_probation", "kpi_percent", "x"])


@given(st.dictionaries(INPUTS, SCALARS | st.lists(SCALARS, max_size=6)) | st.lists(SCALARS)
       | SCALARS)
# `make fuzz` found it: scores but no position where two sheets could apply is missing_input
# (the position, citing both sheets), a kind this list lacked — the program was right
@example(case={"scores": []})
def test_evaluation_of_any_case_ends_in_a_result_or_a_named_error(case):
    result = evaluate(_ruleset(), case)
    if result.error is not None:
        assert result.error.kind in {"invalid_input", "missing_input", "ambiguous_tenure",
                                     "missing_rule", "no_band", "overlap"}
        assert "<class" not in result.error.message and len(result.error.message) < 400


@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode)
       | st.lists(st.sampled_from(["a: &a [1, 2]", "b: [*a, *a]", "given:", "  x: 1",
                                   "- *a", "c: !!python/object:os.system", "d: 2026-02-30",
                                   "e: .nan", "f: 1:30", "{", "[", "'"]), max_size=8)
       .map(lambda lines: "\n".join(lines).encode()))
def test_the_case_loader_gives_data_or_a_reason(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("case") / "case.yaml"
    path.write_bytes(data)
    try:
        read_data(path)
    except InputError as exc:
        assert exc.reason and "Traceback" not in exc.reason


_RULESETS: dict = {}


def _ruleset():
    if not _RULESETS:
        _RULESETS["r"] = load_ruleset("zhanakorgan-akimat-2026-10")
    return _RULESETS["r"]
