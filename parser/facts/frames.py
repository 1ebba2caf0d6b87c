"""Deadline events as who does what to what.

A deadline's event is read from the concepts its sentence names: what is done (the `deeds`
table of grammar/facts_meaning.yaml), what it is done to (`matters`) and who takes part
(`parties`) and what it decides (`verdicts`), as the frames of grammar/event_frames.yaml
combine them: HR sends the commission's members its materials, the commission examines an
application (and decides on it), the servant appeals. An unseen wording of the same act names the same concepts, so it gets the same key;
the words of the deadline's anchor are left out ("со дня доведения решения" is when the term
starts, not what the sentence does).
"""

from __future__ import annotations

import re
from functools import cache

from ..resources import GRAMMAR, load_table
from . import lexicon
from .profiles import profile

# a frame's role -> the meaning table its concepts are entries of
ROLES = {"deed": "deeds", "matter": "matters", "party": "parties", "verdict": "verdicts"}


@cache
def frames() -> tuple[dict, ...]:
    """The event frames, in order (narrower first)."""
    return tuple(load_table(GRAMMAR / "event_frames.yaml")["frames"])


def year_anchor(event: str, year: str) -> str:
    """The anchor of a fixed date of the year: `year_start` for an event that prepares the
    year (the `year_opening` list of grammar/event_frames.yaml) on a date of that year,
    else `year_end`."""
    opening = load_table(GRAMMAR / "event_frames.yaml").get("year_opening", [])
    return "year_start" if year == "same" and event in opening else "year_end"


def period_anchor(event: str) -> str:
    """The end of the reporting period an event is of (the anchor `period_end`): the
    quarter's for an event of a quarter (the `quarter_events` list of
    grammar/event_frames.yaml), else the year's."""
    quarterly = load_table(GRAMMAR / "event_frames.yaml").get("quarter_events", [])
    return "quarter_end" if event in quarterly else "year_end"


def event(lang: str, before: str, after: str, anchor: str | None,
          spans: tuple[list, list] = ([], []), verb: str | None = None,
          predicates: tuple[str, str] | None = None, earlier: str = "") -> str | None:
    """The event a deadline times, from the word keys of the sentence part before its phrase
    and after it: the deed named nearest the phrase outside the anchor's words (`spans`, in
    `before` and in `after`) is its predicate, and the first frame of that deed whose other
    concepts the part names outside the anchor's words, else within them too ("өтінішін ол
    түскен күннен … қарайды" examines the application received), and whose anchors, if it
    names any, hold the deadline's anchor, gives the event; None when the part names no
    deed, or no frame of its deed fits. The deed may be sought in a longer part after the
    phrase than its concepts (`verb`, the anchor's words blanked: a Kazakh clause's verb
    ends it, past the comma that ends what it acts on); what stands between the phrase and
    that verb is what it acts on too ("… кешіктірмей қызметшінің өтінішін, бағалау парағын
    және өзге материалдарды Комиссия мүшелеріне жібереді"). The deed is read from
    `predicates`, the same parts with the words that only qualify a noun blanked ("в
    порядке, установленном …" sets nothing). The concepts that decided are recorded as
    fired. With `earlier` (the words of the sentences before in its clause), the other
    concepts are sought only there and in the part ("Түзетулер … енгізіледі" corrects the
    plan the sentence before names)."""
    outside = masked(before, spans[0]), masked(after, spans[1])
    deeds = outside if predicates is None else (masked(predicates[0], spans[0]),
                                                masked(predicates[1], spans[1]))
    deed, end = _nearest_deed(lang, deeds[0], deeds[1] if verb is None else verb)
    if deed is None:
        return None
    if verb is not None and end > len(outside[1]):
        outside, after = (outside[0], verb[:end]), verb[:end]
    tried = (" ".join(outside), before + " " + after) if not earlier else \
        (earlier + " " + " ".join(outside),)
    for keys in tried:
        found = _frame(lang, deed, keys, anchor)
        if found is not None:
            return found
    return None


def _frame(lang: str, deed, keys: str, anchor: str | None) -> str | None:
    """The event of the first frame of a deed whose other concepts `keys` name and whose
    anchors, if it names any, hold the deadline's anchor."""
    for frame in frames():
        if deed.key not in _keys(frame.get("deed")):
            continue
        if "anchors" in frame and anchor not in frame["anchors"]:
            continue
        found = [_concept(ROLES[role], frame[role], lang, keys) for role in ROLES
                 if role in frame and role != "deed"]
        if all(found):
            for item in (deed, *found):
                lexicon.fire(item)
            return frame["key"]
    return None


