"""Latin-script Kazakh read in Cyrillic, and mixed-script words repaired, in normalization.

The corpus decrees are rewritten in Latin with the tests' own inverse tables
(fixtures/latin/inverse.yaml) and must parse to the same addresses and the same facts."""

from __future__ import annotations

import re
from functools import cache

import pytest
import yaml

from parser import lang, latin
from parser import normalize as n
from parser.compile import coverage, parse_raw
from parser.facts import extract
from parser.ingest import read
from parser.model import RawText
from parser.textmap import MappedText

from conftest import FIXTURES, corpus_entries, entries_for

WORDS = yaml.safe_load((FIXTURES / "latin" / "words.yaml").read_text(encoding="utf-8"))
INVERSE = yaml.safe_load((FIXTURES / "latin" / "inverse.yaml").read_text(encoding="utf-8"))
# A Cyrillic word, with the Latin i some sources type for і inside it.
_CYR_WORD = re.compile(r"[а-яёәғқңөұүһіА-ЯЁӘҒҚҢӨҰҮҺІ]+(?:i[а-яёәғқңөұүһіА-ЯЁӘҒҚҢӨҰҮҺІ]*)*")
# A category code keeps its Latin letters, written in Cyrillic look-alikes in the sources.
_CODE = re.compile(r"(?<![\w-])[A-ZА-Я](?:-[A-ZА-Я])*-\d+")
_CODE_SHAPES = str.maketrans("АВСЕНКМОРТХ", "ABCEHKMOPTX")


def to_latin(text: str, alphabet: str) -> str:
    """Cyrillic -> Latin with the tests' inverse table (codes by shape)."""
    table = INVERSE[alphabet]
    letters, upper = table["letters"], table["upper"]

    def up(s: str) -> str:
        return "".join(upper.get(c, c.upper()) for c in s)

    def word(m: re.Match) -> str:
        w = m.group()
        caps = w.isupper() and len(w) > 1
        out = []
        for c in w.replace("i", "і"):
            s = letters.get(c.lower(), c)
            if c.isupper() and s:
                s = up(s) if caps else up(s[0]) + s[1:]
            out.append(s)
        return "".join(out)

    parts = _CODE.split(text)
    codes = _CODE.findall(text)
    out = [_CYR_WORD.sub(word, parts[0])]
    for code, part in zip(codes, parts[1:]):
        out += [code.translate(_CODE_SHAPES), _CYR_WORD.sub(word, part)]
    return "".join(out)


KAZAKH = [(i, p) for i, p in corpus_entries()
          if yaml.safe_load((p.parent / "meta.yaml").read_text(encoding="utf-8"))["lang"] == "kk"]
RUSSIAN = [(i, p) for i, p in corpus_entries() if (i, p) not in KAZAKH]


@cache
def parsed(doc_id: str, alphabet: str | None):
    """A corpus decree parsed as written (None) or rewritten in Latin: the text its format's
    reader gives (an HTML page's markup is no text to spell). Kept for the session: each is
    asked for by several tests, in the order of the parameters, not of the decrees."""
    path = dict(corpus_entries())[doc_id]
    text = read(path).text
    if alphabet:
        text = to_latin(text, alphabet)
    return parse_raw(RawText(path=f"{doc_id}.txt", format="text", text=text), doc_id)


@cache
def facts(doc_id: str, alphabet: str | None):
    """The facts of `parsed(doc_id, alphabet)`, extracted once."""
    return extract(parsed(doc_id, alphabet))


_SIGNS = str.maketrans("", "", "ьъЬЪ")


def facts_of(factset) -> list[tuple]:
    """Facts compared by kind, address and fields, the soft and hard signs left out: no Latin
    alphabet writes them ("формальды" is spelt "formaldy" and reads back "формалды")."""
    return [(f.kind, f.address, repr(f.fields).translate(_SIGNS)) for f in factset.facts]


def by_name(name: str) -> latin.Alphabet:
    """An alphabet of the table by its name."""
    return next(a for a in latin.alphabets() if a.name == name)


