from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The API under /api/v1/: the top layer, importing every app and imported by none (dp3/urls.py
    mounts it by its module's name)."""

    name = "api"
    verbose_name = _("API")

    def ready(self):
        from . import schema  # noqa: F401  (registers the token's OpenAPI security scheme)
