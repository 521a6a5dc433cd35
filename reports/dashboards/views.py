"""The dashboards beneath the home page: a province's, a regency's and a locus', each within the user's
jurisdiction (anything else is a 404). The home page (``dp3.views.HomeView``) shows the dashboard of the
user's own jurisdiction."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from reports import dashboards
from reports.milestones import locus_milestones

from . import locus as dashboard_locus


def year_param(request) -> int | None:
    value = request.GET.get("tahun", "").strip()
    return int(value) if value.isdecimal() else None


def dashboard_context(request, place: dashboards.Place) -> dict:
    data = dashboards.dashboard(user=request.user, place=place, year=year_param(request))
    asked = request.GET.get("tahun", "").strip()
    # A year asked for that the place has no loci in (or no year at all, "?tahun=abc") is said, not hidden.
    unknown_year = asked if asked and data.year and asked != str(data.year.year) else ""
    return {"dashboard": data, "place": place, "unknown_year": unknown_year}


class PlaceDashboardView(LoginRequiredMixin, TemplateView):
    template_name = "dashboard/place.html"
    find_place = None  # (user, code) → Place or None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        place = type(self).find_place(user=self.request.user, code=kwargs["code"])
        if place is None:
            raise Http404
        context.update(dashboard_context(self.request, place))
        year = context["dashboard"].year
        context["crumbs"] = dashboards.place_crumbs(
            user=self.request.user, place=place, year=year.year if year else None
        )
        return context


class ProvinceDashboardView(PlaceDashboardView):
    find_place = staticmethod(dashboards.province_place)


class RegencyDashboardView(PlaceDashboardView):
    find_place = staticmethod(dashboards.regency_place)


class LocusDashboardView(LoginRequiredMixin, TemplateView):
    """The last level of the drill-down: one locus (restricted to the jurisdiction, else 404)."""

    template_name = "dashboard/locus.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        locus = dashboard_locus.dashboard_locus(user=user, pk=kwargs["pk"])
        if locus is None:
            raise Http404
        data = dashboard_locus.locus_dashboard(user=user, locus=locus)
        context.update(dashboard=data, locus=locus, crumbs=dashboard_locus.locus_crumbs(data))
        return context


class LocusMilestonesView(LoginRequiredMixin, TemplateView):
    """A locus' checklist of milestones (restricted to the jurisdiction, else 404): the fragment the locus
    page loads into its place (htmx), or a page of its own without JavaScript."""

    def get_template_names(self):
        htmx = getattr(self.request, "htmx", False)
        return ["dashboard/_locus_milestones.html" if htmx else "dashboard/locus_milestones.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        locus = dashboard_locus.dashboard_locus(user=self.request.user, pk=kwargs["pk"])
        if locus is None:
            raise Http404
        context.update(
            locus=locus,
            checklist=locus_milestones(locus),
            crumbs=[(str(locus), locus.get_absolute_url()), (_("Tonggak lokus"), "")],
        )
        return context
