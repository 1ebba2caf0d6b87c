"""Weighted sums stated in words.

"Жылдық баға тоқсандық бағалардың орташа мәнінің 60 пайызы және жеке жоспардың орындалу
бағасының 40 пайызы қосындысына тең", "Годовая оценка равна сумме 60 процентов средней
квартальной оценки и 40 процентов оценки выполнения индивидуального плана" ->
`annual_score = 0.6 * quarterly_avg + 0.4 * plan_score`. Each weight is a number with a
percent word, the weights of one sentence totalling 100; the value it weighs is the `variables`
entry named on the side the language's profile names what a phrase is about (Kazakh before
the weight, Russian after it), the nearest to the weight, or on the other side where that one
names none ("жетпіс пайызы ННИ бойынша қорытынды балдан және отыз пайызы …"); the target is
the entry the sentence opens with. A term its clause converts with a lookup table is renamed
afterwards (formulas.convert). A score stated equal to another in words is a formula of one term
(`equated`: "… равна его баллу по методу 360" -> `annual_score = competency_average`).
"""

from __future__ import annotations

from decimal import Decimal

from ..resources import GRAMMAR, load_table
from .lexer import terminals
from .lexicon import concept_pattern, entries, fire
from .profiles import profile

HUNDRED = Decimal(100)


def weighted(tokens, lang: str) -> tuple[str, str] | None:
    """(target, expression) of a sentence stating a weighted sum in words; None otherwise."""
    return _weighted(tokens, lang, _weights(tokens, lang))


def _weighted(tokens, lang: str, weights) -> tuple[str, str] | None:
    """`weighted`, its weights (`_weights`) found."""
    if weights is None:
        return None
    keys, offsets = _keyed(tokens, lang)
    # "… итоговых квартальных баллов, учитываемой с весом семьдесят процентов, и …": a weight
    # word before each number says the value it weighs was named before it, in either language;
    # one after each percent ("жетпіс пайыз салмақпен алынған … балдан және отыз пайыз
    # салмақпен алынған …": taken with a weight of seventy percent) that it is named after,
    # where the phrase runs on into the value it qualifies (no comma after the weight word:
    # "… орта бағасы жетпіс пайыз салмақпен, …" names its value before)
    after = all(percent + 2 < len(tokens) and _weight_word(tokens[percent + 1], lang)
                and tokens[percent + 2].text[:1].isalpha() for _, percent, _ in weights)
    before = not after and (profile(lang).anchor_side == "before" or all(
        number and _weight_word(tokens[number - 1], lang) for number, _, _ in weights))
    # the values named on the other side where the side the cues give names none ("жылдық
    # бағасы жетпіс пайызы ННИ бойынша қорытынды балдан және отыз пайызы … балдан құралады":
    # seventy percent from the KPI score, each value after its weight)
    return _read(tokens, lang, weights, keys, offsets, before) or \
        _read(tokens, lang, weights, keys, offsets, not before)


def _read(tokens, lang: str, weights, keys: str, offsets: list[int],
          before: bool) -> tuple[str, str] | None:
    """(target, expression) with each weight's value named before it (`before`) or after it,
    the target before the first value; None where a value or the target is not named."""
    names, first = [], None
    for k, (number, percent, _) in enumerate(weights):
        if before:
            lo = weights[k - 1][1] + 1 if k else 0
            window = (offsets[lo], offsets[number])
        else:
            hi = weights[k + 1][0] if k + 1 < len(weights) else len(tokens)
            window = (offsets[percent + 1] if percent + 1 < len(tokens) else len(keys),
                      offsets[hi] if hi < len(tokens) else len(keys))
        found = _named(keys, lang, window, last=before)
        if found is None:
            return None
        names.append(found[0])
        first = found[1] if k == 0 else first
    target = _named(keys, lang, (0, first if before else offsets[weights[0][0]]), last=False)
    if target is None or target[0] in names:
        return None
    expression = " + ".join(f"{w[2] / HUNDRED} * {name}" for w, name in zip(weights, names))
    return target[0], expression