@pytest.mark.parametrize("case", WORDS, ids=lambda c: c["latin"])
def test_words(case):
    mt = MappedText.identity(case["latin"])
    out = latin.transliterate(mt, [(0, len(mt.text))], by_name(case["alphabet"]))
    assert out.text == case["cyrillic"]
    assert len(out.offsets) == len(out.text)


def test_decomposed_letters_read_as_composed():
    """Text whose ä, ş, ñ … come as a letter and a combining mark (NFD, from some PDFs)."""
    import unicodedata

    composed = "Mäslihattyñ şeşımı: bağalau toqsan saiyn jürgızıledı."
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    out = n.latin_kazakh(MappedText.identity(decomposed)).text
    assert out.text == "Мәслихаттың шешімі: бағалау тоқсан сайын жүргізіледі."
    assert all(decomposed[o] != "\u0308" for o in out.offsets)


@pytest.mark.parametrize("alphabet", ["2021", "2018", "2017"])
def test_alphabet_is_chosen_by_its_marks(alphabet):
    path = dict(KAZAKH)["karasu-akimat-2025-139"]
    assert latin.choose(to_latin(path.read_text(encoding="utf-8"), alphabet)).name == alphabet


def latin_addresses_params() -> list:
    """(doc_id, path, alphabet) for the three alphabets; a decree tests/ratchet.yaml lists as
    failing `latin_addresses` is a strict xfail in all three, `latin_addresses_<alphabet>` in
    that one."""
    every = {p.values[0]: p.marks for p in entries_for("latin_addresses", KAZAKH)}
    return [pytest.param(p.values[0], p.values[1], alphabet, id=f"{p.values[0]}-{alphabet}",
                         marks=every[p.values[0]] + p.marks)
            for alphabet in ("2021", "2018", "2017")
            for p in entries_for(f"latin_addresses_{alphabet}", KAZAKH)]


@pytest.mark.parametrize("doc_id, path, alphabet", latin_addresses_params())
def test_latin_decree_gives_the_same_addresses(doc_id, path, alphabet):
    cyrillic = parsed(doc_id, None)
    latin_doc = parsed(doc_id, alphabet)
    assert [(x.address, x.number) for x in latin_doc.nodes()] == \
        [(x.address, x.number) for x in cyrillic.nodes()]
    assert latin_doc.lang == "kk"
    issuing = [x.attrs for x in cyrillic.nodes() if x.kind == "issuing"]
    assert [x.attrs for x in latin_doc.nodes() if x.kind == "issuing"] == \
        [fold_capital_i(a, alphabet) for a in issuing]


def fold_capital_i(attrs: dict, alphabet: str) -> dict:
    """2018 writes и and і with the same capital I: an issuer in capitals ("МИНИСТРІНІҢ")
    reads back with і, the alphabet cannot say which; the other attributes are exact."""
    if alphabet != "2018" or not attrs.get("issuer"):
        return attrs
    return {**attrs, "issuer": attrs["issuer"].replace("И", "І")}


# 2018 writes и and і with the same capital I, so an all-caps abbreviation (НМИ) is read НМІ
def latin_facts_params() -> list:
    """(doc_id, path, alphabet) for 2021 and 2017; a decree tests/ratchet.yaml lists as failing
    `latin_facts` is a strict xfail in both alphabets, `latin_facts_<alphabet>` in that one."""
    both = {p.values[0]: p.marks for p in entries_for("latin_facts", KAZAKH)}
    return [pytest.param(p.values[0], p.values[1], alphabet, id=f"{p.values[0]}-{alphabet}",
                         marks=both[p.values[0]] + p.marks)
            for alphabet in ("2021", "2017")
            for p in entries_for(f"latin_facts_{alphabet}", KAZAKH)]


@pytest.mark.parametrize("doc_id, path, alphabet", latin_facts_params())
def test_latin_decree_gives_the_same_facts(doc_id, path, alphabet):
    assert facts_of(facts(doc_id, alphabet)) == facts_of(facts(doc_id, None))


