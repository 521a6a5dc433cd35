from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LocusConfig(AppConfig):
    name = "locus"
    verbose_name = _("Wilayah dan lokus")
