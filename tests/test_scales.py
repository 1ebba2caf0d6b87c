"""Gap and overlap checks over scales, with the bands of the seeds (values from the gold
files, read from the decrees) built by hand."""

from __future__ import annotations

from decimal import Decimal as D

from parser.compile import parse_raw
from parser.facts.model import Fact
from parser.facts.scales import check, rounding
from parser.model import RawText, Span

PLAIN = parse_raw(RawText(path="plain.txt", format="text", text=(
    "1. Бағалау нәтижелері мынадай саралау бойынша қойылады.\n"
    "2. Бағалау тоқсан сайын жүргізіледі.\n")), "plain")
ROUNDS = parse_raw(RawText(path="rounds.txt", format="text", text=(
    "1. Результаты оценки выставляются по следующей градации.\n"
    "2. Средняя оценка округляется до сотых.\n")), "rounds")


def band(address, low, high, lo_in=True, hi_in=True, scale="average_score", at=0):
    fields = {"scale": scale, "grade": "g", "low": None if low is None else D(low),
              "high": None if high is None else D(high), "low_inclusive": lo_in,
              "high_inclusive": hi_in}
    return Fact(kind="grade_band", address=address, span=Span(start=at, end=at + 1),
                quote="", fields=fields)


def zero_to_five(address="app1/ch1/p7"):
    """Clause 7 of seeds 000/003 (clause 8 of seed 002): 4-5, 3-3.99, 2-2.99, 0-1.99."""
    return [band(address, "4", "5", at=10), band(address, "3", "3.99", at=20),
            band(address, "2", "2.99", at=30), band(address, "0", "1.99", at=40)]


def test_the_zero_to_five_scale_has_three_one_hundredth_gaps():
    found = check(zero_to_five(), PLAIN)
    assert [(d.code, d.severity) for d in found] == [("SCALE_GAP", "warning")] * 3
    messages = [d.message.split(";")[0] for d in found]
    assert messages == [
        "(1.99, 2) is in no band: app1/ch1/p7 [0, 1.99], app1/ch1/p7 [2, 2.99]",
        "(2.99, 3) is in no band: app1/ch1/p7 [2, 2.99], app1/ch1/p7 [3, 3.99]",
        "(3.99, 4) is in no band: app1/ch1/p7 [3, 3.99], app1/ch1/p7 [4, 5]"]
    assert "no rounding rule" in found[0].message and "no_band" in found[0].message
    assert found[2].span == Span(start=10, end=11) and found[2].address == "app1/ch1/p7"


def test_a_stated_rounding_rule_closes_a_one_unit_gap():
    rule = rounding(ROUNDS)
    assert (rule.digits, rule.address, rule.quote) == (2, "app1/p2", "до сотых")
    found = check(zero_to_five(), ROUNDS)
    assert {d.severity for d in found} == {"info"}
    assert found[0].message.endswith('closed if scores are kept to 2 decimals: the decree '
                                     'rounds to 2 decimals in app1/p2 "до сотых"')
    assert rounding(PLAIN) is None


def test_a_coarser_gap_is_not_closed_by_rounding_to_hundredths():
    tenths = [band("app1/ch5/p33", "3", "3.9"), band("app1/ch5/p33", "4", "4.9")]
    [gap] = check(tenths, ROUNDS)
    assert gap.severity == "warning" and "rounds to 2 decimals" in gap.message


def test_seed_002_kpi_table_gap_is_wider_than_rounding():
    rows = [{"low": D(lo), "high": D(hi), "low_inclusive": True, "high_inclusive": True,
             "value": [D(0), D(1)]} for lo, hi in (("45", "49.99"), ("40", "44.49"))]
    table = Fact(kind="lookup_table", address="app1/app3/table1", span=Span(start=5, end=9),
                 quote="", fields={"name": "kpi_percent_to_score_range", "input": "kpi_percent",
                                   "output": "score_range", "rows": rows})
    [gap] = check([table], ROUNDS)
    assert gap.severity == "warning"
    assert gap.message == ("(44.49, 45) is in no band: app1/app3/table1 [40, 44.49], "
                           "app1/app3/table1 [45, 49.99]")


def test_seed_004_quarterly_and_annual_scales():
    p27 = [band("app1/ch4/p27", None, "80", None, False, "quarterly_points"),
           band("app1/ch4/p27", "80", "105", scale="quarterly_points"),
           band("app1/ch4/p27", "106", "130", scale="quarterly_points"),
           band("app1/ch4/p27", "130", None, False, None, "quarterly_points")]
    p33 = [band("app1/ch5/p33", None, "3", None, False, "annual_score"),
           band("app1/ch5/p33", "3", "3.9", scale="annual_score"),
           band("app1/ch5/p33", "4", "4.9", scale="annual_score"),
           band("app1/ch5/p33", "5", "5", scale="annual_score")]
    found = [d.message.split(":")[0] for d in check(p27 + p33, PLAIN)]
    assert found == ["(105, 106) is in no band", "(3.9, 4) is in no band",
                     "(4.9, 5) is in no band"]


def test_overlap_and_a_point_gap():
    overlap = [band("app1/ch1/p7", "0", "2"), band("app1/ch1/p7", "2", "3")]
    [d] = check(overlap, PLAIN)
    assert d.code == "SCALE_OVERLAP"
    assert d.message == "[2, 2] is in two bands: app1/ch1/p7 [0, 2], app1/ch1/p7 [2, 3]"
    point = [band("app1/ch1/p7", "0", "2", hi_in=False), band("app1/ch1/p7", "2", "3", lo_in=False)]
    [d] = check(point, PLAIN)
    assert d.code == "SCALE_GAP" and d.message.startswith("[2, 2] is in no band")


def test_open_ends_that_meet_leave_no_gap():
    assert check([band("app1/ch4/p27", None, "80", None, False),
                  band("app1/ch4/p27", "80", "105")], PLAIN) == []


def test_scales_are_one_clause_or_adjacent_clauses():
    adjacent = [band("app1/ch4/p27", "0", "5"), band("app1/ch4/p28/sub1", "4", "6")]
    assert [d.code for d in check(adjacent, PLAIN)] == ["SCALE_OVERLAP"]
    apart = [band("app1/ch4/p7", "0", "5"), band("app1/ch4/p30", "0", "5")]
    assert check(apart, PLAIN) == []
    other_scale = [band("app1/ch4/p27", "0", "5"), band("app1/ch4/p27", "0", "5", scale="x")]
    assert check(other_scale, PLAIN) == []


def test_whole_number_counts_have_no_value_between_bands():
    kpi = [band("app1/ch6/sec1/p51", n, n, scale="kpi_achieved") for n in ("5", "4", "3")]
    assert {d.severity for d in check(kpi, PLAIN)} == {"info"}
