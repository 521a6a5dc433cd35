"""The profile of one locus (PDF): the village and its path, category and rationale, SK and PKS, the roster
(NIKs masked), trainings and attendance, socialisation activities and the evaluation figures. Built from the
selectors the locus, roster, training and evaluation pages use, so the figures agree with those pages."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.models import LocusEvaluation
from activities.selectors.evaluations import figure_rows, locus_evaluation_figures
from activities.selectors.outreach import activity_list, for_listing
from activities.selectors.trainings import locus_training_summary
from cadre.checks import mask_nik
from cadre.selectors import roster_cadres, roster_summary
from locus.models import Locus, LocusDocument

from . import CONTENT_TYPES, BuiltReport, ReportError, ReportRequest, ReportType, register
from ._pdf import write_pdf


def _locus(request: ReportRequest) -> Locus:
    if not request.locus_id:
        raise ReportError(_("Pilih lokus untuk profil lokus."))
    locus = (
        Locus.objects.restrict(request.user, "view")
        .select_related("village__district__regency__province", "programme_year")
        .filter(pk=request.locus_id)
        .first()
    )
    if locus is None:
        raise ReportError(_("Lokus tidak ditemukan."))
    return locus


def build_locus_profile(request: ReportRequest) -> BuiltReport:
    if request.format != "pdf":
        raise ReportError(
            _("Format %(format)s tidak tersedia untuk laporan ini.") % {"format": request.format}
        )
    user = request.user
    locus = _locus(request)
    village = locus.village
    request.progress(10)
    cadres = [
        (cadre, mask_nik(cadre.nik), ", ".join(segment.name for segment in cadre.segments.all()))
        for cadre in roster_cadres(user=user, locus=locus)
    ]
    documents = (
        LocusDocument.objects.restrict(user, "view").filter(locus=locus).order_by("kind", "uploaded_at")
    )
    evaluation = (
        LocusEvaluation.objects.restrict(user, "view")
        .filter(locus=locus)
        .order_by("-created_at", "-pk")
        .first()
    )
    figures = locus_evaluation_figures(locus=locus)
    summary = roster_summary(locus)
    request.progress(50)
    write_pdf(
        "reports/pdf/locus_profile.html",
        {
            "title": _("Profil Lokus Desa Peduli Pemilu dan Pemilihan"),
            "scope_name": f"{village.get_kind_display()} {village.name}",
            "year": locus.programme_year.year,
            "locus": locus,
            "path": [
                (_("Provinsi"), village.district.regency.province.name),
                (_("Kabupaten/Kota"), village.district.regency.name),
                (_("Kecamatan"), village.district.name),
                (_("Desa/Kelurahan"), f"{village.name} ({village.code})"),
            ],
            "documents": list(documents),
            "summary": summary,
            "missing": ", ".join(segment.name for segment in summary.missing),
            "cadres": cadres,
            "training": locus_training_summary(user=user, locus=locus),
            # The accepted ones, as its figures count them: a cadre's report awaiting review is left out.
            "activities": list(for_listing(activity_list(user=user).counted().filter(locus=locus))),
            "figure_rows": figure_rows(figures),
            "evaluation": evaluation,
        },
        request.output_path,
        user=user,
    )
    request.progress(100)
    return BuiltReport(
        filename=f"profil-lokus-{locus.programme_year_id}-{village.code}.pdf",
        content_type=CONTENT_TYPES["pdf"],
    )


LOCUS_PROFILE = register(
    ReportType(
        code="locus-profile",
        label=gettext_lazy("Profil lokus"),
        formats=("pdf",),
        build=build_locus_profile,
        needs=("locus_id",),
    )
)
