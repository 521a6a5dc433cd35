from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

from kernel.db_functions import register_sqlite_functions


class CadreConfig(AppConfig):
    name = "cadre"
    verbose_name = _("Kader")

    def ready(self):
        # Rosters OR their cadres' segment masks with BIT_OR, which SQLite lacks (kernel/db_functions.py).
        connection_created.connect(register_sqlite_functions, dispatch_uid="sqlite-bit-or")
