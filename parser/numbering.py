"""The numbering pass: chapters written like clauses, appendix titles, addresses, and
warnings for gaps, duplicates and out-of-order numbers."""

from __future__ import annotations

import re
from .draft import Draft
from .model import Diagnostic, Span
from .words import alt

NUMBERED = {"chapter": "ch", "section": "sec", "clause": "p", "subpoint": "sub"}
COUNTED = {"paragraph": "para", "table": "table", "note": "note", "formula": "formula",
           "row": "row", "cell": "cell"}
SINGLE = ("title", "issuing", "status", "preamble", "signature", "addressee")
STRUCTURAL = ("chapter", "section", "clause", "subpoint", "table")

# Leading paragraphs of an appendix that are not its title: the form mark, an approval stamp
# ("БЕКІТЕМІН" / "УТВЕРЖДАЮ" and who signs it), a parenthetical caption, a fill-in line
# ("Должность: ____", "____ тоқсан ____ жыл", "Оценивающее лицо ____ (подпись)", a date
# "«___» ____ 20__ года"), a table's header flattened into text ("№ п/п Ф.И.О. …"); a title
# may hold a blank of its own ("… на ______ год", "№ ____").
_NOT_TITLE = re.compile(rf'(?:{alt("form_mark")})\s*$|"?(?:{alt("approval_stamp")})|\(|_{{3,}}|№'
                        r'|[^_]*:\s*_{3,}|.*[^№\s_]\s*_{3,}\s*(?:\(.*\))?\s*$|.*«_+»')
_METHODOLOGY_TITLE = re.compile(rf".*\s(?:{alt('methodology_title_closing')})\s*$"
                                rf"|(?:{alt('methodology_title_opening')})\s")
_TERMINAL = re.compile(r"[.:;,]\s*$")
# An addressee block naming the methodology: the appendix belongs to the methodology.
_TO_METHODOLOGY = re.compile(alt("methodology"))
_APPENDIX_WORD = re.compile(rf"{alt('appendix', 'suffix')}|{alt('appendix', 'prefix')}",
                            re.IGNORECASE)
_APPENDIX_NO = re.compile(
    rf"(\d+(?:-\d+)*)\s?-\s?(?:{alt('appendix', 'suffix')})|(\d+(?:-\d+)*)\s+(?:{alt('appendix', 'suffix')})\b"
    rf"|(?:{alt('appendix', 'prefix')})\s+№?\s*(\d+(?:-\d+)*)")


def run(roots: list[Draft], text: str) -> tuple[list[Draft], list[Diagnostic]]:
    """Reshape, title and address the roots; report numbering problems."""
    diagnostics: list[Diagnostic] = []
    for root in roots:
        chapters_from_clauses(root)
        chapters_from_decimals(root)
        notes_to_title(root)
    rejoin_addressees(roots)
    roots, found = split_cut_headers(roots)
    diagnostics += found
    for root in roots:
        if root.kind == "appendix":
            mark_title(root)
    assign_root_addresses(roots)
    for root in roots:
        address_children(root)
        diagnostics += check_numbers(root)
    for parent in sorted({r.address.rpartition("/")[0] for r in roots if r.kind == "appendix"}):
        siblings = [r for r in roots if r.kind == "appendix"
                    and r.address.rpartition("/")[0] == parent and r.number]
        diagnostics += _sequence(siblings, "appendix", from_one=False)
    return roots, diagnostics


def _heading_like(node: Draft) -> bool:
    """A short line not ending a sentence, or one in capitals however long ("2. ҚҰРЫЛЫМДЫҚ
    БӨЛІМШЕ БАСШЫСЫНЫҢ/ВЕДОМСТВО БАСШЫСЫ ОРЫНБАСАРЫНЫҢ … БАҒАЛАУ ТӘРТІБІ"), with no sub-points."""
    words = node.text.split()
    letters = [c for c in node.text if c.isalpha()]
    capitals = len(letters) >= 8 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)
    return (0 < len(words) and (len(words) <= 12 or capitals) and not _TERMINAL.search(node.text)
            and not any(c.kind == "subpoint" for c in node.children))