def weighted_mean(tokens, lang: str) -> tuple[str, str] | None:
    """(target, expression) of a mean weighted in words: each item's value times its weight,
    summed, divided by the sum of the weights ("Средневзвешенный балл … исчисляется путем
    деления суммы произведений балла каждой задачи на ее коэффициент сложности на сумму
    коэффициентов сложности всех задач", "… орташа өлшенген балы әрбір міндеттің балын оның
    күрделілік коэффициентіне көбейтудің қосындысын … күрделілік коэффициенттерінің
    қосындысына бөлу арқылы есептеледі") -> `sum(values * weights) / sum(weights)`. The
    sentence names a product, two sums and a division; the target is the `variables` entry
    it opens with, the weight the entry named both in the product and in the divisor, the
    value the other factor; each item in the name of its list (`item_lists`)."""
    keys, _ = _keyed(tokens, lang)
    product = concept_pattern("<product>", lang).search(keys)
    sums = [m.start() for m in concept_pattern("<sum>", lang).finditer(keys)]
    if product is None or len(sums) < 2 or not concept_pattern("<divide>", lang).search(keys):
        return None
    subject = _subject(keys, lang, min(product.start(), sums[0]))
    if subject is None:
        return None
    named = _every_named(keys, lang, (subject[1], len(keys)))
    target, factors = subject[0].key, [n[2] for n in named]
    twice = {f for f in factors if factors.count(f) == 2}
    if len(set(factors)) != 2 or len(twice) != 1 or len(factors) != 3 or target in factors:
        return None
    for item in (subject[0], *(n[3] for n in named)):
        fire(item)
    lists = load_table(GRAMMAR / "facts_meaning.yaml")["item_lists"]
    weight = twice.pop()
    value = next(f for f in factors if f != weight)
    weight, value = lists.get(weight, weight), lists.get(value, value)
    return target, f"sum({value} * {weight}) / sum({weight})"


def _subject(keys: str, lang: str, end: int):
    """(entry, end) of the `variables` entry a sentence opens with, before `end`: of names
    whose words overlap ("Средневзвешенная оценка за квартал", "Тоқсандағы орташа өлшенген
    баға": a weighted mean and a quarter's score), the head of the phrase, first where the
    language names what a phrase is about before its qualifiers (Russian), last where after
    them (Kazakh); None where none is named there."""
    found = sorted(((m.start(), m.end(), item) for item in entries()["variables"]
                    for m in item.patterns[lang].finditer(keys, 0, end)), key=lambda f: f[:2])
    if not found:
        return None
    phrase, reach = [found[0]], found[0][1]
    for f in found[1:]:
        if f[0] < reach:
            phrase.append(f)
            reach = max(reach, f[1])
    if profile(lang).anchor_side == "after":
        head = min(phrase, key=lambda f: (f[0], -f[1]))
    else:
        head = max(phrase, key=lambda f: (f[1], f[0]))
    return head[2], reach


def equated(tokens, lang: str) -> tuple[str, str] | None:
    """(target, value) of a sentence saying one score equals another, in words ("Годовая
    оценка служащего, не являющегося руководителем, равна его баллу по методу 360",
    "… қызметшінің жылдық бағасы оның 360 әдісі бойынша балына тең"): the `variables` entry
    the sentence opens with, a word of equality after it, and one other entry on the side
    of it the language names a complement (Russian after the word, Kazakh before it) with no
    number of its own; None otherwise."""
    terms = terminals(tokens, lang)
    index = {id(t): i for i, t in enumerate(tokens)}
    equal = [index[id(t.token)] for t in terms if t.type == "EQUAL" and id(t.token) in index]
    if len(equal) != 1:
        return None
    keys, offsets = _keyed(tokens, lang)
    at = offsets[equal[0]]
    word_end = at + len(keys[at:].split(" ", 1)[0])
    before = _every_named(keys, lang, (0, at))
    if not before:
        return None
    start, length, target, _ = before[0]
    after = profile(lang).anchor_side == "after"
    named = _every_named(keys, lang, (word_end, len(keys)) if after else (start + length, at))
    if len(named) != 1 or named[0][2] == target or len(before) != (1 if after else 2):
        return None
    value_start, value_length, value, _ = named[0]
    # nothing but the value's own words between it and the word of equality: no amount
    # ("равна 5 баллам"), no second term
    window = keys[word_end:value_start] if after else keys[value_start + value_length:at]
    arithmetic = concept_pattern("(<sum>|<difference>)", lang)  # "айырмасына тең": no one value
    if any(ch.isdigit() for ch in window) or arithmetic.search(window) or any(
            t.is_number and t.value is not None and not value_start <= offsets[i] <
            value_start + value_length for i, t in enumerate(tokens) if offsets[i] > start):
        return None
    # the equality is what the sentence says, its last words ("… равна его баллу по методу
    # 360.", "… балына тең."), not a manner ("тең салмақта есептеледі": with equal weight)
    end = value_start + value_length if after else word_end
    if keys[end:].strip(" .;,"):
        return None
    return target, value


