"""Exports of cadres (XLSX or CSV) in the columns of the roster import, so that an export can be corrected and
imported again. Always scoped to the exporting user (``Cadre.objects.restrict(user, "view")``); NIKs are
masked unless the user holds ``cadre.view_full_nik`` and states a reason, and then every exported cadre's
full-NIK export is logged. Text cells are escaped against formula injection by ``write_table``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kernel.spreadsheets import write_table

from .checks import mask_nik
from .choices import Education
from .models import Cadre
from .resources import COLUMNS, LOCUS_COLUMN
from .services import log_nik_export, may_view_full_nik

EXPORT_HEADERS = [*COLUMNS, LOCUS_COLUMN, "Nama Desa Lokus", "Tahun", "Status", "Tanggal Pendaftaran"]
MIN_REASON = 10
EDUCATION_LABELS = dict(Education.choices)


def _local_phone(e164: str) -> str:
    """+6281234567890 → 081234567890: what people write, and no leading "+" for a spreadsheet to read."""
    return "0" + e164[3:] if e164.startswith("+62") else e164


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def export_rows(cadres, *, full_nik: bool):
    for cadre in cadres:
        yield [
            cadre.nik if full_nik else mask_nik(cadre.nik),
            cadre.full_name,
            cadre.sex,
            cadre.birth_place,
            _date(cadre.birth_date),
            cadre.address,
            cadre.domicile_village_id,
            _local_phone(cadre.phone),
            cadre.email,
            str(EDUCATION_LABELS.get(cadre.education, "")),
            cadre.occupation,
            ", ".join(segment.name for segment in cadre.segments.all()),
            cadre.disability,
            _("Ya") if cadre.nonpartisan else _("Tidak"),
            cadre.locus.village_id,
            cadre.locus.village.name,
            cadre.programme_year_id,
            cadre.get_status_display(),
            _date(cadre.recruited_on),
        ]


@transaction.atomic
def cadres_export(*, actor, cadres=None, fmt: str, reason: str = "") -> tuple[bytes, int]:
    """The cadres (a queryset, further restricted to the actor) as a file; (content, number of cadres).

    With a ``reason`` the NIKs are written in full, for a holder of ``cadre.view_full_nik`` only, and each
    exported cadre gets a row in the NIK access log."""
    reason = (reason or "").strip()
    full_nik = bool(reason)
    if full_nik and not may_view_full_nik(actor):
        raise PermissionDenied(_("Anda tidak memiliki izin mengekspor NIK lengkap."))
    if full_nik and len(reason) < MIN_REASON:
        raise ValidationError(
            {
                "reason": [
                    _("Tuliskan alasan mengekspor NIK lengkap (minimal %(min)s karakter).")
                    % {"min": MIN_REASON}
                ]
            }
        )
    scoped = Cadre.objects.restrict(actor, "view")
    if cadres is not None:
        scoped = scoped.filter(pk__in=cadres.values("pk"))
    scoped = (
        scoped.select_related("locus__village")
        .prefetch_related("segments")
        .order_by("locus__village_id", "full_name", "pk")
    )
    cadres_list = list(scoped)
    if full_nik and cadres_list:
        log_nik_export(actor=actor, cadres=cadres_list, reason=reason)
    content = write_table(EXPORT_HEADERS, export_rows(cadres_list, full_nik=full_nik), fmt=fmt, title="Kader")
    return content, len(cadres_list)
