from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScaleConfig(AppConfig):
    """National-scale data for benchmarks and load tests (``manage.py seed_scale``). Never in production."""

    name = "dp3.scale"
    label = "scale"
    verbose_name = _("Data uji skala")
