"""The NLP layer (parser/facts/nlp.py, numbers.py): tokens, number words, Kazakh stems,
sentences. The tables below are written from the languages, one case a line."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from parser.compile import parse_file
from parser.facts.nlp import analyze, kk_stem, tokens

ROOT = Path(__file__).resolve().parent.parent

# text, lang -> every token's text
TOKENIZER = yaml.safe_load("""
- [1-тарау. Жалпы ережелер, kk, [1-тарау, ., Жалпы, ережелер]]
- ["Заңның (37-бабына),", kk, [Заңның, (, 37-бабына, ), ","]]
- [№ 20/2-VII шешімі, kk, [№, 20/2-VII, шешімі]]
- [№21/4-VI, kk, [№, 21/4-VI]]
- ["Е-1, Е-R-1, С-О-1 санаттары", kk, [Е-1, ",", Е-R-1, ",", С-О-1, санаттары]]
- ["3,99 баллға дейін", kk, ["3,99", баллға, дейін]]
- ["95-99,99 пайыз", kk, ["95", "-", "99,99", пайыз]]
- [4-тен 5 баллға, kk, [4-тен, "5", баллға]]
- [5-нен 4-і, kk, [5-нен, 4-і]]
- [НМИ-ға қол жеткізу, kk, [НМИ-ға, қол, жеткізу]]
- [сондай-ақ және/немесе, kk, [сондай-ақ, және, /, немесе]]
- [т.б. құжаттар, kk, [т.б., құжаттар]]
- ["\\"Б\\" корпусы", kk, ["\\"", Б, "\\"", корпусы]]
- [в течение 5-ти дней, ru, [в, течение, 5-ти, дней]]
- [до 20-го числа, ru, [до, 20-го, числа]]
- [т.е. не позднее, ru, [т.е., не, позднее]]
- [А.Б. Иванов, ru, [А.Б., Иванов]]
- [№13 от 16.01.2018, ru, [№, "13", от, 16.01.2018]]
- ["от 4,5 до 5%", ru, [от, "4,5", до, "5", "%"]]
# exceptions (grammar/nlp.yaml): kept whole across a space, rejoined after an infix cut
- [и т.д. и т.п., ru, [и т.д., и т.п.]]
- [в т.ч. премии, ru, [в т.ч., премии]]
- [в 2018 г. и 2019 гг., ru, [в, "2018", г., и, "2019", гг.]]
- [и т.д., kk, [и, т.д.]]
- [сағ.Бұл, kk, [сағ., Бұл]]
- [жүргізіледі.Бұл, kk, [жүргізіледі, ., Бұл]]
- [(т.б.), kk, ["(", т.б., ")"]]
""")

# text, lang -> the first number token: its text, value ("2/3" a Fraction), ordinal, suffix;
# a null text: no number at all
NUMBERS = yaml.safe_load("""
# Russian, every case through the normal form
- [пяти, ru, пяти, "5", false, ""]
- [двадцатого, ru, двадцатого, "20", true, ""]
- [трех, ru, трех, "3", false, ""]
- [трёх, ru, трёх, "3", false, ""]
- [десяти, ru, десяти, "10", false, ""]
- [пятнадцати, ru, пятнадцати, "15", false, ""]
- [тридцатого, ru, тридцатого, "30", true, ""]
- [одного, ru, одного, "1", false, ""]
- [первого, ru, первого, "1", true, ""]
- [третьим, ru, третьим, "3", true, ""]
- [семи, ru, семи, "7", false, ""]
- [сорока, ru, сорока, "40", false, ""]
- [девяноста, ru, девяноста, "90", false, ""]
- [двухсот, ru, двухсот, "200", false, ""]
- [трое, ru, трое, "3", false, ""]
- [в течение 5-ти дней, ru, 5-ти, "5", false, ти]
- [до 20-го числа, ru, 20-го, "20", true, го]
- [2-х месяцев, ru, 2-х, "2", false, х]
- [двадцать пять баллов, ru, двадцать пять, "25", false, ""]
- [сто тридцать, ru, сто тридцать, "130", false, ""]
- [до двадцать пятого числа, ru, двадцать пятого, "25", true, ""]
- [две тысячи восемнадцатого года, ru, две тысячи восемнадцатого, "2018", true, ""]
- [две трети членов, ru, две трети, "2/3", false, ""]
- [одна треть, ru, одна треть, "1/3", false, ""]
- [три четверти, ru, три четверти, "0.75", false, ""]
- [три пятых, ru, три пятых, "0.6", false, ""]
- [половина, ru, половина, "0.5", false, ""]
- [полтора месяца, ru, полтора, "1.5", false, ""]
# a decimal in words: the whole part, "целых", a numerator and its ordinal denominator
- [ноль целых четыре десятых балла, ru, ноль целых четыре десятых, "0.4", false, ""]
- [две целых семьдесят пять сотых, ru, две целых семьдесят пять сотых, "2.75", false, ""]
- [одна целая одна десятая, ru, одна целая одна десятая, "1.1", false, ""]
- ["от 3,99 балла", ru, "3,99", "3.99", false, ""]
- [от 3.99 балла, ru, "3.99", "3.99", false, ""]
- [в 2018 году, ru, "2018", "2018", false, ""]
- [пять шесть, ru, пять, "5", false, ""]
- [стали работать, ru, null, null, null, null]
# Kazakh cardinals
- [бір, kk, бір, "1", false, ""]
- [екі, kk, екі, "2", false, ""]
- [үш, kk, үш, "3", false, ""]
- [төрт, kk, төрт, "4", false, ""]
- [бес, kk, бес, "5", false, ""]
- [алты, kk, алты, "6", false, ""]
- [жеті, kk, жеті, "7", false, ""]
- [сегіз, kk, сегіз, "8", false, ""]
- [тоғыз, kk, тоғыз, "9", false, ""]
- [он, kk, он, "10", false, ""]
- [жиырма, kk, жиырма, "20", false, ""]
- [отыз, kk, отыз, "30", false, ""]
- [қырық, kk, қырық, "40", false, ""]
- [елу, kk, елу, "50", false, ""]
- [алпыс, kk, алпыс, "60", false, ""]
- [жетпіс, kk, жетпіс, "70", false, ""]
- [сексен, kk, сексен, "80", false, ""]
- [жүз, kk, жүз, "100", false, ""]
- [мың, kk, мың, "1000", false, ""]
# Kazakh endings, ordinals, multiword numbers, shares
- [бестен, kk, бестен, "5", false, тен]
- [оннан, kk, оннан, "10", false, нан]
- [онының, kk, онының, "10", false, ының]
- [оныншы күнінен, kk, оныншы, "10", true, ""]
- [жиырмасыншы, kk, жиырмасыншы, "20", true, ""]
- [қырқыншы, kk, қырқыншы, "40", true, ""]
- [бесінші, kk, бесінші, "5", true, ""]
- [үшінші, kk, үшінші, "3", true, ""]
- [екінші, kk, екінші, "2", true, ""]
- [бірінші, kk, бірінші, "1", true, ""]
- [он бес жұмыс күні, kk, он бес, "15", false, ""]
- [он бесінші, kk, он бесінші, "15", true, ""]
- [жиырма бес, kk, жиырма бес, "25", false, ""]
- [екі жүз, kk, екі жүз, "200", false, ""]
- [екі мың он сегіз, kk, екі мың он сегіз, "2018", false, ""]
- [үштен екісі қатысқан, kk, үштен екісі, "2/3", false, сі]
- [үштен бірі, kk, үштен бірі, "1/3", false, і]
- [жартысы, kk, жартысы, "0.5", false, сы]
# "and a half" adds to the cardinal before it
- [екі жарым балға, kk, екі жарым, "2.5", false, ""]
- [бес жарым жыл, kk, бес жарым, "5.5", false, ""]
# a decimal in words: the whole part, "бүтін", an ablative denominator, the numerator
- [нөл бүтін оннан төрт балл, kk, нөл бүтін оннан төрт, "0.4", false, ""]
- [екі бүтін жүзден жетпіс бесінен, kk, екі бүтін жүзден жетпіс бесінен, "2.75", false, інен]
- [бір айдан кем, kk, бір, "1", false, ""]
- [4-тен 5 баллға дейін, kk, 4-тен, "4", false, тен]
- [10-шы, kk, 10-шы, "10", true, шы]
- [1-тарау, kk, 1-тарау, "1", true, тарау]
- ["3,99 баллға", kk, "3,99", "3.99", false, ""]
# "тоқсан": ninety before a counted noun or inside a number, otherwise a quarter
- [тоқсан бес, kk, тоқсан бес, "95", false, ""]
- [тоқсан балл, kk, тоқсан, "90", false, ""]
- [тоқсан күн, kk, тоқсан, "90", false, ""]
- [тоқсан қорытындысы бойынша, kk, null, null, null, null]
- [есепті тоқсаннан кейінгі, kk, null, null, null, null]
- [тоқсандағы, kk, null, null, null, null]
# words that only look like numbers
- [оның қатысуынсыз, kk, null, null, null, null]
- [оны бағалау, kk, null, null, null, null]
- [жүзеге асырылады, kk, null, null, null, null]
- [бағалау үшін, kk, null, null, null, null]
- [бірге бекітеді, kk, null, null, null, null]
- [бірнеше, kk, null, null, null, null]
""")

# a Kazakh word -> its stem ("бал" and "балл" both accepted for the score word)
STEMS = yaml.safe_load("""
- [күні, күн]
- [күнінен, күн]
- [күннен, күн]
- [күндері, күн]
- [айдың, ай]
- [айдан, ай]
- [коэффициенті, коэффициент]  # a т-ending follows no sonorant: possessive -і, not "коэффициен-ті"
- [элементі, элемент]
- [кезеңді, кезең]
- [құжатты, құжат]
- [жұмыс, жұмыс]
- [жұмысы, жұмыс]
- [баллға, балл]
- [балл, балл]
- [балдан, бал]
- [тоқсаннан, тоқсан]
- [тоқсандағы, тоқсан]
- [тоқсан, тоқсан]
- [жылдан, жыл]
- [бағалаудың, бағалау]
- [бағалау, бағалау]
- [басшысының, басшы]
- [қызметшілері, қызметші]
- [әдістемесі, әдістеме]
- [мақсаты, мақсат]
- [мерзімі, мерзім]
- [тармағына, тармақ]
- [нми-ға, нми]
- [кейін, кейін]
- [үшін, үшін]
# the root is never eaten: the -н- endings follow a possessive (or, the ablative, a nasal),
# and a stem keeps three letters unless it is a known one
- [мәнде, мән]
- [мәні, мән]
- [саны, сан]
- [нысанда, нысан]
- [жылына, жыл]
- [күнінде, күн]
- [мерзімнен, мерзім]
- [іске, іс]
# a stem in -у takes the endings that follow a voiced consonant
- [бағалауды, бағалау]
- [оқуда, оқу]
- [институты, институт]
""")

# text, lang -> the sentences' texts
SENTENCES = yaml.safe_load("""
- ["Бағалау 3,99 балл. Келесі сөйлем.", kk, ["Бағалау 3,99 балл.", Келесі сөйлем.]]
- [Баға 3.99 құрайды. 4 балл қойылады., kk, [Баға 3.99 құрайды., 4 балл қойылады.]]
- [құжаттар т.б. Министрлік бекітеді., kk, [құжаттар т.б. Министрлік бекітеді.]]
- [Облыс әкімі А. Баталов қол қойды., kk, [Облыс әкімі А. Баталов қол қойды.]]
- [«Бірінші. Екінші» деп аталады. Үшінші., kk, [«Бірінші. Екінші» деп аталады., Үшінші.]]
- ["\\"Б\\" корпусы. Келесі.", kk, ["\\"Б\\" корпусы.", Келесі.]]
- ["мынадай:\\nбірінші тармақ;\\nекінші тармақ", kk, ["мынадай:", бірінші тармақ;, екінші тармақ]]
- ["бір жол\\nжалғасы", kk, ["бір жол\\nжалғасы"]]
- ["бағалау жүргізіледі. бұл ретте", kk, ["бағалау жүргізіледі. бұл ретте"]]
- ["Бағаланады! Келесі? Иә.", kk, ["Бағаланады!", "Келесі?", Иә.]]
- [согласно ст. 5 Закона. Далее идет текст., ru, [согласно ст. 5 Закона., Далее идет текст.]]
- [т.е. в течение 5 дней. (Прим. автора), ru, [т.е. в течение 5 дней., (Прим. автора)]]
- [Подписал Иванов И.И. в 2020 г. Новое предложение., ru, [Подписал Иванов И.И. в 2020 г. Новое предложение.]]
- [Оценка 3.99 балла. 2 раза., ru, [Оценка 3.99 балла., 2 раза.]]
- ["", ru, []]
""")


@pytest.mark.parametrize(("text", "lang", "expected"), TOKENIZER)
def test_tokenizer_keeps_and_splits(text, lang, expected):
    assert [t.text for t in tokens(text, lang)] == expected


@pytest.mark.parametrize(("text", "lang", "surface", "value", "ordinal", "suffix"), NUMBERS)
def test_number_words(text, lang, surface, value, ordinal, suffix):
    found = [t for t in tokens(text, lang) if t.is_number]
    if surface is None:
        assert found == []
        return
    first = found[0]
    expected = Fraction(value) if "/" in value else Decimal(value)
    assert (first.text, first.value, first.ordinal, first.suffix) == (
        surface, expected, ordinal, suffix)
    assert isinstance(first.value, Fraction if "/" in value else Decimal)


@pytest.mark.parametrize(("word", "stem"), STEMS)
def test_kk_stems(word, stem):
    assert kk_stem(word) == stem


@pytest.mark.parametrize(("text", "lang", "expected"), SENTENCES)
def test_sentences(text, lang, expected):
    assert [text[s.start:s.end] for s in analyze(text, lang)] == expected


@pytest.mark.parametrize(("text", "lang"), [(row[0], row[1]) for row in NUMBERS + SENTENCES])
@pytest.mark.parametrize("base", [0, 1000])
def test_offsets_point_at_the_text(text, lang, base):
    for sentence in analyze(text, lang, base):
        for token in sentence.tokens:
            assert text[token.start - base:token.end - base] == token.text
            assert sentence.start <= token.start < token.end <= sentence.end


def test_multiword_number_spans_its_words():
    text = "бағалау он бесінші күні"
    (number,) = [t for t in tokens(text, "kk", 7) if t.is_number]
    assert (number.start, number.end) == (7 + text.index("он"), 7 + text.index(" күні"))


def test_kk_token_lemma_and_suffix():
    (token,) = tokens("баллға", "kk")
    assert (token.lemma, token.suffix) == ("балл", "ға")


def test_ru_lemma():
    assert [t.lemma for t in tokens("рабочих дней", "ru")] == ["рабочий", "день"]


def test_corpus_analyzes():
    sources = sorted(ROOT.glob("corpus/*/source.txt"))
    assert sources
    for source in sources:
        doc = parse_file(source)
        for node in doc.nodes():
            if node.head is None:
                continue
            text = doc.text[node.head.start:node.head.end]
            for sentence in analyze(text, node.lang or "kk", node.head.start):
                for token in sentence.tokens:
                    assert doc.text[token.start:token.end] == token.text
