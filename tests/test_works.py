"""Works and versions over a corpus folder: pending instructions while a base is missing, the
same instructions applied once it is added, version boundaries on entry-into-force dates.
Act metadata and instructions are written by reading the texts (the reader is given)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from parser.amend.model import ActMeta, EntryIntoForce, Instruction
from parser.amend.works import NoVersion, write_consolidated
from parser.pipeline import Corpus

from conftest import CORPUS
from test_consolidate import KARASU_66, KARASU_139, fixture_text, nodes, span

KARASU_50 = KARASU_66.model_copy(update={"date": dt.date(2024, 5, 2), "number": "50",
                                         "key": "karasu_district_akimat_2024_50"})
SIGNED_66 = dt.date(2023, 3, 30)
SIGNED_50 = dt.date(2024, 5, 2)


def meta(doc, ref, signed: dt.date | None, source: str) -> ActMeta:
    """An act's metadata as read: in force from its signing when `signed`, else from its first
    official publication (a date the text does not give)."""
    rule = EntryIntoForce(anchor="signing", rule={}, date=signed, source=source) if signed \
        else EntryIntoForce(anchor="first_official_publication", rule={}, source=source)
    return ActMeta(id=doc.id, ref=ref.model_copy(update={"corpus_id": doc.id}),
                   title=doc.roots[0].children[0].text, entry_into_force=rule)


def read(doc):
    """Metadata and instructions of the acts of these tests, by reading them."""
    if doc.id == "karasu-akimat-2025-139":
        ins = Instruction(source_act=KARASU_139, target_act=KARASU_66, target="app1",
                          operation="replace", new_source=span(nodes(doc)["app1"]),
                          source="main/p1")
        return meta(doc, KARASU_139, None, "main/p4"), [ins]
    if doc.id == "karasu-akimat-2024-50":
        ins = Instruction(source_act=KARASU_50, target_act=KARASU_66, target="app1/ch2/p5",
                          operation="replace", new_source=span(nodes(doc)["main/p1/para1"]),
                          source="main/p1")
        return meta(doc, KARASU_50, SIGNED_50, "main/p2"), [ins]
    assert doc.id == "karasu-akimat-2023-66"
    return meta(doc, KARASU_66, SIGNED_66, "main/p3"), []


def entry(folder: Path, doc_id: str, text: str) -> None:
    (folder / doc_id).mkdir(parents=True)
    (folder / doc_id / "source.txt").write_text(text, encoding="utf-8")
    (folder / doc_id / "meta.yaml").write_text(f"id: {doc_id}\nsource: source.txt\n",
                                               encoding="utf-8")


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    """Two corpus folders: seed 000 and the amending fixture alone, and the same with the base."""
    without = tmp_path_factory.mktemp("without")
    shutil.copytree(CORPUS / "karasu-akimat-2025-139", without / "karasu-akimat-2025-139")
    entry(without, "karasu-akimat-2024-50", fixture_text("karasu-akimat-2024-50.txt"))
    with_base = tmp_path_factory.mktemp("with")
    shutil.copytree(without, with_base, dirs_exist_ok=True)
    entry(with_base, "karasu-akimat-2023-66", fixture_text("karasu-akimat-2023-66.txt"))
    return Corpus([without], read).works, Corpus([with_base], read).works


def test_missing_base_leaves_instructions_pending(corpora):
    works, _ = corpora
    assert works.works == {}
    assert len(works.pending) == 2
    assert [d.code for d in works.diagnostics] == ["AMENDMENT_PENDING"] * 2
    assert all("karasu_district_akimat resolution of 2023-03-30 No. 66" in d.message
               for d in works.diagnostics)
    with pytest.raises(KeyError, match="not in the corpus"):
        works.timeline(KARASU_66.key)


def test_adding_the_base_applies_the_same_instructions(corpora):
    _, works = corpora
    assert works.pending == [] and works.diagnostics == []
    versions = works.timeline("karasu-akimat-2023-66")
    assert [(v.index, v.acts, v.valid_from, v.valid_to) for v in versions] == [
        (1, (KARASU_66.key,), SIGNED_66, SIGNED_50),
        (2, (KARASU_66.key, KARASU_50.key), SIGNED_50, None),
        (3, (KARASU_66.key, KARASU_50.key, KARASU_139.key), None, None)]
    assert versions[2].not_before == dt.date(2025, 8, 14) and versions[2].start_rule
    assert versions[1].ends_unknown and versions[1].ends_not_before == dt.date(2025, 8, 14)
    assert works.timeline(KARASU_139.key) == versions  # an amending act names its work
    last = works.consolidated(versions[2]).document
    assert [n.number for n in last.nodes() if n.kind == "chapter"] == ["1", "2", "3"]


def test_version_boundary_on_the_day_of_entry_into_force(corpora):
    _, works = corpora
    before = works.version_as_of(KARASU_66.key, SIGNED_50 - dt.timedelta(days=1))
    on = works.version_as_of(KARASU_66.key, SIGNED_50)
    assert (before.index, on.index) == (1, 2)
    clause = {v: nodes(works.consolidated(v).document)["app1/ch2/p5"].text for v in (before, on)}
    assert "он жұмыс күні" in clause[before] and "бес жұмыс күні" in clause[on]
    assert works.consolidated(on).provenance["app1/ch2/p5"].act == KARASU_50.key
    assert works.version_as_of(KARASU_66.key, SIGNED_66).index == 1


def test_no_version_before_the_base_names_the_nearest(corpora):
    _, works = corpora
    with pytest.raises(NoVersion) as caught:
        works.version_as_of(KARASU_66.key, SIGNED_66 - dt.timedelta(days=1))
    assert [v.index for v in caught.value.versions] == [1]
    assert "no version in force" in str(caught.value)


def test_unknown_start_is_an_error_naming_the_versions(corpora):
    _, works = corpora
    assert works.version_as_of(KARASU_66.key, dt.date(2025, 8, 13)).index == 2
    with pytest.raises(NoVersion) as caught:
        works.version_as_of(KARASU_66.key, dt.date(2025, 9, 1))
    assert [v.index for v in caught.value.versions] == [2, 3]
    assert "date the texts do not give" in str(caught.value)
    assert "start unknown, not before 2025-08-14" in str(caught.value)


def test_ruleset_as_of_follows_the_version(corpora):
    _, works = corpora
    old = works.ruleset_as_of(KARASU_66.key, SIGNED_50 - dt.timedelta(days=1))
    new = works.ruleset_as_of(KARASU_66.key, SIGNED_50)
    assert old.id == "karasu-akimat-2023-66@2023-03-30"
    assert new.id == "karasu-akimat-2023-66@2024-05-02"
    terms = [[(d.rule, [s.address for s in d.sources]) for d in r.plan.deadlines
              if d.event == "calibration_session"] for r in (old, new)]
    assert terms == [[({"working_days": 10}, ["app1/ch2/p5"])],
                     [({"working_days": 5}, ["app1/ch2/p5"])]]


def test_consolidated_versions_written(corpora, tmp_path):
    _, works = corpora
    written = write_consolidated(works, tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        f"{KARASU_66.key}/2023-03-30.json", f"{KARASU_66.key}/2024-05-02.json",
        f"{KARASU_66.key}/v3-start-unknown.json"]
    data = json.loads(written[1].read_text(encoding="utf-8"))
    assert data["version"]["acts"] == [KARASU_66.key, KARASU_50.key]
    assert data["ruleset"]["id"] == "karasu-akimat-2023-66@2024-05-02"
    assert written[1].read_text(encoding="utf-8") == json.dumps(
        data, ensure_ascii=False, indent=1) + "\n"
