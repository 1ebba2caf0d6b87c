"""A scan's PDF with an OCR engine's invisible text layer (tests/fixtures/ocr_layer.yaml): the
words placed where they stand on a page turned a little, a table's grid only in the picture.
A paragraph's lines stay one block though they climb, the table is read in its columns, the
letter О read for a zero is a zero, and both languages read alike."""

from __future__ import annotations

import pytest
import yaml

from parser.compile import parse_file
from parser.ingest import read
from parser.ingest.layout import SET_OFF, Frame, Line, alignment
from parser.normalize import normalize

from conftest import FIXTURES
from render import ocr_layer_pdf
from test_typesetting import clauses
from typeset import COMPANIONS, _corpus_decree, to_ocr_layer_pdf

CASES = {c["name"]: c for c in yaml.safe_load((FIXTURES / "ocr_layer.yaml").read_text("utf-8"))
         ["cases"]}


def _scan(name: str, path, skew: float | None = None, lines: list[str] | None = None):
    case = CASES[name]
    return ocr_layer_pdf([lines or case["lines"]], path / f"{name}.pdf",
                         (case["skew"] if skew is None else skew,))


def _blocks(path) -> list[str]:
    return [line for line in normalize(read(path)).text.text.split("\n") if line.strip()]


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_text_layer_reads_as_its_page(name, tmp_path):
    assert _blocks(_scan(name, tmp_path)) == CASES[name]["blocks"]


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("skew", [0.0, 0.05, 0.3, 1.0])  # 0.05: under TURN_SLOPE, not levelled
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
    doc = parse_file(ocr_layer_pdf([decree["lines"]], tmp_path / "scan.pdf", (0.5,)))
    assert [n.address for n in doc.nodes() if n.kind != "paragraph"] == decree["outline"]


@pytest.mark.parametrize("doc_id", sorted(COMPANIONS.values()))
def test_a_seed_scanned_reads_back_with_its_addresses(doc_id, tmp_path):
    """A seed of each language typeset as a scan's text layer (tests/typeset.py: word by word,
    its pages turned 0.3-0.6 degrees, look-alike letters, "О" for a zero, its tables' grids
    not drawn) reads back with the clause addresses of its text."""
    doc = _corpus_decree(doc_id)
    back = parse_file(to_ocr_layer_pdf(doc, tmp_path / "scan.pdf"), doc_id, edition=doc.lang)
    assert clauses(back) == clauses(doc)


@pytest.mark.parametrize("share, side", [(SET_OFF - 0.02, "left"), (SET_OFF + 0.02, "right")])
def test_a_line_starting_past_the_set_off_share_stands_on_the_right(share, side):
    """A stamp's line flush left in the page's right half (not centred, not reaching the right
    margin, its middle less than OFF_CENTRE right of the block's) is on the right from SET_OFF
    of the width on."""
    f = Frame(left=60.0, right=530.0, gap=4.0, size=11.0)
    x0 = f.left + share * f.width
    line = Line(0, 100.0, 111.0, x0, x0 + 150.0, 5.5, 11.0, False, 60.0,
                "Аудан әкімдігінің 2024 жылғы")
    assert alignment(line, f) == side
