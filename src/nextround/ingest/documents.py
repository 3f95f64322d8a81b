"""Documents people keep: Word (``.docx``), PDF and saved web pages (``.html``, ``.htm``).

Each is read as a note (:func:`nextround.ingest.notes.note_item`): its text, with
``Key: value`` lines at the top and the file name as metadata. A document is
something the user chose to keep, so triage treats it as it treats notes.

Every reader parses the bytes ingest already read (never the path again) and
raises :class:`~nextround.errors.InputError` with the reason when a file cannot
be read: not the format its name says, damaged, encrypted, or without text.
The libraries are imported when a file of their kind is read, so ``nextround
--help`` does not pay for them.
"""

from __future__ import annotations

import html
import io
import logging
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from nextround.errors import InputError
from nextround.ingest.decode import decode_payload, decode_text, html_to_text, looks_binary
from nextround.ingest.notes import note_item
from nextround.ingest.raw import RawItem
from nextround.limits import MAX_RECORD_CHARS

if TYPE_CHECKING:
    from docx.blkcntnr import BlockItemContainer
    from docx.document import Document
    from docx.table import Table

#: A .docx whose main text part unpacks to more than this is not parsed: a 10 MB
#: package of compressed markup would take gigabytes of memory as a tree, and
#: 16 MB of markup holds far more than the 50,000 characters a record reads.
DOCX_MAX_MARKUP_BYTES = 16 * 1024 * 1024
#: ... nor one whose parts together unpack to more than this (images included).
DOCX_MAX_UNPACKED_BYTES = 128 * 1024 * 1024
NO_TEXT_LAYER = "PDF has no text layer (a scan?); not read"

_MB = 1024 * 1024


def quiet_logger(name: str) -> None:
    """Keep a parsing library's log messages about damaged files off the terminal.

    Without a handler, Python prints a library's warnings to stderr, in the middle
    of the CLI's output; what matters reaches the user as the skip reason or a
    warning instead. An application that configures logging still receives them.
    """
    logger = logging.getLogger(name)
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())


def document_item(text: str, source: str, path: Path, what: str) -> RawItem:
    """The note a document's ``text`` makes; ``what`` names the document in reasons."""
    if not text.strip():
        raise InputError(f"{what} has no text")
    return note_item(text, source, hint=path.stem)


# --- Word ------------------------------------------------------------------------


def _unpacked_sizes(data: bytes) -> tuple[int, int]:
    """(size of the main text part, size of all parts) of a .docx, unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
    except zipfile.BadZipFile as exc:
        raise InputError(
            "not a Word document (.docx): not a ZIP package; an old .doc or a damaged file? "
            "Save it as .docx"
        ) from exc
    markup = sum(i.file_size for i in infos if i.filename.lower() == "word/document.xml")
    return markup, sum(i.file_size for i in infos)


def _table_lines(table: Table) -> Iterator[str]:
    """One line per row: its cells' text, a merged cell once, joined by `` | ``."""
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is listed once per grid column
                continue
            seen.add(id(cell._tc))
            text = " ".join(line for line in _block_lines(cell) if line)
            if text:
                cells.append(text)
        if cells:
            yield " | ".join(cells)


def _block_lines(container: Document | BlockItemContainer) -> Iterator[str]:
    """Paragraphs and tables (nested ones too) in document order, one line each."""
    from docx.text.paragraph import Paragraph

    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block.text.strip()
        else:
            yield from _table_lines(block)


def docx_text(data: bytes) -> str:
    """The text of a Word document: its paragraphs and tables in document order
    (headers, footers, comments and text boxes are not read)."""
    markup, total = _unpacked_sizes(data)
    if markup > DOCX_MAX_MARKUP_BYTES:
        raise InputError(
            f"Word document's text unpacks to {markup / _MB:.0f} MB of markup, over the "
            f"{DOCX_MAX_MARKUP_BYTES // _MB} MB limit; not read"
        )
    if total > DOCX_MAX_UNPACKED_BYTES:
        raise InputError(
            f"Word document unpacks to {total / _MB:.0f} MB, over the "
            f"{DOCX_MAX_UNPACKED_BYTES // _MB} MB limit; not read"
        )
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors, ...
        raise InputError(f"damaged Word document: {type(exc).__name__}: {exc}") from exc
    # Lines are joined with blank lines between paragraphs, as a note writes them; an
    # empty paragraph does not add a third newline.
    text = "\n\n".join(line for line in _block_lines(document) if line)
    return re.sub(r"[ \t]+\n", "\n", text)


def read_docx(path: Path, source: str, *, data: bytes) -> Iterator[RawItem]:
    """One note for a ``.docx`` file (``data``: its bytes)."""
    yield document_item(docx_text(data), source, path, "Word document")


# --- PDF -------------------------------------------------------------------------


def pdf_text(data: bytes) -> tuple[str, list[str]]:
    """The text layer of a PDF, page by page, and warnings about pages not read.

    A PDF locked only against editing (an empty user password) opens as any viewer
    opens it; one that needs a password to open is not read. Pages after the first
    :data:`~nextround.limits.MAX_RECORD_CHARS` characters are not extracted.
    """
    if b"%PDF-" not in data[:1024]:
        raise InputError("not a PDF: it does not start with a %PDF header")
    quiet_logger("pypdf")
    from pypdf import PasswordType, PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise InputError(
                "PDF is encrypted (it needs a password to open); not read: save an unlocked "
                "copy to ingest it"
            )
        pages = list(reader.pages)
    except InputError:
        raise
    except Exception as exc:  # pypdf raises PdfReadError and assorted errors on damage
        raise InputError(f"damaged PDF: {type(exc).__name__}: {exc}") from exc
    texts: list[str] = []
    warnings: list[str] = []
    length = 0
    for number, page in enumerate(pages, start=1):
        if length > MAX_RECORD_CHARS:
            break  # the rest would not be read anyway (RawItem.cap warns)
        try:
            text = page.extract_text()
        except Exception as exc:  # one unreadable page costs that page
            warnings.append(f"page {number} of the PDF could not be read ({type(exc).__name__})")
            continue
        text = text.strip()
        if text:
            texts.append(text)
            length += len(text)
    if not pages:
        raise InputError("PDF has no pages")
    if not texts:
        raise InputError(
            f"damaged PDF: none of its {len(pages)} pages could be read"
            if warnings
            else NO_TEXT_LAYER
        )
    return "\n\n".join(texts), warnings


def read_pdf(path: Path, source: str, *, data: bytes) -> Iterator[RawItem]:
    """One note for a ``.pdf`` file with a text layer (``data``: its bytes)."""
    text, warnings = pdf_text(data)
    item = document_item(text, source, path, "PDF")
    item.warnings.extend(warnings)
    yield item


# --- saved web pages -----------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)


def decode_html(data: bytes) -> str:
    """A saved page's markup as text: a byte-order mark, else the charset its
    ``<meta>`` declares, else UTF-8 or Windows-1252."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_text(data)
    if looks_binary(data):
        raise InputError("binary file, not a web page")
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        return decode_payload(data, declared.group(1).decode("ascii"))
    return decode_text(data)


def read_html(path: Path, source: str, *, data: bytes) -> Iterator[RawItem]:
    """One note for a saved page or web-mail message: its visible text (no scripts,
    styles or hidden elements); its ``<title>`` is the subject."""
    markup = decode_html(data)
    item = document_item(html_to_text(markup), source, path, "web page")
    title = _TITLE.search(markup[:65536])
    if title and not item.subject:
        item.subject = " ".join(html.unescape(title.group(1)).split())
    yield item
