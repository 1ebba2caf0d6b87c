"""Issuing lines: issuer, kind, date, number, registration and repeal, as the decrees state them
(values from the decrees' own first lines and the seeds' README)."""

from __future__ import annotations

import pytest

from parser.acts import find_dates

from conftest import ROOT

EXPECTED = {
    "karasu-akimat-2025-139": {
        "kind": "resolution", "issuer": "Қостанай облысы Қарасу ауданы әкімдігінің",
        "date": "2025-08-14", "number": "139"},
    "beskaragay-maslikhat-2020-57-14": {
        "kind": "decision", "issuer": "Шығыс Қазақстан облысы Бесқарағай аудандық мәслихатының",
        "date": "2020-10-27", "number": "57/14-VI",
        "registration_date": "2020-11-06", "registration_number": "7777",
        "repealed_by_date": "2022-05-31", "repealed_by_number": "20/2-VII"},
    "mdai-order-2023-279": {
        "kind": "order", "date": "2023-07-24", "number": "279/НҚ",
        "issuer": "Қазақстан Республикасының Цифрлық даму, инновациялар және аэроғарыш "
                  "өнеркәсібі министрінің"},
    "zhanakorgan-akimat-2026-10": {
        "kind": "resolution", "issuer": "Жанакорганского районного акимата Кызылординской области",
        "date": "2026-01-28", "number": "10"},
    "almaty-oblast-akimat-2017-97": {
        "kind": "resolution", "issuer": "Алматы облысы әкімдігінің",
        "date": "2017-03-03", "number": "97",
        "registration_date": "2017-03-29", "registration_number": "4159",
        "repealed_by_date": "2018-03-06", "repealed_by_number": "106"},
}


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
