"""Exceptions inside a rule: a condition on that rule, not a rule of their own.

"… не позднее 10 числа месяца, следующего за кварталом, за исключением IV квартала, оценка за
который проводится не позднее 10 декабря", "… айдың 10-нан кешіктірмей, ал IV тоқсан бойынша –
10 желтоқсаннан", "(… оныншы желтоқсаннан кеш емес өткізілетін төртінші тоқсанды қоспағанда)".
An exception marker (the `exception_markers` table of grammar/facts_meaning.yaml) opens the
part of the sentence that states the exception: after it ("за исключением", ", ал") or before
it, back to the bracket or comma that opens it ("… қоспағанда"), and on to the sentence's end
when words after it resume what it excepts ("…, ол бойынша …"). The words of that part are
kept out of the main rule's context; a deadline read inside it whose event names a period
(`base` and `quarter` in the events table) is added to the main rule of its base event as an
`exceptions` entry: {quarter, anchor, rule, direction}, which the evaluator applies when the
anchor falls in that quarter.
"""

from __future__ import annotations

import re

from .lexicon import entries, find
from .model import Fact
from .profiles import profile

_OPENERS = "(,;"


def span(sentence, lang: str, text: str, terms=()) -> tuple[int, int] | None:
    """The character span of the part of a sentence that states an exception, if one. A
    marker that opens its part runs it to the sentence's end, unless the sentence's terms
    (`terms`: its deadline phrases) all stand after the marker: then the term is the
    sentence's rule, stated after the exception, which ends at the next comma ("Квартальная
    оценка, за исключением IV квартала, проводится не позднее пятнадцатого числа …")."""
    prof = profile(lang)
    tokens = sentence.tokens
    for i in range(len(tokens)):
        item = find("exception_markers", lang, prof.keys(tokens[i:i + 5]), at_start=True)
        if item is not None:
            if item.extra.get("opens") == "before":
                start = max(text.rfind(c, sentence.start, tokens[i].start) for c in _OPENERS)
                # the exception's own rule after it, its period resumed ("…, ол бойынша …")
                resumed = find("exception_resumptions", lang, prof.keys(tokens[i + 1:i + 5]),
                               at_start=True) is not None
                return (start + 1 if start >= 0 else sentence.start), \
                    sentence.end if resumed else tokens[i].end
            if terms and not any(p.span[0] < tokens[i].start for p in terms):
                stop = text.find(",", tokens[i].end, sentence.end)
                if stop >= 0:
                    return tokens[i].start, stop
            return tokens[i].start, sentence.end
    return None


def excepted(sentence, lang: str, text: str) -> tuple[int, int] | None:
    """The character span of what an exception marker excepts, up to the comma or bracket
    that ends it ("за исключением замечания,", "(кроме замечания)") or back to the one that
    opens it ("ескертуді қоспағанда"): the thing excepted, not the rest of the sentence."""
    found = span(sentence, lang, text)
    if found is None:
        return None
    start, end = found
    if end == sentence.end:  # the marker opens the part: its thing runs to the next stop
        stops = [i for i in (text.find(c, start, end) for c in ",;)") if i >= 0]
        end = min(stops, default=end)
    return start, end


def inside(phrase_span: tuple[int, int], part: tuple[int, int] | None) -> bool:
    """Whether a phrase lies in the exception part."""
    return part is not None and part[0] <= phrase_span[0] and phrase_span[1] <= part[1]


