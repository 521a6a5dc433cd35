"""The ranking of candidate villages of the user's jurisdiction by the evidence of a category
(*pemeringkatan*)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from kernel.scoping.policy import policy
from locus.choices import LocusCategory, LocusStatus
from locus.forms.evidence import RankingForm
from locus.selectors.loci import candidate_ranking
from locus.services.imports import (
    may_import_evidence,
)
from locus.views.loci import loci_crumb

CATEGORY_ORDER_NOTES = {
    LocusCategory.LOW_TURNOUT: gettext_lazy(
        "Diurutkan dari partisipasi pemilih terendah. Desa tanpa angka sendiri memakai angka kecamatan, "
        "lalu angka kabupaten/kota."
    ),
    LocusCategory.CONFLICT_DISASTER: gettext_lazy(
        "Diurutkan dari catatan konflik/bencana terbanyak (catatan desa, kecamatan dan kabupaten/kota "
        "dijumlahkan)."
    ),
    LocusCategory.HIGH_VIOLATION: gettext_lazy(
        "Diurutkan dari skor IKP tertinggi, lalu temuan pelanggaran terbanyak. Desa tanpa angka sendiri "
        "memakai angka kecamatan, lalu angka kabupaten/kota."
    ),
}

STATUS_BADGES = {
    LocusStatus.PROPOSED: "text-bg-secondary",
    LocusStatus.DESIGNATED: "text-bg-primary",
    LocusStatus.AGREEMENT_SIGNED: "text-bg-info",
    LocusStatus.ACTIVE: "text-bg-success",
    LocusStatus.CLOSED: "text-bg-dark",
    LocusStatus.REJECTED: "text-bg-warning",
    LocusStatus.CANCELLED: "text-bg-warning",
}


class RankingView(LoginRequiredMixin, TemplateView):
    """Candidate villages for a category, ranked by the evidence, 50 a page (``halaman``)."""

    template_name = "locus/ranking.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = RankingForm(self.request.GET, user=user)
        page = None
        category = LocusCategory.LOW_TURNOUT
        year = election = None
        needs_region = False
        if form.is_valid() and form.jurisdiction.is_national and not form.region_code:
            # All 83,762 villages at once take seconds to rank: KPU RI picks a province first.
            needs_region = True
        elif form.is_valid():
            data = form.cleaned_data
            category = LocusCategory(data["kategori"])
            year, election = data["tahun"], data["pemilu"]
            ranking = candidate_ranking(
                user=user,
                programme_year=year,
                category=category,
                election=election,
                region_code=form.region_code or None,
                kind=data["jenis"] or None,
                include_loci=data["lokus"],
            )
            page = Paginator(ranking, self.paginate_by).get_page(self.request.GET.get("halaman"))
            for row in page.object_list:
                if row.locus_status:
                    row.locus_status_label = LocusStatus(row.locus_status).label
                    row.locus_status_badge = STATUS_BADGES.get(row.locus_status, "text-bg-secondary")
        elif form.data.get("kategori") in LocusCategory.values:
            category = LocusCategory(form.data["kategori"])
        query = form.data.copy()
        query.pop("halaman", None)
        tabs = []
        for value, label in LocusCategory.choices:
            tab_query = query.copy()
            tab_query["kategori"] = value
            tabs.append((value, label, tab_query.urlencode(), value == category))
        return super().get_context_data(
            form=form,
            page_obj=page,
            rows=page.object_list if page else [],
            year=year,
            election=election,
            needs_region=needs_region,
            category=category,
            order_note=CATEGORY_ORDER_NOTES[category],
            tabs=tabs,
            region_selects=form.region_selects(),
            query_without_page=query.urlencode(),
            may_propose=policy(user).may("add"),
            may_import_evidence=may_import_evidence(user),
            crumbs=[loci_crumb(), (_("Pemeringkatan calon lokus"), "")],
            **kwargs,
        )