@pytest.mark.parametrize("alphabet", ["2021", "2017"])
def test_latin_offsets_point_at_the_latin_spelling(alphabet):
    doc = parsed("karasu-akimat-2025-139", alphabet)
    letters, upper = INVERSE[alphabet]["letters"], INVERSE[alphabet]["upper"]

    def spells(source: str, spelt: str) -> bool:
        return source in (spelt[0], upper.get(spelt[0], spelt[0].upper()))

    assert len(doc.offsets) == len(doc.text)
    checked = 0
    for ch, off in zip(doc.text, doc.offsets):
        spelt = letters.get(ch.lower())
        if not spelt:
            continue
        source = doc.raw_text[off]
        assert latin.is_latin(source), (ch, source)
        assert spells(source, spelt), (ch, source)
        checked += 1
    assert checked > 5000
    covered, total, bad = coverage(doc)
    assert bad == [] and covered == total
    for node in doc.nodes():  # a node's source slice opens where its Latin text opens
        if node.head and node.head.end > node.head.start:
            start = doc.offsets[node.head.start]
            assert doc.offsets[node.head.end - 1] >= start
            head = doc.text[node.head.start]
            if letters.get(head.lower()):
                assert spells(doc.raw_text[start], letters[head.lower()])


@pytest.mark.parametrize("doc_id, path", corpus_entries())
def test_cyrillic_decrees_are_not_transliterated(doc_id, path):
    text = read(path).text  # a .docx or .pdf source is read by its format's reader
    assert lang.latin_kazakh_lines(text) == []
    mt = MappedText.identity(text)
    assert n.latin_kazakh(mt).text == mt


@pytest.mark.parametrize("text", [
    "Бағалау KPI бойынша, E-R-1 санаты, № 21/4-VI шешімі, https://adilet.zan.kz/kaz/docs/V23",
    "Оценка по KPI, категория E-R-1, решение № 21/4-VI, https://adilet.zan.kz/rus/docs/V23",
    "1. Жалпы ережелер\nThe Key Performance Indicators are reviewed every quarter by HR.\n"
    "2. Бағалау тоқсан сайын жүргізіледі.",
    "1. Общие положения\nThe Key Performance Indicators are reviewed every quarter by HR.\n"
    "2. Оценка проводится ежеквартально.",
])
def test_latin_tokens_in_cyrillic_text_stay(text):
    assert lang.latin_kazakh_lines(text) == []


def test_moved_words_are_flagged_in_latin_text():
    src = ("      1. Äkımdıgınıñ № 66  mynadai özgerıs engızılsın:qaulysyna\n"
           "kelesı jol jäne bağalau tärtıbı")
    notes = n.normalize(RawText(path="x.txt", format="text", text=src)).notes
    assert [code for _, code, _ in notes] == ["MOVED_WORDS"]


def test_latin_kazakh_lines_beside_russian_ones():
    text = ("1. Bağalau toqsan saiyn jürgızıledı jäne onyñ nätijelerı qūjattalady.\n"
            "Оценка проводится ежеквартально, результаты документируются.\n"
            "2. Qorytyndy bağa jyl soñynda şyğarylady.")
    out = n.latin_kazakh(MappedText.identity(text)).text
    lines = out.text.split("\n")
    assert lines[0] == "1. Бағалау тоқсан сайын жүргізіледі және оның нәтижелері құжатталады."
    assert lines[1] == text.split("\n")[1]
    assert lines[2] == "2. Қорытынды баға жыл соңында шығарылады."
    assert [out.offsets[out.text.index("Оценка")]] == [text.index("Оценка")]


