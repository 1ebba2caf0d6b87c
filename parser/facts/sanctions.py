"""The condition of a score cap: the disciplinary sanctions it names, as a group.

"при взыскании в виде замечания, выговора или строгого выговора", "ескерту немесе сөгіс
жарияланған кезде", "иного дисциплинарного взыскания", "өзге тәртіптік жаза": a cap names
sanctions (the `sanctions` table of grammar/facts_meaning.yaml: remark, reprimand,
strict_reprimand, other; `any` when it names only a sanction in general). A decree's caps are
named together: a cap whose sanctions fall in one group of grammar/rules.yaml
(`sanction_groups`: minor, major) is that group (`sanction_minor`), unless another cap of the
decree names other members of the group (a decree that puts the strict reprimand with the
heavier cap, or caps each sanction on its own); then each such cap is named by its
sanctions, `sanction_remark_or_reprimand`, `sanction_strict_reprimand_or_other`,
`sanction_remark`, `sanction_reprimand` (docs/facts.md, "Sanction groups"). A cap for the
sanctions the decree leaves unnamed ("иное взыскание", "өзге жаза": the `rest` entry) beside
caps that name the lighter ones apart is `sanction_other`, the remaining ones; beside one cap
of the whole lighter group it is that group's complement, `sanction_major`.
"""

from __future__ import annotations

from functools import cache

from ..resources import GRAMMAR, load_table
from .lexicon import every
from .model import Fact

ANY = "any"
OTHER = "other"
# a cap's `other` said as the remaining ones ("иное", "өзге"), not by the heavier sanctions'
# names; read as `other` everywhere but in naming a cap alone (`condition`)
REST = "rest"


@cache
def _rules() -> dict:
    return load_table(GRAMMAR / "rules.yaml")


def groups() -> dict[str, frozenset[str]]:
    """Group name -> its sanctions (grammar/rules.yaml), the catch-all `any` left out."""
    return {name: frozenset(members) for name, members in _rules()["sanction_groups"].items()
            if name != ANY}


def order() -> list[str]:
    """The sanctions in the order a condition name lists them (lightest first)."""
    return list(_rules()["sanctions"])


def named(lang: str, words: str) -> tuple[str, ...]:
    """The sanctions named in `words` (word keys), lightest first; (`any`,) when only a
    sanction in general is; () when none."""
    hits = every("sanctions", lang, words)
    found = {e.key for e in hits}
    kinds = found - {ANY}
    if not kinds:
        return (ANY,) if found else ()
    rest = all(e.extra.get("rest") for e in hits if e.key == OTHER)
    return tuple(REST if s == OTHER and rest else s for s in order() if s in kinds)


def nearest(lang: str, windows) -> tuple[str, ...]:
    """The sanctions named in the first of the windows (word keys, nearest first) that
    names a kind of sanction; (`any`,) when none does but one names a sanction in general."""
    general = False
    for words in windows:
        found = named(lang, words)
        if found and found != (ANY,):
            return found
        general = general or bool(found)
    return (ANY,) if general else ()


def besides(named_: tuple[str, ...], excepted: tuple[str, ...]) -> tuple[str, ...]:
    """The sanctions of a cap that names a sanction in general but excepts some: every
    other one ("взыскание, за исключением замечания": reprimand, strict reprimand, other)."""
    kinds = set(_plain(excepted)) - {ANY}
    if not kinds or named_ != (ANY,):
        return named_
    return tuple(s for s in order() if s not in kinds)


def _plain(sanctions: tuple[str, ...]) -> tuple[str, ...]:
    """The sanctions with the remaining ones (`REST`) read as `other`."""
    return tuple(OTHER if s == REST else s for s in sanctions)


def condition(sanctions: tuple[str, ...], others: list[tuple[str, ...]]) -> str:
    """The condition naming `sanctions`, given the sanctions of the decree's other caps: the
    remaining sanctions alone ("иное взыскание") beside caps that split the lighter group
    are `sanction_other`."""
    others = [_plain(o) for o in others]
    if sanctions == (REST,) and _split_apart(others):
        return f"sanction_{OTHER}"
    sanctions = _plain(sanctions)
    if sanctions == (ANY,):
        return f"sanction_{ANY}"
    have = set(sanctions)
    for name, members in groups().items():
        split = any(_splits(set(o), have, members) for o in others)
        if have <= members and not split:
            return f"sanction_{name}"
    return "sanction_" + "_or_".join(sanctions)


def _split_apart(caps: list[tuple[str, ...]]) -> bool:
    """Whether the decree's caps name the sanctions of a group of several apart: some cap
    names members of it but is not named by the group ("при замечании", "при выговоре или
    строгом выговоре"; not "при замечании или выговоре" alone, the group's cap)."""
    return any(len(members) > 1 and set(cap) & members
               and condition(cap, [c for c in caps if c != cap]) != f"sanction_{name}"
               for name, members in groups().items() for cap in caps)


def _splits(other: set, have: set, members: frozenset) -> bool:
    """Whether another cap's sanctions split a group: it names members of the group beside
    sanctions outside it, or members none of which this cap names ("при замечании",
    "при выговоре": each on its own); a cap of one member within a cap of the whole group
    (a note lowering the reprimand's cap) splits nothing."""
    inside = other & members
    return bool(inside) and (not other <= members or not inside & have)


def name_caps(facts: list[Fact]) -> list[Fact]:
    """The facts with each cap's named sanctions (a tuple in `condition`) turned into its
    condition, the decree's caps read together."""
    # each distinct naming once: a long decree repeating its caps is not read caps x caps times
    caps = list(dict.fromkeys(f.fields["condition"] for f in facts
                              if f.kind == "score_cap"
                              and isinstance(f.fields.get("condition"), tuple)))
    conditions = {named_: condition(named_, [c for c in caps if c != named_]) for named_ in caps}
    out = []
    for fact in facts:
        named_ = fact.fields.get("condition") if fact.kind == "score_cap" else None
        if isinstance(named_, tuple):
            fact = fact.model_copy(update={"fields": {**fact.fields,
                                                      "condition": conditions[named_]}})
        out.append(fact)
    return out
