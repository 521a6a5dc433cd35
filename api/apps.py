from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The API under /api/v1/: the top layer, importing every app and imported by none (dp3/urls.py
    mounts it by its module's name)."""

    name = "api"
    verbose_name = _("API")
    # api.schema (drf-spectacular's machinery) is imported by api.urls, before any schema is generated.