def attach(main: list[Fact], excepted: list[Fact], lang: str, words: str = "") -> list[Fact]:
    """The main facts with each excepted deadline added to the rule of its base event; an
    excepted deadline of the main rule's own event whose part (`words`, its keys) names a
    period ("… мониторингі 10 желтоқсаннан кешіктірілмей аяқталатын төртінші тоқсанды
    қоспағанда") is that rule's exception only, not a rule of its own; so is a period's
    deadline ("а по четвертому кварталу – не позднее 1 декабря") when the sentence's rule
    times another event than the period's base (sheets sent out, a KPI monitored): the
    fourth quarter's own evaluation date (`quarterly_evaluation_q4`) is a rule of its own
    only beside the quarterly evaluation it excepts."""
    events = {e.key: e.extra for e in entries()["events"]}
    period = find("events", lang, words) if words else None
    out = list(main)
    kept = []
    for fact in excepted:
        extra = events.get(fact.fields.get("event"), {})
        base, quarter = extra.get("base"), extra.get("quarter")
        own = [k for k, r in enumerate(out) if r.kind == "deadline"
               and r.fields.get("event") == fact.fields.get("event")]
        if base is None and period is not None and period.extra.get("quarter") and own:
            base, quarter = fact.fields["event"], period.extra["quarter"]
        elif base is not None and not _timing(out, base) and _timing(out, None):
            base = None  # another rule's exception for the period: that rule's only
            quarter = extra["quarter"]
        else:
            kept.append(fact)
        if fact.kind != "deadline" or quarter is None:
            continue
        exception = {"quarter": quarter, "anchor": fact.fields["anchor"],
                     "rule": fact.fields["rule"],
                     "direction": fact.fields.get("direction", "after")}
        for k in _timing(out, base):
            fields = {**out[k].fields,
                      "exceptions": [*out[k].fields.get("exceptions", []), exception]}
            out[k] = out[k].model_copy(update={"fields": fields})
    return out + kept


def _timing(facts: list[Fact], event: str | None) -> list[int]:
    """The places of the deadlines of an event among `facts` (of any event: None)."""
    return [k for k, f in enumerate(facts) if f.kind == "deadline"
            and (event is None or f.fields.get("event") == event)]


def across(found: list[Fact]) -> list[Fact]:
    """A clause's exception stated in a sentence of its own ("IV тоқсан бойынша бағалау
    ағымдағы жылдың 5 желтоқсанына дейін жүргізіледі" after the sub-points that give the
    quarterly term) is added to the rule of its base event in the same clause, as an
    exception inside that rule is (the rules looked up by event and clause, not scanned for
    each exception)."""
    events = {e.key: e.extra for e in entries()["events"]}
    out = list(found)
    rules: dict[tuple, list[int]] = {}  # (event, clause) -> the deadlines' places in `out`
    quarterly: dict[str, list[int]] = {}  # clause -> its deadlines counted from a quarter's end
    for k, rule in enumerate(out):
        if rule.kind == "deadline":
            rules.setdefault((rule.fields.get("event"), _clause(rule.address)), []).append(k)
            if rule.fields.get("anchor") == "quarter_end":
                quarterly.setdefault(_clause(rule.address), []).append(k)
    dropped: set[int] = set()
    for at, fact in enumerate(found):
        extra = events.get(fact.fields.get("event"), {}) if fact.kind == "deadline" else {}
        if extra.get("base") is None:
            continue
        exception = {"quarter": extra.get("quarter"), "anchor": fact.fields["anchor"],
                     "rule": fact.fields["rule"],
                     "direction": fact.fields.get("direction", "after")}
        timed = rules.get((extra["base"], _clause(fact.address)), [])
        if not timed and quarterly.get(_clause(fact.address)):
            # the clause times another event each quarter ("мониторинг … не позднее 5 числа
            # месяца, следующего за отчетным кварталом. Мониторинг за четвертый квартал
            # проводится не позднее 15 декабря"): the period's date is that rule's exception
            timed = quarterly[_clause(fact.address)]
            dropped.add(at)
        for k in timed:
            rule = out[k]
            if exception not in rule.fields.get("exceptions", []):
                fields = {**rule.fields,
                          "exceptions": [*rule.fields.get("exceptions", []), exception]}
                out[k] = rule.model_copy(update={"fields": fields})
    return [f for k, f in enumerate(out) if k not in dropped]


def _clause(address: str) -> str:
    """The clause of an address, its sub-points left out: "app1/ch1/p3/sub1" -> "app1/ch1/p3"."""
    return re.sub(r"(/sub[^/]*)+$", "", address)
