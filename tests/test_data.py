"""Numbers typed by a person and values a case file cannot hold (tests/fixtures/numbers.yaml),
and the YAML budget of aliases."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

from parser import limits
from parser.data import load_yaml, number, read_data
from parser.errors import InputError

from conftest import FIXTURES

TABLE = yaml.safe_load((FIXTURES / "numbers.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("text, value", TABLE["read"].items())
def test_numbers_read(text, value):
    assert number(text) == Decimal(value)


@pytest.mark.parametrize("text, words", TABLE["refused"].items())
def test_numbers_refused(text, words):
    with pytest.raises(ValueError, match=words):
        number(text)


def test_a_long_number_is_refused_without_being_echoed():
    with pytest.raises(ValueError) as exc:
        number("9" * 100_000)
    assert len(str(exc.value)) < 100


@pytest.mark.parametrize("text, where", TABLE["yaml"].items())
def test_yaml_values_that_are_not_data_name_their_line(tmp_path, text, where):
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_data(path)
    assert exc.value.where.startswith(where.split()[1] + ":")


def test_yaml_numbers_stay_exact():
    assert load_yaml("a: 3.99\nb: 4\nc: 1_000") == {"a": Decimal("3.99"), "b": 4, "c": 1000}


def test_aliases_within_the_budget_are_read():
    text = "a: &a [1, 2]\nb: [*a, *a]\n"
    assert load_yaml(text)["b"] == [[1, 2], [1, 2]]


def test_alias_count_over_the_budget_is_refused():
    text = "a: &a 1\nb: [" + ", ".join(["*a"] * (limits.YAML_ALIASES + 1)) + "]\n"
    with pytest.raises(yaml.YAMLError, match="aliases"):
        load_yaml(text)
