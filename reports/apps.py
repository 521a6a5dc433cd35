from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Laporan")

    def ready(self):
        # Each builder module registers its report type in reports.builders.BUILDERS at import.
        from .builders import load_all

        load_all()
