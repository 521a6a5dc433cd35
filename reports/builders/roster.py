"""The roster of every cadre in a scope and programme year (XLSX or CSV), in the columns of the cadre export
(``cadre.exports.EXPORT_HEADERS``), so that the file reads like the roster page's export.

It streams: cadres are read with ``values_list(...).iterator(chunk_size=2000)`` (plain tuples, no model
instances), their segments one query per chunk, and each row goes to the file as it comes (the streaming
table writer ``kernel.xlsx_writer`` or the csv module), so memory stays flat for the national roster of
125,000 cadres.

NIKs are masked unless the requester holds ``cadre.view_full_nik`` and gives a reason; then each full NIK
written is logged through ``cadre.services.log_nik_export``, chunk by chunk, in the same transaction as the
file, so a build that fails logs nothing."""

from __future__ import annotations

import contextlib
from collections import defaultdict
from dataclasses import dataclass
from itertools import islice

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadre.checks import mask_nik
from cadre.choices import CadreStatus
from cadre.exports import EDUCATION_LABELS, EXPORT_HEADERS, MIN_REASON, _date, _local_phone
from cadre.models import Cadre
from cadre.services import log_nik_export, may_view_full_nik
from kernel.xlsx_writer import write_table
from reports.queries import resolve_scope, resolve_year

from . import CONTENT_TYPES, BuiltReport, ReportError, ReportRequest, ReportType, register
from ._xlsx import write_csv

CHUNK = 2000
PROGRESS_EVERY = 5000
# The values read per cadre, in the order of EXPORT_HEADERS (segments are added from their own query).
FIELDS = (
    "pk",
    "nik",
    "full_name",
    "sex",
    "birth_place",
    "birth_date",
    "address",
    "domicile_village_id",
    "phone",
    "email",
    "education",
    "occupation",
    "disability",
    "nonpartisan",
    "locus__village_id",
    "locus__village__name",
    "programme_year_id",
    "status",
    "recruited_on",
)
WIDTHS = (18, 28, 6, 16, 12, 30, 15, 15, 24, 18, 16, 26, 14, 10, 15, 22, 7, 16, 12)


@dataclass(frozen=True)
class _Logged:
    """What ``log_nik_export`` reads of a cadre: its primary key."""

    pk: int


def _segment_names(pks: list[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = defaultdict(list)
    for cadre_id, name in (
        Cadre.segments.through.objects.filter(cadre_id__in=pks)
        .order_by("cadre_id", "segment__order", "segment__name")
        .values_list("cadre_id", "segment__name")
    ):
        names[cadre_id].append(name)
    return names


def roster_rows(request: ReportRequest, cadres, *, total: int, full_nik: bool):
    """The rows of the file, chunk by chunk; logs each chunk's full NIKs and reports progress."""
    statuses = {code: str(label) for code, label in CadreStatus.choices}
    education = {code: str(label) for code, label in EDUCATION_LABELS.items()}
    yes, no = _("Ya"), _("Tidak")
    iterator = cadres.values_list(*FIELDS).iterator(chunk_size=CHUNK)
    done = next_progress = 0
    while chunk := list(islice(iterator, CHUNK)):
        segments = _segment_names([row[0] for row in chunk])
        if full_nik:
            log_nik_export(
                actor=request.user, cadres=[_Logged(row[0]) for row in chunk], reason=request.reason
            )
        for (
            pk,
            nik,
            full_name,
            sex,
            birth_place,
            birth_date,
            address,
            domicile,
            phone,
            email,
            level,
            occupation,
            disability,
            nonpartisan,
            locus_village,
            locus_village_name,
            year,
            status,
            recruited_on,
        ) in chunk:
            yield (
                nik if full_nik else mask_nik(nik),
                full_name,
                sex,
                birth_place,
                _date(birth_date),
                address,
                domicile,
                _local_phone(phone),
                email,
                education.get(level, ""),
                occupation,
                ", ".join(segments.get(pk, ())),
                disability,
                yes if nonpartisan else no,
                locus_village,
                locus_village_name,
                year,
                statuses.get(status, status),
                _date(recruited_on),
            )
        done += len(chunk)
        if done >= next_progress:
            request.progress(min(99, 5 + 90 * done // max(total, 1)))
            next_progress = done + PROGRESS_EVERY


def _full_nik(request: ReportRequest) -> bool:
    reason = (request.reason or "").strip()
    if not reason:
        return False
    if not may_view_full_nik(request.user):
        raise ReportError(_("Anda tidak memiliki izin mengekspor NIK lengkap."))
    if len(reason) < MIN_REASON:
        raise ReportError(
            _("Tuliskan alasan mengekspor NIK lengkap (minimal %(min)s karakter).") % {"min": MIN_REASON}
        )
    return True


def build_roster(request: ReportRequest) -> BuiltReport:
    if request.format not in ROSTER.formats:
        raise ReportError(
            _("Format %(format)s tidak tersedia untuk laporan ini.") % {"format": request.format}
        )
    full_nik = _full_nik(request)
    scope = resolve_scope(request.user, request.scope)
    year = resolve_year(request.year)
    cadres = (
        Cadre.objects.restrict(request.user, "view")
        .filter(scope.q(), programme_year_id=year.pk)
        .order_by("regency_id", "locus__village_id", "recruited_by_id", "full_name", "pk")
    )
    total = cadres.count()
    if not total:
        raise ReportError(_("Belum ada kader pada cakupan dan tahun ini."))
    request.progress(5)
    # With full NIKs, the log and the file stand or fall together.
    with transaction.atomic() if full_nik else contextlib.nullcontext():
        rows = roster_rows(request, cadres, total=total, full_nik=full_nik)
        if request.format == "csv":
            write_csv(request.output_path, EXPORT_HEADERS, rows)
        else:
            # 2.4 million cells: the streaming table writer, not openpyxl's cell objects
            # (kernel/xlsx_writer.py).
            write_table(
                request.output_path,
                sheet=_("Kader"),
                headers=EXPORT_HEADERS,
                rows=rows,  # text escaped against formula injection by the writer
                widths=WIDTHS,
            )
    request.progress(100)
    return BuiltReport(
        filename=f"daftar-kader-{year.year}-{scope.slug}.{request.format}",
        content_type=CONTENT_TYPES[request.format],
    )


ROSTER = register(
    ReportType(
        code="roster",
        label=gettext_lazy("Daftar kader"),
        formats=("xlsx", "csv"),
        build=build_roster,
    )
)