def _every_named(keys: str, lang: str, window: tuple[int, int]) -> list[tuple]:
    """(start, length, key, entry) of each `variables` entry named inside the window, in
    order; a name inside another's words is part of that phrase."""
    found = [(m.start(), m.end() - m.start(), item.key, item)
             for item in entries()["variables"]
             for m in item.patterns[lang].finditer(keys, *window)]
    return sorted((f for f in found if not any(
        o[0] <= f[0] and f[0] + f[1] <= o[0] + o[1] and o[1] > f[1] for o in found)),
        key=lambda f: f[:3])


def weight_spans(tokens, lang: str) -> list[tuple[int, int, Decimal]]:
    """Where the weights of a weighted sum the sentence states in words stand (from each
    number to its percent word) and their percents: shares of the sum, no bound of anything
    ("шестьдесят процентов средней квартальных оценок и сорок процентов …"); none when it
    states none."""
    weights = _weights(tokens, lang)
    if _weighted(tokens, lang, weights) is None:
        return []
    return [(tokens[number].start, tokens[percent].end, value)
            for number, percent, value in weights]


def _weights(tokens, lang: str) -> list[tuple[int, int, Decimal]] | None:
    """(number index, percent index, value in percent) of each number with a percent word,
    when there are two or more totalling 100; else of each share a weight word stands beside
    ("взятого с весом 0,6", "с весом шесть десятых", "нөл бүтін оннан алты салмақпен": the
    number is its own last token), when there are two or more totalling 1; None otherwise."""
    terms = terminals(tokens, lang)
    index = {id(t): i for i, t in enumerate(tokens)}
    weights = [(index[id(a.token)], index[id(b.token)], a.value) for a, b in zip(terms, terms[1:])
               if a.type == "NUM" and b.type == "PERCENT" and isinstance(a.value, Decimal)
               and a.value and id(a.token) in index and id(b.token) in index]
    if len(weights) >= 2 and sum(w[2] for w in weights) == HUNDRED:
        return weights
    shares = [(at, at, a.value * HUNDRED) for a in terms
              if a.type == "NUM" and isinstance(a.value, Decimal) and 0 < a.value < 1
              and (at := index.get(id(a.token))) is not None
              and any(0 <= k < len(tokens) and _weight_word(tokens[k], lang)
                      for k in (at - 1, at + 1))]
    if len(shares) >= 2 and sum(w[2] for w in shares) == HUNDRED:
        return shares
    return None


def _weight_word(token, lang: str) -> bool:
    """Whether a token names a weight ("весом", "салмағы": the `score_weights` table)."""
    key = profile(lang).token_key(token)
    return any(item.patterns[lang].fullmatch(key) for item in entries()["score_weights"])


def _keyed(tokens, lang: str) -> tuple[str, list[int]]:
    """The tokens' match keys joined by spaces (a short term the document defined as its
    expansion), and where each token's key starts in it; an aside in brackets left out, so that the words it parts run on ("тоқсандық бағасының
    (қызметші бағаланбаған тоқсандар есептелмей) орташа арифметикалық мәні": the quarters'
    mean), its tokens starting where the next kept key starts."""
    keys = profile(lang).word_keys(tokens)  # a short term as what it stands for
    offsets, parts, at, depth = [], [], 0, 0
    for token, key in zip(tokens, keys):
        offsets.append(at)
        depth += token.text == "("
        if depth == 0:
            parts.append(key)
            at += len(key) + 1
        depth = max(0, depth - (token.text == ")"))
    return " ".join(parts), offsets


def _named(keys: str, lang: str, window: tuple[int, int], last: bool):
    """(key, start) of the `variables` entry named inside the window of the keys: the one
    starting last (nearest a weight after it) or first; the longer match on a tie."""
    # a name inside another's words is part of that phrase ("средней арифметической итоговых
    # квартальных баллов": the mean, not the quarters' points)
    found = _every_named(keys, lang, window)
    if not found:
        return None
    start, _, key, _ = (max(found, key=lambda f: (f[0], f[1])) if last
                     else min(found, key=lambda f: (f[0], -f[1])))
    return key, start
