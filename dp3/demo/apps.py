from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demonstration data of the seed articles (``manage.py seed_demo``). Never loaded in production."""

    name = "dp3.demo"
    label = "demo"
    verbose_name = _("Data demo")