def _int(number: str | None) -> int | None:
    return int(number) if number and number.isdigit() else None


def chapters_from_clauses(root: Draft) -> None:
    """Seed 004 numbers its chapter headings like clauses ("1. Жалпы ережелер", then "1. Осы
    …"): where a root has no chapters and short heading-like "clauses" restart a second
    number sequence between the real ones, they are chapters and take the clauses after them."""
    kids = root.children
    if any(k.kind == "chapter" for k in kids):
        return
    clauses = [k for k in kids if k.kind == "clause"]
    chapters: set[int] = set()
    chap_next, clause_next = 1, 1
    for i, c in enumerate(clauses):
        n = _int(c.number)
        if n is None:
            continue
        following = _int(clauses[i + 1].number) if i + 1 < len(clauses) else None
        if _heading_like(c) and n == chap_next and (n != clause_next or following == n):
            chapters.add(id(c))
            chap_next += 1
        else:
            clause_next = n + 1
    if len(chapters) < 2:
        return
    _regroup(root, chapters, lambda chapter, kid: True)


def chapters_from_decimals(root: Draft) -> None:
    """A text numbering its clauses in decimals ("2.1. …", "2.2. …") under headings numbered
    like clauses ("2. Квартальная оценка"): where a root has no chapters, each heading-like
    clause numbered N that the clauses numbered N.1, N.2 … follow is a chapter, and takes
    them and whatever stands after them up to the next such heading."""
    kids = root.children
    if any(k.kind == "chapter" for k in kids):
        return
    clauses = [k for k in kids if k.kind == "clause"]
    heads = {id(c) for c, after in zip(clauses, clauses[1:])
             if _int(c.number) is not None and _heading_like(c)
             and (after.number or "").startswith(f"{c.number}.")}
    if heads:
        _regroup(root, heads, lambda chapter, kid: kid.kind != "clause"
                 or (kid.number or "").startswith(f"{chapter.number}."))


def _regroup(root: Draft, heads: set[int], belongs) -> None:
    """The root's clauses whose ids `heads` holds made chapters, each taking the nodes after
    it while `belongs(chapter, node)`; a node that does not belong ends the chapter."""
    regrouped: list[Draft] = []
    current: Draft | None = None
    for kid in root.children:
        if id(kid) in heads:
            kid.kind, kid.heading = "chapter", kid.text
            current = kid
            regrouped.append(kid)
        elif current is not None and belongs(current, kid):
            current.children.append(kid)
            current.extend_to(kid)
        else:
            current = None
            regrouped.append(kid)
    root.children = regrouped


# "Ескерту. Шешімнің тақырыбы жаңа редакцияда …": the note's subject is the title.
_TITLE_NOTE = re.compile(rf"(?i)(?:{alt('note')})\S*[.:]?\s+(?:\S+\s+)?(?:{alt('title_word')})")


def notes_to_title(root: Draft) -> None:
    """A note of the decree's head whose subject is the title is the title's own note (the
    title's span stays its own line: the status and issuing lines may stand between)."""
    title = next((k for k in root.children if k.kind == "title"), None)
    if title is None or root.kind != "main":
        return
    notes = [k for k in root.children if k.kind == "note" and _TITLE_NOTE.match(k.text)]
    for note in notes:
        root.children.remove(note)
        title.children.append(note)


def mark_title(root: Draft) -> None:
    """An appendix's title is among the paragraphs before its first structural unit: a
    methodology's own title if one is there, else the first that is not a form mark, a stamp,
    a caption or a fill-in line."""
    leading = []
    for kid in root.children:
        if kid.kind == "title":
            return
        if kid.kind in STRUCTURAL:
            break
        if kid.kind == "paragraph":
            leading.append(kid)
    chosen = next((k for k in leading if _METHODOLOGY_TITLE.match(k.text)), None) or \
        next((k for k in leading if not _NOT_TITLE.match(k.text)), None)
    if chosen is not None:
        chosen.kind = "title"


