"""Issuing lines: issuer, kind, date, number, registration and repeal, as the decrees state them
(tests/golden/issuing.yaml)."""

from __future__ import annotations

import pytest
import yaml

from parser.acts import approval, find_dates, issuing, status
from parser.facts.references import issuer_in

from conftest import ROOT

EXPECTED = yaml.safe_load((ROOT / "tests" / "golden" / "issuing.yaml").read_text("utf-8"))


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_issuing_line(doc_id, parsed):
    doc = parsed(doc_id, ROOT / "corpus" / doc_id / "source.txt")
    issuing = [n for n in doc.nodes() if n.kind == "issuing"]
    assert [n.address for n in issuing] == ["main/issuing"]
    assert issuing[0].attrs == EXPECTED[doc_id]


@pytest.mark.parametrize("text, iso", [
    ("2023 жылғы 30 наурыздағы № 66", "2023-03-30"),
    ('2017 жылғы "27" маусым № 266', "2017-06-27"),
    ("от 15 декабря 2022 года № 836", "2022-12-15"),
    ("от 1 мая 2024 г.", "2024-05-01"),
    ("31.05.2022 шешімімен", "2022-05-31"),
])
def test_dates_in_both_languages(text, iso):
    assert [d for _, d in find_dates(text)] == [iso]


LINES = yaml.safe_load((ROOT / "tests" / "golden" / "issuing_lines.yaml").read_text("utf-8"))
READERS = {"issuing": issuing, "approval": approval, "status": status}


@pytest.mark.parametrize("case", LINES, ids=lambda c: f"{c['lang']}:{c['text'][:40]}")
def test_line_attributes(case):
    assert READERS[case.get("reader", "issuing")](case["text"]) == case["attrs"]


ISSUERS = yaml.safe_load((ROOT / "tests" / "golden" / "issuers.yaml").read_text("utf-8"))


@pytest.mark.parametrize("key, lang, name", [(key, lang, name) for key, names in ISSUERS.items()
                                             for lang, name in names],
                         ids=lambda v: v if isinstance(v, str) else "")
def test_issuer_key(key, lang, name):
    assert issuer_in(name, lang)[0] == key
