"""A scan's PDF with an OCR engine's invisible text layer (tests/fixtures/ocr_layer.yaml): the
words placed where they stand on a page turned a little, a table's grid only in the picture.
A paragraph's lines stay one block though they climb, the table is read in its columns, the
letter О read for a zero is a zero, and both languages read alike."""

from __future__ import annotations

import pytest
import yaml

from parser.compile import parse_file
from parser.ingest import read
from parser.normalize import normalize

from conftest import FIXTURES
from render import ocr_layer_pdf

CASES = {c["name"]: c for c in yaml.safe_load((FIXTURES / "ocr_layer.yaml").read_text("utf-8"))
         ["cases"]}


def _scan(name: str, path, skew: float | None = None, lines: list[str] | None = None):
    case = CASES[name]
    return ocr_layer_pdf(lines or case["lines"], path / f"{name}.pdf",
                         case["skew"] if skew is None else skew)


def _blocks(path) -> list[str]:
    return [line for line in normalize(read(path)).text.text.split("\n") if line.strip()]


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_text_layer_reads_as_its_page(name, tmp_path):
    assert _blocks(_scan(name, tmp_path)) == CASES[name]["blocks"]


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("skew", [0.0, 0.3, 1.0])
def test_the_page_reads_alike_however_it_is_turned(name, skew, tmp_path):
    assert _blocks(_scan(name, tmp_path, skew)) == CASES[name]["blocks"]


def test_both_languages_give_one_structure(tmp_path):
    shapes = {}
    for name in ("kk", "ru"):
        doc = parse_file(_scan(name, tmp_path))
        shapes[name] = [(n.kind, n.address) for n in doc.nodes() if n.kind != "cell"]
    assert shapes["kk"] == shapes["ru"]
    assert ("table", "table1") in [(k, a.rsplit("/", 1)[-1]) for k, a in shapes["kk"]]


@pytest.mark.parametrize("name", sorted(CASES))
def test_lines_of_two_parts_that_make_no_table_stay_text(name, tmp_path):
    """A signature's two lines under the page, the post at left and the name far right: no
    grid's rows (too few, no number), their words kept as text, not cells."""
    case = CASES[name]
    signature = ["Төраға                                          А. Бекова",
                 "Хатшы                                           Б. Сейітов"] if name == "kk" \
        else ["Председатель                                    А. Бекова",
              "Секретарь                                       Б. Сейтов"]
    blocks = _blocks(_scan(name, tmp_path, lines=[*case["lines"], "", *signature]))
    assert blocks[:len(case["blocks"])] == case["blocks"]
    rest = blocks[len(case["blocks"]):]
    assert " ".join(rest).split() == " ".join(signature).split() and "\t" not in "".join(rest)


DECREES = yaml.safe_load((FIXTURES / "ocr_layer.yaml").read_text("utf-8"))["decrees"]


@pytest.mark.parametrize("decree", DECREES, ids=[d["name"] for d in DECREES])
def test_a_scanned_decree_keeps_its_parts(decree, tmp_path):
    """The stamp set off in the page's right half opens the methodology; the signature's
    wrapped post stays with it."""
    doc = parse_file(ocr_layer_pdf(decree["lines"], tmp_path / "scan.pdf", 0.5))
    assert [n.address for n in doc.nodes() if n.kind != "paragraph"] == decree["outline"]