_FRAGMENT_END = re.compile(r"[.:;!?_)]\s*$")


def _fragment(node: Draft) -> bool:
    """A short unpunctuated paragraph: a piece of an addressee block cut off by a page break."""
    return node.kind == "paragraph" and len(node.text) <= 200 and not _FRAGMENT_END.search(node.text)


def _addressee(root: Draft) -> Draft | None:
    head = root.children[0] if root.children else None
    return head if head is not None and head.kind == "addressee" else None


def rejoin_addressees(roots: list[Draft]) -> None:
    """An addressee block split by a page break leaves its first lines at the end of the
    appendix before it (seed 002's appendices 2 and 9): they go back into the block, when the
    first of them opens with the words another appendix's block opens with (a form's
    signature lines, a title and the lines of a table flattened into text, closing the
    appendix before, stay where they are)."""
    openings = {tuple(_fold(h.text).split()[:2]) for r in roots if (h := _addressee(r)) is not None}
    for prev, root in zip(roots, roots[1:]):
        head = _addressee(root)
        if head is None:
            continue
        first = len(prev.children)
        while first > 1 and _fragment(prev.children[first - 1]):
            first -= 1  # the run of short unpunctuated paragraphs closing the appendix
        first = next((k for k in range(first, len(prev.children))
                      if tuple(_fold(prev.children[k].text).split()[:2]) in openings), None)
        if first is None:
            continue
        pieces, prev.children[first:] = prev.children[first:], []
        head.text = " ".join([*(piece.text for piece in pieces), head.text])
        head.start = root.start = pieces[0].start
        head.head = (pieces[0].start, head.head[1])
        prev.end = prev.children[-1].end


def _fold(text: str) -> str:
    return " ".join(text.split()).lower()


def split_cut_headers(roots: list[Draft]) -> tuple[list[Draft], list[Diagnostic]]:
    """A paragraph inside an appendix that is the start of the document's addressee blocks,
    cut short before its "N-қосымша" (seed 002's appendix 5), opens an appendix of its own
    when exactly one number is missing between its neighbours; the number is reported as
    inferred. Otherwise it stays a paragraph and the gap is reported."""
    heads = [_fold(h.text) for r in roots if (h := _addressee(r)) is not None]
    out: list[Draft] = []
    found: list[Diagnostic] = []
    for k, root in enumerate(roots):
        out.append(root)
        number = _int(_appendix_number(h.text)) if (h := _addressee(root)) else None
        following = next((_int(_appendix_number(h.text)) for r in roots[k + 1:]
                          if (h := _addressee(r)) is not None), None)
        if number is None or following != number + 2:
            continue
        for i, kid in enumerate(root.children[1:], 1):
            text = _fold(kid.text)
            if _fragment(kid) and len(text) >= 40 and any(h.startswith(text) for h in heads):
                kid.kind = "addressee"
                new = Draft("appendix", kid.start, root.end, number=str(number + 1),
                            children=root.children[i:])
                root.children = root.children[:i]
                root.end = root.children[-1].end
                out.append(new)
                found.append(Diagnostic(
                    code="APPENDIX_NUMBER_INFERRED", severity="warning",
                    span=Span(start=kid.start, end=kid.end),
                    message=f"an addressee block without its number opens an appendix between "
                            f"appendix {number} and {number + 2}: numbered {number + 1}"))
                break
    return out, found


def _appendix_number(addressee: str) -> str | None:
    found = [next(g for g in m.groups() if g) for m in _APPENDIX_NO.finditer(addressee)]
    return found[-1] if found else None


