from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    """The programme's effect on turnout: matched difference-in-differences of designated loci against
    villages that were never loci, computed in the worker and stored (``impact.services``)."""

    name = "impact"
    verbose_name = _("Dampak program")

    def ready(self):
        # Recompute when results or loci change (impact/receivers.py).
        from . import receivers  # noqa: F401