def _nearest_deed(lang: str, before: str, after: str):
    """(the `deeds` entry that is the predicate of the part, where its words end in `after`,
    or -1 before the phrase): named nearest the phrase (the end of `before`, the start of
    `after`), or, in a language whose predicate ends the clause (the profile's `predicate`),
    the last one named after the phrase (a deed named before it is a noun of the subject:
    "жеке жоспары … бағаланып жатқан жылдың …"), else the nearest before it; table order
    breaks a tie. A `light`
    predicate ("проводится", "жүргізіледі"; "допускается", "жол беріледі") gives way to the
    deed it conducts or allows, named nearest the phrase on either side ("мониторинг …
    проводится", "түзетуге … жол беріледі")."""
    last = profile(lang).predicate == "last"
    found = _deed(lang, before, after, last, light=None)
    if found[0] is not None and found[1] == -1 and _joined_after(lang, before, found[0]):
        ahead = _deed(lang, "", after, last, light=None)  # "рассчитывает … и не позднее …
        if ahead[0] is not None:  # представляет": the clause the phrase opens has its own
            found = ahead
    if found[0] is not None and found[1] != -1 and not last \
            and _joined_before(lang, after[:found[1]]):
        # "… утверждается … не позднее 20 января текущего года и доводится …": the phrase
        # closes the clause of the deed before it; the one after the joint is another's
        behind = _deed(lang, before, "", False, light=None)
        if behind[0] is not None:
            found = behind
    if found[0] is None and last:  # an elliptic term after its verb: "… түзетілуі мүмкін,
        found = _deed(lang, before, "", False, light=None)  # бірақ … 1 қазанынан кешіктірілмей"
    if found[0] is not None and found[0].extra.get("light"):
        # the light predicate's own words name no other deed ("жол беріледі" is allowed,
        # not handed on): blanked, their places kept
        pattern = found[0].patterns[lang]
        before, after = (pattern.sub(lambda m: " " * len(m.group()), part)
                         for part in (before, after))
        conducted = _deed(lang, before, after, False, light=False)
        if conducted[0] is None:
            return found
        lexicon.fire(found[0])  # its words were read: they named no deed of their own
        return conducted
    return found


def _joined_after(lang: str, before: str, deed) -> bool:
    """Whether the phrase opens a clause joined to the deed's ("рассчитывает годовые оценки
    и не позднее …"): the word right before the phrase is a joining word (`clause_joints`:
    "и", "және"), after the deed's last naming."""
    words = before.split()
    ends = [m.end() for m in deed.patterns[lang].finditer(before)]
    return (bool(words) and bool(ends) and max(ends) <= len(before.rstrip()) - len(words[-1])
            and lexicon.find("clause_joints", lang, words[-1]) is not None)


def _joined_before(lang: str, ahead: str) -> bool:
    """Whether a joining word (`clause_joints`: "и", "және") stands between the phrase and
    the deed named after it (`ahead`: the words up to the deed's end): the deed opens a
    clause of its own."""
    words = ahead.split()[:-1]
    return any(lexicon.find("clause_joints", lang, w) is not None for w in words)


def _deed(lang: str, before: str, after: str, last: bool, light: bool | None):
    """(the deed nearest the phrase, where it ends in `after` or -1) (`last`: the last one
    after it); `light=False` leaves the light ones out."""
    best, place = None, None
    for item in lexicon.entries()["deeds"]:
        if light is False and item.extra.get("light"):
            continue
        pattern = item.patterns[lang]
        # (distance, longer first, end): of two deeds at one place the longer is the
        # narrower ("шағым бер", to appeal, not "бер", to hand)
        ahead = [((-m.end() if last else m.start()), m.start() - m.end(), m.end())
                 for m in pattern.finditer(after)]
        behind = [] if last else [(len(before) - m.end(), m.start() - m.end(), -1)
                                  for m in pattern.finditer(before)]
        places = ahead + behind
        if places and (place is None or min(places)[:2] < place[:2]):
            best, place = item, min(places)
    return best, (place[2] if place else -1)


def names_deed(lang: str, keys: str, at_end: bool = False) -> bool:
    """Whether `keys` name a deed (`at_end`: as their last words)."""
    size = len(keys.rstrip(" ,."))
    return any(m.end() == size if at_end else True
               for item in lexicon.entries()["deeds"] for m in item.patterns[lang].finditer(keys))


def _keys(keys_of: str | list[str] | None) -> list[str]:
    """A frame role's keys: one, or a list of which any one will do."""
    return [] if keys_of is None else [keys_of] if isinstance(keys_of, str) else keys_of


def _concept(table: str, keys_of: str | list[str], lang: str, keys: str):
    """The entry of a frame's role (one key, or a list of which any one will do) that
    `keys` name, else None."""
    wanted = _keys(keys_of)
    return next((e for e in lexicon.entries()[table]
                 if e.key in wanted and e.patterns[lang].search(keys)), None)


def outside_clause_joints(lang: str, keys: str, spans: list[tuple[int, int]]):
    """Anchor spans cut back past the last joining word they cross: an anchor's words never
    hold the predicate of the clause before it ("өтінішін қарайды және ол келіп түскен
    күнінен": the anchor is "ол келіп түскен күнінен", "қарайды" the predicate)."""
    out = []
    for lo, hi in spans:
        for word in re.finditer(r"\S+", keys[lo:hi]):
            if _joint(lang, word.group()):
                lo = lo + word.end()
        out.append((lo, hi))
    return out


def _joint(lang: str, word: str) -> bool:
    return lexicon.find("clause_joints", lang, word) is not None


def masked(keys: str, spans: list[tuple[int, int]]) -> str:
    """`keys` with the words within `spans` blanked out (the same length, so places hold)."""
    for lo, hi in spans:
        keys = keys[:lo] + " " * (hi - lo) + keys[hi:]
    return keys
