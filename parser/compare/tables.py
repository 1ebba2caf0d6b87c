"""The matrix as a table an analyst forwards: CSV rows, and an xlsx workbook (openpyxl) with
a frozen header, one sheet per fact kind and the differing rows highlighted."""

from __future__ import annotations

from .matrix import Decree, Row
from .plain import kind_words

DIFFERENT = "FFF2CC"  # pale amber fill: readable in print too
HEADER = "DDDDDD"


def header(decrees: list[Decree]) -> list[str]:
    """Column names: kind, concept, same, then one per decree."""
    return ["kind", "concept", "same", *(d.id for d in decrees)]


def cells(row: Row, decrees: list[Decree]) -> list[str]:
    """One row of the table; a decree's cell is its facts in plain words, one a line, or
    "absent"."""
    return [row.kind, row.label, "yes" if row.same else "no",
            *("\n".join(row.words(d.id)) or "absent" for d in decrees)]


def csv_rows(decrees: list[Decree], rows: list[Row]) -> list[list[str]]:
    """The header and every row, for csv.writer."""
    return [header(decrees), *(cells(r, decrees) for r in rows)]


def workbook(decrees: list[Decree], rows: list[Row]):
    """One sheet per fact kind (in the rows' order), header frozen, differences filled (an
    openpyxl Workbook; openpyxl is imported only when a workbook is made)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, PatternFill

    different = PatternFill("solid", fgColor=DIFFERENT)
    book = Workbook()
    book.remove(book.active)
    for row in rows:
        title = kind_words(row.kind)[:31]
        sheet = book[title] if title in book.sheetnames else _sheet(book, title, decrees)
        sheet.append(cells(row, decrees))
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if not row.same:
                cell.fill = different
    return book


def _sheet(book: Workbook, title: str, decrees: list[Decree]):
    """A new sheet with its bold, filled, frozen header and column widths."""
    from openpyxl.styles import Font, PatternFill

    sheet = book.create_sheet(title)
    sheet.append(header(decrees))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER)
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (14, 40, 7) + (40,) * len(decrees)):
        sheet.column_dimensions[letter].width = width
    return sheet
