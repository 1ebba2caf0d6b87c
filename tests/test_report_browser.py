"""The report in a real browser: headless Chromium from the system packages (apt, installed
by .ci/run) driven by Playwright. Skipped, saying why, when no browser can be had.
Screenshots of each page kind go to tests/output/screenshots/ for a person to look at."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, corpus_entries

SHOTS = ROOT / "tests" / "output" / "screenshots"
SOURCES = dict(corpus_entries())
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    """A headless system Chromium, or a skip naming what is missing."""
    sync = pytest.importorskip("playwright.sync_api", reason="playwright is not installed "
                               "(pip install -e '.[test]')")
    if not Path(CHROMIUM).exists():
        pytest.skip("no system Chromium (/usr/bin/chromium): .ci/run installs it with apt")
    with sync.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        except Exception as exc:  # a browser that cannot start is a skip, not a failure
            pytest.skip(f"Chromium did not start: {str(exc).splitlines()[0]}")
        yield b
        b.close()


@pytest.fixture
def open_page(browser, site):
    """Open a page of the site; fails the test on any console error or page error."""
    opened = []

    def go(name: str):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((site / name).resolve().as_uri())
        page.wait_for_load_state("load")
        opened.append((page, errors))
        return page

    yield go
    for page, errors in opened:
        assert not errors, errors
        page.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


@pytest.mark.parametrize("doc_id", sorted(SOURCES))
def test_every_fact_is_highlighted_and_its_link_resolves(doc_id, open_page):
    page = open_page(f"{doc_id}.html")
    result = page.evaluate("""() => {
      const anchors = [...document.querySelectorAll('span.anchor[id^="fact-"]')];
      const bad = [];
      for (const a of anchors) {
        const mark = document.querySelector(`mark.fact[data-facts~="${a.id}"]`);
        const box = mark && mark.getBoundingClientRect();
        if (!mark || !box.width || !box.height) { bad.push(a.id + ' not highlighted'); continue; }
        const link = document.querySelector(`a.rule-link[data-rule-for="${a.id}"]`);
        if (!link) { bad.push(a.id + ' no rule link'); continue; }
        const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
        if (!target) bad.push(a.id + ' link to nothing: ' + link.hash);
      }
      return {count: anchors.length, bad};
    }""")
    assert result["count"] > 0 and not result["bad"], result["bad"][:10]
    link = page.locator("a.rule-link").first
    link.click()
    assert page.evaluate("location.hash").startswith("#rule-")
    if doc_id == "zhanakorgan-akimat-2026-10":  # a clause with facts, then one of its forms
        for where, name in (("app1/ch1/p4", "decree"), ("app1/app1/table1", "decree-table")):
            page.evaluate("id => document.getElementById(id).scrollIntoView()", where)
            shot(page, name)


def test_the_comparison_filters(open_page):
    page = open_page("compare.html")
    rows = page.locator("#matrix tbody tr")
    total = rows.count()
    visible = lambda: page.locator("#matrix tbody tr:not([hidden])").count()  # noqa: E731
    assert visible() == total > 0
    shot(page, "compare")
    differs = page.locator("#matrix tbody tr[data-same=no]").count()
    page.check("#filter-diff")
    differing = visible()
    assert 0 < differing == differs <= total
    assert page.locator("#matrix tbody tr:not([hidden])[data-same=yes]").count() == 0
    assert page.locator("#filter-count").inner_text() == f"{differing} of {total} rows"
    page.uncheck("#filter-diff")
    page.select_option("#filter-kind", "deadline")
    assert 0 < visible() < total
    assert page.locator("#matrix tbody tr:not([hidden]):not([data-kind=deadline])").count() == 0
    page.select_option("#filter-kind", "")
    page.fill("#filter-text", "tenure in position")
    assert 0 < visible() < total
    page.fill("#filter-text", "")
    assert visible() == total


def test_a_case_trace_links_to_existing_clauses(open_page):
    page = open_page("zhanakorgan-akimat-2026-10.html")
    links = page.locator("a.trace-link")
    assert links.count() > 0
    missing = page.evaluate("""() => [...document.querySelectorAll('a.trace-link')]
      .filter(a => !document.getElementById(decodeURIComponent(a.hash.slice(1))))
      .map(a => a.hash)""")
    assert not missing
    page.locator("details").first.evaluate("d => d.open = true")
    first = page.locator("a.trace-link").first
    first.click()
    target = page.evaluate("decodeURIComponent(location.hash.slice(1))")
    assert page.evaluate("t => !!document.getElementById(t)", target)
    page.goto(page.url.split("#")[0] + "#cases")
    page.locator("details").first.evaluate("d => d.open = true")
    shot(page, "cases")


def test_index_and_pair_pages(open_page):
    page = open_page("index.html")
    assert page.locator("main table tbody tr").count() == len(SOURCES)
    assert page.locator("a.skip").count() == 1
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    shot(page, "index")
    pair = page.locator("a[href^='pair-']").first
    pair.click()
    page.wait_for_load_state("load")
    assert page.locator("table.pair tbody tr").count() > 0
    shot(page, "pair")
