"""Office Math (OMML, the equations of a .docx) -> the linear text a formula is typed as:
a fraction "(a + b) / n", a subscript run on ("К1"), a superscript "x^2", a delimiter with its
own brackets, an n-ary sum "∑_(i=1)^n (…)", a root "√(…)", a function "name(…)". The text
reader then reads it as it reads a formula typed in a paragraph; nothing of the equation is
dropped: an element this reading does not know gives its parts' text in order."""

from __future__ import annotations

from collections.abc import Callable

M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# property elements: how an element is drawn, no text of their own
_PROPERTIES = frozenset(M + tag for tag in (
    "rPr", "fPr", "dPr", "naryPr", "sSubPr", "sSupPr", "sSubSupPr", "sPrePr", "radPr",
    "funcPr", "accPr", "barPr", "boxPr", "borderBoxPr", "groupChrPr", "limLowPr", "limUppPr",
    "eqArrPr", "mPr", "phantPr", "ctrlPr", "oMathParaPr")) | {_W + "rPr"}
_OPERATORS = frozenset("+-−–×*/÷=<>≤≥")


def linear(el) -> str:
    """An m:oMath or m:oMathPara (or any part of one) -> its linear text."""
    reader = _READERS.get(el.tag)
    if reader is not None:
        return reader(el)
    if el.tag in _PROPERTIES:
        return ""
    if el.tag in (M + "t", _W + "t"):
        return el.text or ""
    return "".join(linear(child) for child in el)


def _part(el, tag: str) -> str:
    """The linear text of a child part (m:num, m:e, m:sub, …), "" when it is absent."""
    child = el.find(M + tag)
    return "" if child is None else linear(child).strip()


def _grouped(text: str) -> str:
    """A part in brackets when it is more than one term ("(К1 + К2)"), as typed."""
    bare = text.strip()
    if any(c in _OPERATORS or c.isspace() for c in bare) and not _bracketed(bare):
        return f"({bare})"
    return bare


def _bracketed(text: str) -> bool:
    """Is the text one bracketed group: "(…)" whose opening bracket closes at its end?"""
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    for k, c in enumerate(text):
        depth += (c == "(") - (c == ")")
        if depth == 0 and k < len(text) - 1:
            return False
    return True


def _val(el, path: str, default: str) -> str:
    """A property's m:val (m:chr, m:begChr, …), its default when it is not stated."""
    found = el.find(path)
    return default if found is None else found.get(M + "val", default)


def _fraction(el) -> str:
    return f"{_grouped(_part(el, 'num'))} / {_grouped(_part(el, 'den'))}"


def _sub(el) -> str:
    return _part(el, "e") + _part(el, "sub")


def _sup(el) -> str:
    return f"{_part(el, 'e')}^{_grouped(_part(el, 'sup'))}"


def _sub_sup(el) -> str:
    return f"{_part(el, 'e')}{_part(el, 'sub')}^{_grouped(_part(el, 'sup'))}"


def _delimiter(el) -> str:
    begin = _val(el, f"{M}dPr/{M}begChr", "(")
    end = _val(el, f"{M}dPr/{M}endChr", ")")
    sep = _val(el, f"{M}dPr/{M}sepChr", "|")
    return begin + f" {sep} ".join(linear(e).strip() for e in el.findall(M + "e")) + end


def _nary(el) -> str:
    sign = _val(el, f"{M}naryPr/{M}chr", "∫")
    sub, sup = _part(el, "sub"), _part(el, "sup")
    limits = (f"_({sub})" if sub else "") + (f"^({sup})" if sup else "")
    return f"{sign}{limits} {_grouped(_part(el, 'e'))}"


def _radical(el) -> str:
    degree = _part(el, "deg")
    return ("∛" if degree == "3" else "√" if not degree else f"√[{degree}]") + \
        f"({_part(el, 'e')})"


def _function(el) -> str:
    body = _part(el, "e")
    return _part(el, "fName") + (body if _bracketed(body) else f"({body})")


def _rows(el) -> str:
    """An equation array or a matrix: its rows one after another, "; " between."""
    return "; ".join(linear(row).strip() for row in el if row.tag not in _PROPERTIES)


def _paragraph(el) -> str:
    """m:oMathPara: its equations, one after another."""
    return "; ".join(linear(e).strip() for e in el.findall(M + "oMath"))


_READERS: dict[str, Callable] = {
    M + "f": _fraction, M + "sSub": _sub, M + "sSup": _sup, M + "sSubSup": _sub_sup,
    M + "d": _delimiter, M + "nary": _nary, M + "rad": _radical, M + "func": _function,
    M + "eqArr": _rows, M + "m": _rows, M + "oMathPara": _paragraph,
}
