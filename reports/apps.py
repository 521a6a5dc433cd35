from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Laporan")
    # The builder modules (openpyxl, WeasyPrint, the charts) are imported by reports.builders.load_all() when
    # a report type is first asked for, not here: most processes never build a report.
