"""The region browser: provinces → regencies/cities → districts → villages, and the search.

Every page is open to any logged-in user: the region tree is public Kemendagri reference data. A region's
election results (``locus.selectors.results``) are shown to users whose jurisdiction holds the region.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView

from locus.selectors import regions as selectors
from locus.selectors import results as results_selectors
from regions.querysets import MIN_NAME_SEARCH_LENGTH

# A search term longer than any region name (44 characters in the 2025 list) is cut here.
MAX_TERM_LENGTH = 100


def region_crumbs(region=None) -> list[tuple[str, str]]:
    """Breadcrumbs from the browser's index down to ``region`` (the last one is the current page)."""
    crumbs = [(_("Wilayah"), reverse("locus:region_index"))]
    if region is not None:
        crumbs += [(step.name, step.get_absolute_url()) for step in region.path()]
    return crumbs


def search_term(request) -> str:
    return selectors.clean_search_term(request.GET.get("q", ""))[:MAX_TERM_LENGTH]


class RegionIndexView(LoginRequiredMixin, TemplateView):
    template_name = "locus/region_index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            provinces=selectors.province_list(),
            crumbs=[(_("Wilayah"), "")],
            min_length=MIN_NAME_SEARCH_LENGTH,
            **kwargs,
        )


class RegionDetailView(LoginRequiredMixin, DetailView):
    """One region: its code, type, parents, time zone and status, and the regions directly below it."""

    slug_field = "code"
    slug_url_kwarg = "code"
    context_object_name = "region"
    selector = None  # staticmethod: the selectors function that loads the region with its parents
    children = None  # staticmethod: the selectors function that lists the regions below it, or None

    def get_queryset(self):
        return self.selector()

    def get_context_data(self, **kwargs):
        region = self.object
        context = {
            "region": region,
            "crumbs": region_crumbs(region),
            "parents": [
                (level.label, step) for level, step in zip(selectors.LEVELS, region.path()[:-1], strict=False)
            ],
            "type_label": selectors.region_type_label(region),
            "province": region.province,
            # The election results of the region (its villages summed) or the village, when the user's
            # jurisdiction holds all of it: one query.
            "results": results_selectors.region_results(user=self.request.user, code=region.code),
        }
        if self.children is not None:
            context["children"] = self.children(**{self.context_object_name: region})
        return super().get_context_data(**context, **kwargs)


class ProvinceDetailView(RegionDetailView):
    template_name = "locus/region_province.html"
    selector = staticmethod(selectors.province_queryset)
    children = staticmethod(selectors.province_children)
    context_object_name = "province"


class RegencyDetailView(RegionDetailView):
    template_name = "locus/region_regency.html"
    selector = staticmethod(selectors.regency_queryset)
    children = staticmethod(selectors.regency_children)
    context_object_name = "regency"


class DistrictDetailView(RegionDetailView):
    template_name = "locus/region_district.html"
    selector = staticmethod(selectors.district_queryset)
    children = staticmethod(selectors.district_children)
    context_object_name = "district"


class VillageDetailView(RegionDetailView):
    template_name = "locus/region_village.html"
    selector = staticmethod(selectors.village_queryset)
    context_object_name = "village"


class RegionSearchView(LoginRequiredMixin, TemplateView):
    """The full results page (also what the search box submits without JavaScript).

    Without ``tingkat``: up to 20 regions of each level. With ``tingkat=desa`` (or provinsi, kabupaten,
    kecamatan): every match of that level, 20 a page (``halaman``).
    """

    template_name = "locus/region_search.html"
    paginate_by = selectors.SEARCH_PER_LEVEL

    def get_context_data(self, **kwargs):
        term = search_term(self.request)
        level = selectors.LEVELS_BY_KEY.get(self.request.GET.get("tingkat", ""))
        if level:
            # One level asked for: page through all its matches instead of the first 20 of each level.
            search = selectors.region_search(term=term, levels=())
            level_page = selectors.region_search_page(
                term=term, level=level, page_number=self.request.GET.get("halaman"), per_page=self.paginate_by
            )
        else:
            search = selectors.region_search(term=term, per_level=self.paginate_by)
            level_page = None
        return super().get_context_data(
            term=term,
            search=search,
            level=level,
            level_page=level_page,
            levels=selectors.LEVELS,
            min_length=MIN_NAME_SEARCH_LENGTH,
            crumbs=[(_("Wilayah"), reverse("locus:region_index")), (_("Cari wilayah"), "")],
            **kwargs,
        )


class RegionSuggestView(LoginRequiredMixin, TemplateView):
    """The search box's suggestions (HTMX): a short list of links, a few per level."""

    template_name = "locus/_region_suggestions.html"

    def get_context_data(self, **kwargs):
        term = search_term(self.request)
        return super().get_context_data(
            term=term,
            search=selectors.region_search(term=term, per_level=selectors.SUGGEST_PER_LEVEL),
            min_length=MIN_NAME_SEARCH_LENGTH,
            **kwargs,
        )
