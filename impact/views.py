"""The *Dampak program* page (``/dasbor/dampak/``) and a locus' matches (``/dasbor/dampak/lokus/<pk>/``),
both within the user's jurisdiction (anything else is a 404)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from kernel.scoping.jurisdiction import PROVINCE, REGENCY
from kernel.scoping.policy import policy
from locus.models import Locus, Province

from .charts import dot_whisker
from .selectors import ImpactPlace, impact_page, locus_impact, place_for
from .services.method import MIN_INTERVAL_LOCI


def _crumbs(*, user, place: ImpactPlace, url: str, query: str) -> list[tuple[str, str | None]]:
    """The page, then the province (linked for those who may open it) and the regency looked at."""
    crumbs: list[tuple[str, str | None]] = [(_("Dampak program"), url + query if place.code else None)]
    if place.level == REGENCY:
        province = Province(code=place.province_code, name=place.province_name)
        may_open = policy(user).allows("view", province)
        crumbs.append(
            (place.province_name, f"{url}{query}&wilayah={place.province_code}" if may_open else None)
        )
    if place.level in (PROVINCE, REGENCY):
        crumbs.append((place.name, None))
    return crumbs


class ImpactView(LoginRequiredMixin, TemplateView):
    """The estimate of the programme's effect on turnout for the user's place (or ``?wilayah=`` beneath it),
    a programme year (``?tahun=``) and an outcome election (``?pemilu=``). While a recomputation is queued or
    running, the figures' part of the page asks for itself every 5 s with htmx: such a request gets that part
    alone (``impact/_estimate_body.html``), which stops asking once the figures are fresh."""

    def get_template_names(self):
        htmx = getattr(self.request, "htmx", False)
        return ["impact/_estimate_body.html" if htmx else "impact/estimate.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        place = place_for(user=request.user, code=request.GET.get("wilayah", ""))
        if place is None:
            raise Http404
        page = impact_page(
            user=request.user,
            place=place,
            year=request.GET.get("tahun", "").strip(),
            election=request.GET.get("pemilu", "").strip(),
            url=request.path,
        )
        estimate = page.estimate
        query = f"?tahun={estimate.programme_year_id}&pemilu={estimate.election_id}" if estimate else "?"
        context.update(
            page=page,
            place=place,
            estimate=estimate,
            state=page.state,
            crumbs=_crumbs(user=request.user, place=place, url=request.path, query=query),
            charts={
                "wide": dot_whisker(page.chart_rows, fluid=True),
                "narrow": dot_whisker(page.chart_rows, wide=False, fluid=True),
                "categories_wide": dot_whisker(page.category_rows, fluid=True),
                "categories_narrow": dot_whisker(page.category_rows, wide=False, fluid=True),
            },
            min_interval_loci=MIN_INTERVAL_LOCI,
            nav_section="impact",
        )
        return context


class LocusMatchesView(LoginRequiredMixin, TemplateView):
    """A locus' effect and its comparison villages in each estimate of its year (restricted to the
    jurisdiction, else 404): the fragment the locus page loads (htmx), or a page of its own without
    JavaScript."""

    def get_template_names(self):
        htmx = getattr(self.request, "htmx", False)
        return ["impact/_locus_matches.html" if htmx else "impact/locus_matches.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        locus = (
            Locus.objects.restrict(self.request.user, "view")
            .select_related("village", "programme_year")
            .filter(pk=kwargs["pk"])
            .first()
        )
        if locus is None:
            raise Http404
        context.update(
            locus=locus,
            impact=locus_impact(user=self.request.user, locus=locus),
            crumbs=[(str(locus), locus.get_absolute_url()), (_("Dampak program"), "")],
        )
        return context
