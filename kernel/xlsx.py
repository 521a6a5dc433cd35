"""The cell values of an XLSX's first worksheet, read straight from its XML with the standard library's
``iterparse`` (expat, C): about three times faster than openpyxl's read-only mode, which builds objects for
every cell and, when the sheet has no ``<dimension>``, parses the whole sheet once more to size it.

Values are what openpyxl gives with ``read_only=True, data_only=True`` and ``values_only``: text (shared,
inline or a formula's cached text), ``int``/``float``, ``bool``, ``datetime`` for cells whose number format
is a date (``timedelta``/``time`` for durations and times, as openpyxl), the cached value of a formula and an
error's code (``#N/A``). Any problem in the package raises ``XlsxError``.

An upload is untrusted: a part that declares a DTD (which Open XML forbids, and which is where entity
expansion attacks live) is refused before the parser sees it; the package's inflated size is bounded by the
caller (``kernel.spreadsheets._check_xlsx``).
"""

from __future__ import annotations

import posixpath
import zipfile
from xml.etree.ElementTree import ParseError, iterparse

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel, from_ISO8601

MAIN_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",  # Strict Open XML
)
RELATIONSHIP_NAMESPACES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
PACKAGE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


class XlsxError(Exception):
    """The file is not a readable XLSX workbook."""


class _NoDtd:
    """A part of the package, read in chunks, refusing any ``<!DOCTYPE`` (and so any entity)."""

    MARK = b"<!DOCTYPE"

    def __init__(self, archive: zipfile.ZipFile, member: str):
        self.stream = archive.open(member)
        self.tail = b""

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        if self.MARK in self.tail + chunk[: len(self.MARK)] or self.MARK in chunk:
            raise XlsxError("DTD in package part")
        self.tail = chunk[-len(self.MARK) :]
        return chunk


def _parse(archive: zipfile.ZipFile, member: str, events=None):
    return iterparse(_NoDtd(archive, member), events=events)  # noqa: S314 (no DTD: see _NoDtd)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Id → (type, member name) of a part's relationships."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels_name not in archive.NameToInfo:
        return {}
    found = {}
    for _event, element in _parse(archive, rels_name):
        if element.tag == PACKAGE_RELATIONSHIPS and element.get("TargetMode") != "External":
            target = element.get("Target", "")
            member = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            found[element.get("Id")] = (element.get("Type", ""), posixpath.normpath(member))
    return found


def _of_type(relationships: dict[str, tuple[str, str]], kind: str) -> str | None:
    for rel_type, member in relationships.values():
        if rel_type.endswith(f"/{kind}"):
            return member
    return None


def _first_worksheet(archive: zipfile.ZipFile) -> tuple[str, str, bool]:
    """(workbook part, first worksheet part, 1904 date system) — the first ``<sheet>`` that is a worksheet,
    as openpyxl's ``workbook.worksheets[0]``."""
    workbook = _of_type(_relationships(archive, ""), "officeDocument") or "xl/workbook.xml"
    relationships = _relationships(archive, workbook)
    date1904 = False
    sheet_ids = []
    for _event, element in _parse(archive, workbook):
        tag = _local(element.tag)
        if tag == "workbookPr":
            date1904 = element.get("date1904", "").lower() in ("1", "true")
        elif tag == "sheet":
            for namespace in RELATIONSHIP_NAMESPACES:
                rel_id = element.get(f"{{{namespace}}}id")
                if rel_id:
                    sheet_ids.append(rel_id)
                    break
    for rel_id in sheet_ids:
        rel_type, member = relationships.get(rel_id, ("", ""))
        if rel_type.endswith("/worksheet"):
            return workbook, member, date1904
    raise XlsxError("no worksheet")


def _text_of(element, namespace: str) -> str:
    """A string item (``<si>`` or ``<is>``): its plain text or its runs' text, phonetic runs left out."""
    t_tag, r_tag = f"{{{namespace}}}t", f"{{{namespace}}}r"
    parts = []
    for child in element:
        if child.tag == t_tag:
            parts.append(child.text or "")
        elif child.tag == r_tag:
            parts.extend(t.text or "" for t in child.iter(t_tag))
    return "".join(parts)


