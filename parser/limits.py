"""Every resource limit of the project, named in one place (README, "Limits").

An input over a limit is refused like any bad input: one line `file: error: reason`, exit 2.
The limits are far above the largest methodology (the corpus's biggest text is 89 KB) and
low enough that the worst input within them stays under 1 GB of address space.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:  # a DOCX's checks only: a case file (`ereje evaluate`) needs no zip
    import zipfile

MB = 1024 * 1024

FILE_BYTES = 50 * MB  # a source file on disk (compressed, for DOCX)
DOCX_PART_BYTES = 20 * MB  # one member of a DOCX archive, decompressed
DOCX_TOTAL_BYTES = 100 * MB  # all members of a DOCX archive, decompressed
DOCX_MEMBERS = 10_000  # members of a DOCX archive
PDF_PAGES = 1_000  # pages of a PDF
DOCUMENT_CHARS = 5_000_000  # characters of a document's text, after ingest
HTML_TABLE_NESTING = 32  # tables nested inside table cells of an HTML page
CASE_BYTES = 2 * MB  # a case file (YAML or JSON), or a case given on standard input
YAML_ALIASES = 1_000  # aliases (*name) in one case file
YAML_NODES = 1_000_000  # values of a case file once its aliases are expanded
NUMBER_CHARS = 60  # characters of one number typed by a person (case file, CSV cell)
TABLE_BYTES = 2 * 1024 * MB  # a batch table (CSV or parquet) on disk
CSV_STREAM_BYTES = 256 * MB  # a CSV from this size streams (its eager read takes ~7x its size
#                               in memory; below it the eager read is 1.5-2.2x quicker)
COMPILED_BYTES = 64 * MB  # a compiled decree's JSON read back (compare, summary)
CALENDAR_YEARS_AHEAD = 50  # years past the calendar data a deadline may reach (with a warning)


def over(what: str, size: int, limit: int, unit: str = "bytes") -> str:
    """The reason an input is refused: what, how big, and the limit."""
    return f"{what} is {size:,} {unit}; the limit is {limit:,} {unit}".replace(",", " ")


def check_file(name: str, size: int) -> None:
    """A source file's size on disk."""
    if size > FILE_BYTES:
        raise InputError(name, over("the file", size, FILE_BYTES))


def check_chars(name: str, text: str) -> None:
    """A document's text, once read."""
    if len(text) > DOCUMENT_CHARS:
        raise InputError(name, over("the text", len(text), DOCUMENT_CHARS, "characters"))


def check_pages(name: str, pages: int) -> None:
    """A PDF's page count, before any page is read."""
    if pages > PDF_PAGES:
        raise InputError(name, over("the PDF", pages, PDF_PAGES, "pages"))


def check_nesting(name: str, depth: int) -> None:
    """The depth of tables nested in an HTML page."""
    if depth > HTML_TABLE_NESTING:
        raise InputError(name, over("the nesting of tables", depth, HTML_TABLE_NESTING,
                                    "levels"))


def check_zip(name: str, archive: zipfile.ZipFile) -> None:
    """Decompress every member of a DOCX once, counting the real bytes (the sizes in the
    headers can lie), and stop at the first member or total over its limit."""
    members = archive.infolist()
    if len(members) > DOCX_MEMBERS:
        raise InputError(name, over("the archive", len(members), DOCX_MEMBERS, "members"))
    total = 0
    for info in members:
        if info.file_size > DOCX_PART_BYTES:
            raise InputError(name, over(f"part {info.filename}", info.file_size,
                                        DOCX_PART_BYTES) + " decompressed")
        size = _inflated(archive, info, name)
        total += size
        if total > DOCX_TOTAL_BYTES:
            raise InputError(name, over("the archive", total, DOCX_TOTAL_BYTES)
                             + " decompressed")


def _inflated(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> int:
    """A member's real decompressed size, read in chunks, stopping past the part limit."""
    import zipfile  # the archive is open: the module is loaded already
    import zlib

    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(1 << 20):
                size += len(chunk)
                if size > DOCX_PART_BYTES:
                    raise InputError(name, over(f"part {info.filename}", size,
                                                DOCX_PART_BYTES) + " decompressed (or more)")
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError,
            RuntimeError) as exc:
        raise InputError(name, f"damaged DOCX: {info.filename}: {exc}") from None
    return size