def assign_root_addresses(roots: list[Draft]) -> None:
    """`main`; a decree's appendix `appN`; an appendix to the methodology `appK/appN`,
    nested under the decree's appendix that holds the methodology, or under the decree's own
    appendix K when one addressee block says both (an amending act's appendix: "… № 392
    бұйрығына қосымша / … әдістемесіне 2-қосымша", "Приложение к постановлению … /
    Приложение 2 к Методике …" is `app1/app2`). An appendix whose number
    was inferred (its addressee block was cut short) stands where the one before it stands."""
    holder: str | None = None
    decree_level = 0
    parent = ""
    for root in roots:
        if root.kind != "appendix":
            root.address = "main"
            continue
        head = _addressee(root)
        addressee = head.text if head is not None else ""
        stated = _appendix_number(addressee)
        number = stated or root.number
        root.number = number
        if number and not stated:
            root.address = f"{parent}app{number}"
        elif addressee and _TO_METHODOLOGY.search(addressee) and holder:
            root.address = f"{holder}/app{number or 1}"
        elif stated and _TO_METHODOLOGY.search(addressee) and _two_statements(addressee):
            decree_level += 1  # this decree's appendix that is the methodology's appendix N
            root.address = f"app{decree_level}/app{number}"
        else:
            decree_level += 1
            root.address = f"app{number or decree_level}"
            holder = root.address
        parent = root.address.rpartition("/")[0] + "/" if "/" in root.address else ""
    taken: set[str] = set()
    for root in roots:  # two appendices stating the same number stay two
        root.address = _unique(root.address, taken)


def _two_statements(addressee: str) -> bool:
    """An addressee block naming two appendices: the decree's own, then the methodology's."""
    return len(_APPENDIX_WORD.findall(addressee)) >= 2


def _unique(name: str, taken: set[str]) -> str:
    """`name`, or `name~2`, `name~3`… when it is taken; the result is then taken too."""
    unique, k = name, 1
    while unique in taken:
        k += 1
        unique = f"{name}~{k}"
    taken.add(unique)
    return unique


def address_children(node: Draft) -> None:
    """Give every descendant its address: numbered kinds by number, others by count."""
    counts: dict[str, int] = {}
    taken: set[str] = set()
    for kid in node.children:
        if kid.kind in NUMBERED and kid.number:
            name = NUMBERED[kid.kind] + kid.number
        elif kid.kind in SINGLE:
            name = kid.kind
        else:
            prefix = COUNTED.get(kid.kind, kid.kind)
            counts[prefix] = counts.get(prefix, 0) + 1
            name = f"{prefix}{counts[prefix]}"
        kid.address = f"{node.address}/{_unique(name, taken)}"
        address_children(kid)


def check_numbers(root: Draft) -> list[Diagnostic]:
    """Gaps, duplicates and out-of-order numbers: clauses run through a whole root,
    chapters and sections through their parent, sub-points through their clause."""
    found: list[Diagnostic] = []
    clauses = [n for n in _walk(root) if n.kind == "clause"]
    found += _sequence(clauses, "clause")
    for node in _walk(root):
        for kind in ("chapter", "section", "subpoint"):
            found += _sequence([k for k in node.children if k.kind == kind], kind)
    return found


def _walk(node: Draft):
    yield node
    for kid in node.children:
        yield from _walk(kid)


def _sequence(items: list[Draft], kind: str, from_one: bool = True) -> list[Diagnostic]:
    found = []
    prev: int | None = None
    for item in items:
        n = _int(item.number)
        if n is None:
            continue
        expected = 1 if prev is None else prev + 1
        code, message = None, ""
        if prev is not None and n == prev:
            code, message = "NUMBER_DUPLICATE", f"{kind} {n} is numbered like the one before it"
        elif prev is not None and n < prev:
            code, message = "NUMBER_ORDER", f"{kind} {n} comes after {kind} {prev}"
        elif n > expected and (from_one or prev is not None):
            missing = f"{expected}" if n == expected + 1 else f"{expected}–{n - 1}"
            code, message = "NUMBER_GAP", f"{kind} {n} follows {prev or 'the start'}: " \
                                          f"{kind} {missing} missing"
        if code:
            found.append(Diagnostic(code=code, severity="warning", message=message,
                                    span=Span(start=item.start, end=item.end),
                                    address=item.address))
        prev = n if prev is None or n > prev else prev
    return found