def _shared_strings(archive: zipfile.ZipFile, member: str | None) -> list[str]:
    if member is None or member not in archive.NameToInfo:
        return []
    strings = []
    for _event, element in _parse(archive, member):
        namespace, _brace, tag = element.tag[1:].rpartition("}")
        if tag == "si":
            strings.append(_text_of(element, namespace).replace("x005F_", ""))
            element.clear()
    return strings


def _date_styles(archive: zipfile.ZipFile, member: str | None) -> tuple[set[int], set[int]]:
    """Indexes of the cell formats (``cellXfs``) that show dates, and of those that show durations."""
    if member is None or member not in archive.NameToInfo:
        return set(), set()
    custom: dict[int, str] = {}
    formats: list[int] = []
    in_cell_xfs = False
    for event, element in _parse(archive, member, ("start", "end")):
        tag = _local(element.tag)
        if tag == "cellXfs":
            in_cell_xfs = event == "start"
        elif event == "end" and tag == "numFmt":
            custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
        elif event == "end" and tag == "xf" and in_cell_xfs:
            formats.append(int(element.get("numFmtId", "0")))
    dates, durations = set(), set()
    for index, format_id in enumerate(formats):
        code = custom.get(format_id, BUILTIN_FORMATS.get(format_id))
        if is_date_format(code):
            dates.add(index)
        if is_timedelta_format(code):
            durations.add(index)
    return dates, durations


def _column_index(reference: str) -> int:
    """0-based column of a cell reference (``B7`` → 1)."""
    index = 0
    for char in reference:
        if "A" <= char <= "Z":
            index = index * 26 + ord(char) - 64
        else:
            break
    return index - 1


def iter_first_sheet(source):
    """(row number, list of values) for each ``<row>`` of the first worksheet; ``source`` is a path or a
    binary file. Missing cells are ``None``; rows absent from the file are not yielded."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise XlsxError(str(exc)) from exc
    with archive:
        try:
            workbook, sheet, date1904 = _first_worksheet(archive)
            relationships = _relationships(archive, workbook)
            strings = _shared_strings(archive, _of_type(relationships, "sharedStrings"))
            dates, durations = _date_styles(archive, _of_type(relationships, "styles"))
            epoch = MAC_EPOCH if date1904 else WINDOWS_EPOCH
            yield from _rows(_parse(archive, sheet), strings, dates, durations, epoch)
        except (KeyError, ValueError, IndexError, ParseError, zipfile.BadZipFile, OSError) as exc:
            raise XlsxError(str(exc)) from exc


ROW_TAGS = {f"{{{namespace}}}row": namespace for namespace in MAIN_NAMESPACES}


def _rows(parsed, strings, dates, durations, epoch):
    number = 0
    namespace = None
    for _event, element in parsed:
        if element.tag not in ROW_TAGS:
            continue
        if namespace is None:
            namespace = ROW_TAGS[element.tag]
            cell_tag, value_tag, inline_tag = (f"{{{namespace}}}{tag}" for tag in ("c", "v", "is"))
        given = element.get("r")
        number = int(float(given)) if given else number + 1
        values: list = []
        for cell in element:
            if cell.tag != cell_tag:
                continue
            reference = cell.get("r")
            column = _column_index(reference) if reference else len(values)
            kind = cell.get("t", "n")
            if kind == "inlineStr":
                inline = cell.find(inline_tag)
                value = _text_of(inline, namespace) if inline is not None else None
            else:
                value = cell.findtext(value_tag) or None
                if value is not None:
                    if kind == "n":
                        value = float(value) if "." in value or "E" in value or "e" in value else int(value)
                        style = int(cell.get("s", "0") or 0)
                        if style in dates:
                            try:
                                value = from_excel(value, epoch, timedelta=style in durations)
                            except (OverflowError, ValueError):
                                value = "#VALUE!"
                    elif kind == "s":
                        value = strings[int(value)]
                    elif kind == "b":
                        value = bool(int(value))
                    elif kind == "d":
                        value = from_ISO8601(value)
            if column >= len(values):
                values.extend([None] * (column - len(values)))
                values.append(value)
            else:
                values[column] = value
        element.clear()
        yield number, values