@pytest.mark.parametrize("src, want", [
    ("ҚАУЛЫ ЕТЕДI:", "ҚАУЛЫ ЕТЕДІ:"),                     # Latin I in a Kazakh keyword
    ("ШEШIM ҚАБЫЛДАДЫ:", "ШЕШІМ ҚАБЫЛДАДЫ:"),             # Latin E and I
    ("мемлекеттiк әкiмшiлiк", "мемлекеттік әкімшілік"),   # Latin i in Kazakh words
    ("ПOCTAHOBЛЯET:", "ПОСТАНОВЛЯЕТ:"),                   # Latin O, C, T, A, H, E in Russian
    ("Глaвa 2. Пopядoк", "Глава 2. Порядок"),             # Latin a, o, p in Russian words
    ("№ 21/4-VІ шешімі", "№ 21/4-VІ шешімі"),             # left to the Roman numeral repair
    ("E-Quzmet жүйесі", "E-Quzmet жүйесі"),               # a Latin word stays Latin
    ("ShEShІM QABYLDADY", "ShEShIM QABYLDADY"),           # Cyrillic І in a Latin word
    ("И = (К1 + К2 + … + Кn) / n", "И = (К1 + К2 + … + Кn) / n"),  # an index stays
    ("Б = (Б1 + … + Бn) : n", "Б = (Б1 + … + Бn) : n"),
])
def test_mixed_scripts(src, want):
    out = n.mixed_scripts(MappedText.identity(src)).text
    assert out.text == want
    assert out.offsets == tuple(range(len(src)))


@pytest.mark.parametrize("doc_id, clean, mixed", [
    ("karasu-akimat-2025-139", "ҚАУЛЫ ЕТЕДІ:", "ҚАУЛЫ ЕТЕДI:"),
    ("karasu-akimat-2025-139", "ҚАУЛЫ ЕТЕДІ:", "ҚAУЛЫ ETEДI:"),
    ("beskaragay-maslikhat-2020-57-14", "ШЕШІМ ҚАБЫЛДАДЫ:", "ШEШIM ҚAБЫЛДAДЫ:"),
    ("mdai-order-2023-279", "БҰЙЫРАМЫН:", "БҰЙЫPAMЫH:"),
    ("zhanakorgan-akimat-2026-10", "ПОСТАНОВЛЯЕТ:", "ПOCTAHOBЛЯET:"),
    ("zhanakorgan-akimat-2026-10", "Глава 2.", "Глaвa 2."),
])
def test_mixed_script_keywords_give_the_clean_tree(doc_id, clean, mixed):
    text = dict(corpus_entries())[doc_id].read_text(encoding="utf-8")
    assert clean in text
    doc = parsed(doc_id, None)
    repaired = parse_raw(RawText(path="m.txt", format="text", text=text.replace(clean, mixed)),
                         doc_id)
    assert [x.address for x in repaired.nodes()] == [x.address for x in doc.nodes()]
    assert repaired.text == doc.text


def test_latin_document_with_cyrillic_homoglyph_reads_whole():
    """`ShEShІM` typed with a Cyrillic І is Latin-script Kazakh, not a mixed word."""
    text = ("Máslıhattyń ShEShІM QABYLDADY:\n1. Baǵalaý toqsan saıyn júrgiziledi.\n"
            "2. Qorytyndy baǵa jyl sońynda shyǵarylady.")
    out = n.normalize(RawText(path="x.txt", format="text", text=text)).text.text
    assert out.split("\n") == ["Мәслихаттың ШЕШІМ ҚАБЫЛДАДЫ:",
                               "1. Бағалау тоқсан сайын жүргізіледі.",
                               "2. Қорытынды баға жыл соңында шығарылады."]


@pytest.mark.parametrize("fmt", ["docx", "html"])
@pytest.mark.parametrize("doc_id", ["karasu-akimat-2025-139", "mdai-order-2023-279"])
def test_latin_decree_in_docx_and_html(tmp_path, doc_id, fmt):
    """A Latin-script decree read from Word or HTML gives the Cyrillic text's tree."""
    from parser.compile import parse_file
    from render import to_docx, to_html

    doc = parsed(doc_id, None)
    blocks = to_latin(doc.text, "2021").split("\n")
    path = {"docx": to_docx, "html": to_html}[fmt](blocks, tmp_path / f"{doc_id}.{fmt}")
    back = parse_file(path, doc_id)
    assert [(x.address, x.number) for x in back.nodes()] == \
        [(x.address, x.number) for x in doc.nodes()]
