from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView


class RegionIndexView(LoginRequiredMixin, TemplateView):
    template_name = "locus/region_index.html"
