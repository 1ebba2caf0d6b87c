"""Stated rounding rules as formulas: "рассчитываются с точностью до сотых долей балла",
"… жүздік үлеске дейін дөңгелектенеді" -> `rounded_score = round(score, 2)`; a rule on a KPI
percent -> `kpi_percent_rounded = round(kpi_percent, n)` (docs/facts.md, "Rounding").

The wording of a rounding rule and its digits are those of grammar/scales.yaml (`rounding`,
shared with the gap check of scales.py); what is rounded is read from the sentence's words
(`rounded`). A sentence that rounds without saying to how many digits gives no fact.
"""

from __future__ import annotations

import re

from ..model import Diagnostic, Document, Span
from .model import Fact, fold
from .cells import pattern
from .formulas import variables_of
from .scales import rounding_patterns, words

READ = {"clause", "subpoint", "paragraph", "note", "cell"}  # a sheet's row may state one
SENTENCE = re.compile(r"[^.;]+[.;]?")


def facts(doc: Document) -> tuple[list[Fact], list[Diagnostic]]:
    """One formula per sentence that states a rounding rule with its digits."""
    found = []
    for node in doc.nodes():
        if node.kind not in READ or node.head is None:
            continue
        text = doc.text[node.head.start:node.head.end]
        for m in SENTENCE.finditer(text):
            rule = _rule(m.group())
            if rule is not None:
                span = Span(start=node.head.start + m.start(), end=node.head.start + m.end())
                found.append(Fact(kind="formula", address=_owner(doc, node), span=span,
                                  quote=fold(doc.text[span.start:span.end]), lang=node.lang or doc.lang,
                                  fields=rule))
    return found, []


def _rule(sentence: str) -> dict | None:
    """The formula fields of a sentence stating a rounding rule, or None. The precision is
    the one stated first: "балдың ондық үлесіне дейін дөңгелектенеді: жүздік үлес 5-ке тең
    …" rounds to tenths, the hundredths it names after it being the rule's method."""
    stated = [(found.start(), d) for pattern, d in rounding_patterns() if d is not None
              for found in [pattern.search(sentence)] if found]
    if not stated:
        return None
    digits = min(stated, key=lambda s: s[0])[1]
    table = words()
    what = next((e for e in table["rounded"] if pattern(tuple(e["words"])).search(sentence)),
                table["default_rounded"])
    rounded = dict.fromkeys(variables_of(what["name"]), "the value the rule rounds")
    return {"target": what["target"], "expression": f"round({what['name']}, {digits})",
            "variables": {what["target"]: "the value after the stated rounding", **rounded}}


def _owner(doc: Document, node) -> str:
    """A paragraph's facts are its clause's (the parent address), a cell's its table's, as
    the text reader's."""
    if node.kind == "paragraph":
        return node.address.rpartition("/")[0] or node.address
    if node.kind == "cell":
        return re.sub(r"/row\d+/cell\d+$", "", node.address)
    return node.address
