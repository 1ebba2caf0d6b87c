"""Lead-ins that distribute over their sub-points.

"Итоговая оценка не может превышать: 1) 3,49 балла – при …; 2) 2,49 балла – при …" and
"Орташа баға мынадан аспауы тиіс: 1) … 3,49 балдан; 2) … 2,49 балдан" state one comparison
in the lead-in and its numbers in the sub-points. The comparison words that end a lead-in
(a run of comparator terminals with no number, the line ending in a colon) are given to each
sub-point that has no comparison of its own, on the side the language's profile says:
Russian puts them before the number ("не может превышать 3,49 балла"), Kazakh after the
amount ("3,49 балдан аспауы").
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Document, Node
from .cells import roles, texts
from .lexer import Terminal, kk_case, terminals
from .profiles import profile

# what may follow a number inside its amount: counted words and Kazakh case endings
_AMOUNT = {"POINT", "PERCENT", "PERSON", "WORK", "CAL", "DAY", "WEEK", "MONTH", "YEAR", "ABL",
           "DAT", "POSS"}
# the words that make two numbers a range's ends ("от … до", "-дан … дейін", "бастап",
# "включительно", "қоса алғанда"): a sub-point holding one states its own comparison
_RANGE = frozenset({"FROM", "TO", "INCL"})


# a list item's mark as every reader hands it on: a dash or a bullet, then a space
_MARK = re.compile(r"\s*[–—‒−•-]\s")


def bullets(node: Node, doc: Document) -> list[Node]:
    """The bulleted items of a lead-in: the paragraphs opening with a list mark ("– …",
    "• …", as a text writes them and as the .docx and HTML readers restore them) that follow
    a clause's or sub-point's own text ending in a colon, up to the first paragraph that is no
    item. They are its list as numbered sub-points would be ("Оценке не подлежат служащие: –
    …; – …", "Бағаланбайды: – …; – …"): each is a rule of its own, at its own address."""
    if node.kind not in ("clause", "subpoint") or node.head is None \
            or not doc.text[node.head.start:node.head.end].rstrip().endswith(":"):
        return []
    out = []
    for child in node.children:
        if child.kind != "paragraph" or child.head is None \
                or not _MARK.match(doc.text[child.head.start:child.head.end]):
            break
        out.append(child)
    return out or _unmarked(node, doc)


def _unmarked(node: Node, doc: Document) -> list[Node]:
    """A lead-in's items set as paragraphs with no mark, as a list whose marks a converter or
    a document system dropped: two or more paragraphs in a row, each but the last ending in a
    semicolon ("… не может превышать: / при замечании или выговоре – 3,49 балла; / при
    строгом выговоре – 2,49 балла; / при ином … – 1,99 балла.")."""
    out = []
    for child in node.children:
        if child.kind != "paragraph" or child.head is None:
            break
        out.append(child)
        if not doc.text[child.head.start:child.head.end].rstrip().endswith(";"):
            break
    return out if len(out) >= 2 and all(
        doc.text[c.head.start:c.head.end].rstrip().endswith(";") for c in out[:-1]) else []


def items(doc: Document) -> frozenset[str]:
    """The addresses of every lead-in's bulleted items (`bullets`)."""
    return frozenset(item.address for node in doc.nodes() for item in bullets(node, doc))


def _listed(node: Node, doc: Document) -> list[Node]:
    """A lead-in's list: its numbered sub-points, else its bulleted items."""
    return [c for c in node.children if c.kind == "subpoint"] or bullets(node, doc)


def leads(doc: Document, sentences: dict[str, list]) -> dict[str, tuple[Terminal, ...]]:
    """Sub-point (or bulleted item) address -> the comparison its parent's lead-in gives it
    (none if none)."""
    out: dict[str, tuple[Terminal, ...]] = {}
    for root in doc.roots:
        for node in root.walk():
            if node.head is None or node.address not in sentences or not sentences[node.address]:
                continue
            if not doc.text[node.head.start:node.head.end].rstrip().endswith(":"):
                continue
            lang = node.lang or doc.lang or "kk"
            listed = _listed(node, doc)
            comparison = (open_comparison(sentences[node.address][-1].tokens, lang)
                          or _closing(listed, sentences, lang))
            if comparison:
                out.update(dict.fromkeys((c.address for c in listed), comparison))
                for child in node.children:
                    if child.kind == "table":
                        out.update(dict.fromkeys(_data_cells(child), comparison))
    return out


def _data_cells(table: Node) -> list[str]:
    """The addresses of a table's cells below its header row: a lead-in's comparison goes to
    each ("не может превышать значения, указанного в таблице:" over "Выговор | 2,99",
    "кестеде көрсетілген мәннен аспауы тиіс:" over "Сөгіс | 2,99")."""
    rows = [r for r in table.children if r.kind == "row"]
    if not rows:
        return []
    numbered = roles(texts(rows[0]), table.lang).get("number")  # "Р/с №": a row's number
    return [c.address for r in rows[1:]
            for k, c in enumerate(x for x in r.children if x.kind == "cell") if k != numbered]


def _closing(subs: list[Node], sentences: dict[str, list], lang: str) -> tuple[Terminal, ...]:
    """The comparison that ends the last sub-point of a list when the lead-in states none:
    the verb closing the whole list ("оның орташа балы: 1) … – 3,29 балдан; 2) … – 2,49
    балдан жоғары қойылмайды")."""
    if len(subs) < 2 or not sentences.get(subs[-1].address):
        return ()
    last = subs[-1]
    stated = profile(lang).comparators | _RANGE
    if any(t.type in stated for sub in subs[:-1] for sentence in sentences.get(sub.address, ())
           for t in terminals(sentence.tokens, lang)):
        return ()  # the others state their own comparisons ("4,6-дан 5 балға дейін қоса
        # алғанда; … 4) … 2,8 балдан кем"): the last one's is its own
    # the sentence that closes the list, not a remark the layout joined to the last item
    # ("… 86 балдан артық болуы мүмкін емес. Осы тармақта белгіленген шектен …")
    found = next((c for c in (open_comparison(s.tokens, lang, after_number=True)
                              for s in sentences[last.address]) if c), ())
    tail = next((c for c in last.children if c.kind == "paragraph"), None)
    if found or tail is None or not sentences.get(tail.address):
        return found
    # the closing verb on a line of its own that the layout made a paragraph, its modal
    # after it ("… 1,99 балдан" / "аспауы тиіс.")
    terms = terminals(sentences[tail.address][0].tokens, lang)
    verb = terms[:-_MODAL] if len(terms) > _MODAL and all(
        t.type == "OTHER" for t in terms[-_MODAL:]) else terms
    comparators = profile(lang).comparators
    return tuple(verb) if verb and all(t.type in comparators for t in verb) else ()


# how many plain words may stand between two comparator terminals of one comparison: a
# participle ("не может быть выставлен выше"), "болуы мүмкін" ("… артық болуы мүмкін емес")
_PASSED = 2
# how many plain words may follow the comparison that closes a list: its modal ("тиіс")
_MODAL = 1


def open_comparison(tokens, lang: str, after_number: bool = False) -> tuple[Terminal, ...]:
    """The comparator terminals that end a lead-in with no number after them ("не может
    превышать", "аспауы тиіс", "не может быть выставлен выше": a participle between them
    is passed over); () if the lead-in ends otherwise. With `after_number`, the run that
    follows a sentence's last amount ("… 2,49 балдан жоғары қойылмайды")."""
    terms = terminals(tokens, lang)
    prof = profile(lang)
    comparators = prof.comparators
    hits = [i for i, t in enumerate(terms) if t.type in comparators]
    if not hits or any(t.type in ("NUM", "ORD") for t in terms[hits[-1]:]):
        return ()
    first = hits[-1]

    def passed(t: Terminal) -> bool:  # "ең жоғары мәннен аспауы": "мәннен" is no participle
        return t.type == "OTHER" and not (prof.compared_case
                                          and kk_case(t.token.lower) == prof.compared_case)
    while first > 0:
        gap = next((n for n in range(_PASSED + 1) if first - n - 1 >= 0
                    and terms[first - n - 1].type in comparators
                    and all(passed(t) for t in terms[first - n:first])), None)
        if gap is None:
            break
        first -= gap + 1
    if after_number and (first == 0 or terms[first - 1].type not in _AMOUNT
                         or len(terms) - 1 - hits[-1] > _MODAL
                         or not all(passed(t) for t in terms[hits[-1] + 1:])):
        return ()  # not the list's closing verb: words follow it (a modal may: "… 2,49
        # балдан жоғары болмауы тиіс", "… 2,49 балла не выше должна быть")
    return tuple(t for t in terms[first:hits[-1] + 1] if t.type in comparators)


def distribute(terms: list[Terminal], comparison: tuple[Terminal, ...], lang: str,
               tokens=()) -> list[Terminal]:
    """A sub-point's terminals with its lead-in's comparison put beside its first number
    (not its label "1)"), unless it states a comparison of its own."""
    comparators = profile(lang).comparators
    if not comparison or any(t.type in comparators for t in terms):
        return terms
    label = tokens[0] if len(tokens) > 1 and tokens[1].text in (")", ".") else None
    first = next((i for i, t in enumerate(terms) if t.type == "NUM" and t.token is not label),
                 None)
    if first is None:
        return terms
    # a copy, marked borrowed: the phrase's own words are the sub-point's (Phrase.span)
    comparison = tuple(replace(t, borrowed=True) for t in comparison)
    if profile(lang).lead_in_side == "before":
        return terms[:first] + list(comparison) + terms[first:]
    end = first + 1
    while end < len(terms) and terms[end].type in _AMOUNT:
        end += 1
    return terms[:end] + list(comparison) + terms[end:]


def gapped(terms: list[Terminal], spans: list[tuple[int, int]], lang: str) -> list[Terminal]:
    """A comparison stated once for two amounts of points in one sentence, given to the
    amount that lacks it ("2,99 балдан, ал … 1,99 балдан жоғары болмайды", "не может
    превышать 3,49 балла при …, а 2,49 балла при …"): Kazakh states it after its last amount,
    Russian before its first. `spans` are the (first, last) terminals of the phrases read."""
    prof = profile(lang)
    covered = {i for lo, hi in spans for i in range(lo, hi + 1)}
    scored = [(lo, hi) for lo, hi in spans
              if "POINT" in {t.type for t in terms[lo:hi + 1]}
              and any(t.type in prof.comparators for t in terms[lo:hi + 1])]
    if not scored:
        return terms
    after = prof.lead_in_side == "after"
    lo, hi = scored[-1] if after else scored[0]
    comparison = [replace(t, borrowed=True) for t in terms[lo:hi + 1]
                  if t.type in prof.comparators]
    bare = [i for i, t in enumerate(terms)
            if t.type == "NUM" and i not in covered and i + 1 < len(terms)
            and terms[i + 1].type == "POINT" and (i < lo if after else i > hi)]
    for i in sorted(bare, reverse=True):
        if after:
            end = i + 1
            while end < len(terms) and terms[end].type in _AMOUNT:
                end += 1
            terms = terms[:end] + comparison + terms[end:]
        else:
            terms = terms[:i] + comparison + terms[i:]
    return terms


def elliptic(terms: list[Terminal], spans: list[tuple[int, int]], lang: str) -> list[Terminal]:
    """A negation stated once for two bounds, the other keeping only its comparative: two
    bounds on points ("не может быть выше 2,99 балла – при …, и выше 1,99 балла – при …",
    "2,99 балдан жоғары, ал … 1,99 балдан жоғары болмайды"), or two bounds joined by "and"
    ("үштен кем және бестен артық болмауы тиіс"). The bare comparative takes the negation,
    on the side the language's profile puts a lead-in's comparison, and only a bound on that
    side of the negated one (Kazakh says it last, Russian first) and not set against it by a
    contrast ("но", "бірақ"). `spans` are the (first, last) terminals of the phrases read."""
    prof = profile(lang)
    runs = [(lo, hi, _comparison(terms, lo, hi, prof.comparators)) for lo, hi in spans]
    negated = [r for r in runs if r[2] and {terms[i].type for i in r[2]} & prof.negations
               and not _own_verb(terms, r)]
    if not negated:
        return terms
    source = negated[0] if prof.lead_in_side == "before" else negated[-1]
    negation = [replace(terms[i], borrowed=True) for i in source[2]
                if terms[i].type in prof.negations]
    before = prof.lead_in_side == "before"
    for lo, hi, run in sorted(runs, reverse=True):
        if (not run or {terms[i].type for i in run} & (prof.negations | prof.whole_bounds)
                or not _alike(terms, (lo, hi), source[:2])):
            continue
        if (lo < source[0]) if before else (lo > source[0]):
            continue  # the negation is said once on its side of the bounds it holds for:
            # a bare bound on the other side is its own ("3,5 балдан кем емес, бірақ 4,5
            # балдан кем": not under 3.5, but under 4.5)
        first, second = sorted(((lo, hi), source[:2]))
        if any(t.token.text.lower() in prof.contrasts for t in terms[first[1] + 1:second[0]]):
            continue  # "не менее 3,5 балла, но менее 4,5 балла": set against, not elliptic
        at = run[0] if prof.lead_in_side == "before" else run[-1] + 1
        terms = terms[:at] + negation + terms[at:]
    return terms


def _own_verb(terms: list[Terminal], run: tuple[int, int, list[int]]) -> bool:
    """Whether a negation is its phrase's own verb, shared with no other bound: the run of
    comparators stops before a word of the phrase that is neither a comparator nor its
    amount ("не достигающей 3 баллов", "не исполнилось двух месяцев")."""
    lo, hi, comparison = run
    after = comparison[-1] + 1
    return after <= hi and terms[after].type not in ("NUM", "ORD", *_AMOUNT)


def _alike(terms: list[Terminal], one: tuple[int, int], other: tuple[int, int]) -> bool:
    """Whether two bounds share one negation: both on points, or next to each other joined
    by "and"."""
    def points(lo, hi):
        return "POINT" in {t.type for t in terms[lo:hi + 1]}
    if points(*one) and points(*other):
        return True
    first, second = sorted((one, other))
    between = [t.type for t in terms[first[1] + 1:second[0]]]
    return between == ["AND"]


def _comparison(terms: list[Terminal], lo: int, hi: int, comparators) -> list[int]:
    """The positions of the first run of comparator terminals in terms[lo..hi]."""
    run: list[int] = []
    for i in range(lo, hi + 1):
        if terms[i].type in comparators:
            run.append(i)
        elif run:
            break
    return run
