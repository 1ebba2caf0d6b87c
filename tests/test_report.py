"""`ereje report`: the static site of the corpus. The structure is checked here without a
browser (every fact highlighted with an anchor, every in-site link resolves); the same in a
real browser, the filters and the console, in tests/test_report_browser.py."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from parser.cli import main
from parser.data import load_yaml
from parser.report.rules import entries
from parser.rules.load import load_ruleset

from conftest import ROOT, corpus_entries

SOURCES = dict(corpus_entries())


class Page(HTMLParser):
    """The ids, links and highlighted facts of one page."""

    def __init__(self, text: str):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.marked: set[str] = set()
        self.rule_links: dict[str, str] = {}
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
            if "data-rule-for" in a:
                self.rule_links[a["data-rule-for"]] = a["href"]
        if tag == "mark" and "data-facts" in a:
            self.marked.update(a["data-facts"].split())


def pages(site: Path) -> dict[str, Page]:
    """Every page of the site by file name."""
    return {p.name: Page(p.read_text(encoding="utf-8")) for p in site.glob("*.html")}


def test_every_page_kind_is_written(site):
    names = {p.name for p in site.glob("*.html")}
    assert {"index.html", "compare.html"} <= names
    assert {f"{i}.html" for i in SOURCES} <= names
    assert any(n.startswith("pair-") for n in names)
    assert (site / "static" / "report.css").is_file() and (site / "static" / "report.js").is_file()


def test_every_fact_is_highlighted_and_linked_to_its_rule(site):
    for doc_id in SOURCES:
        page = Page((site / f"{doc_id}.html").read_text(encoding="utf-8"))
        count = len(json.loads((ROOT / "generated" / f"{doc_id}.json")
                               .read_text(encoding="utf-8"))["facts"])
        facts = {f"fact-{i}" for i in range(count)}
        assert facts <= page.ids, doc_id
        assert facts <= page.marked, (doc_id, sorted(facts - page.marked))
        for fact in facts:
            target = page.rule_links[fact]
            assert target.startswith("#rule-") and target[1:] in page.ids, (doc_id, fact)


def test_every_diagnostic_is_shown(site):
    """The document's, the facts' and the rule plan's checker findings, each once."""
    for doc_id in SOURCES:
        data = json.loads((ROOT / "generated" / f"{doc_id}.json").read_text(encoding="utf-8"))
        text = (site / f"{doc_id}.html").read_text(encoding="utf-8")
        shown = len(re.findall(r'<li class="diag diag-', text))
        assert shown == len(data["diagnostics"]) + len(data["fact_diagnostics"]) + \
            len(data["ruleset"]["plan"]["diagnostics"]), doc_id


def test_every_link_inside_the_site_resolves(site):
    found = pages(site)
    for name, page in found.items():
        for href in page.links:
            if re.match(r"^[a-z]+:", href):
                pytest.fail(f"{name}: a link out of the site: {href}")
            file, _, anchor = href.partition("#")
            target = found.get(file or name)
            if not file.startswith("static/"):
                assert target is not None, (name, href)
                assert not anchor or anchor in target.ids, (name, href)


def test_nothing_is_fetched_from_the_network(site):
    for path in site.rglob("*"):
        if path.suffix in (".html", ".css", ".js"):
            assert not re.search(r"(src|href)=\"(https?:)?//|url\((https?:)?//|@import",
                                 path.read_text(encoding="utf-8")), path


def test_cases_and_versions_are_shown(site):
    text = (site / "zhanakorgan-akimat-2026-10.html").read_text(encoding="utf-8")
    assert 'class="case pass"' in text and 'class="trace-link"' in text
    karasu = (site / "karasu-akimat-2025-139.html").read_text(encoding="utf-8")
    assert "karasu_district_akimat_2023_66" in karasu  # the work it amends, in its versions


def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert main(["report", str(empty), "--out", str(tmp_path / "site")]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and ": error: " in lines[0]


RULES = load_yaml((ROOT / "tests" / "report" / "rules.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("expected", RULES, ids=[e["ruleset"] for e in RULES])
def test_the_rules_read_from_the_plan_say_what_the_clauses_say(expected):
    """Each entry of tests/report/rules.yaml is on the decree's page, citing its clause."""
    sections = entries(load_ruleset(expected["ruleset"]))
    for want in expected["entries"]:
        shown = [(e.label, e.text) for e in sections.get(want["heading"], [])
                 if want["clause"] in [s["address"] for s in e.sources]]
        assert (want["label"], want["text"]) in shown, (want, shown)
