from django.db import models
from django.db.models.functions import Upper

from dp3.scoping import ScopedQuerySet


class RegionQuerySet(ScopedQuerySet):
    """Regions are public reference data: the browser reads them unrestricted. ``restrict`` is used where a
    region is a choice for an action (an office for a regency, a locus in a village)."""

    def current(self):
        return self.filter(retired_at__isnull=True)

    def search(self, term: str):
        """Name contains ``term`` (case-insensitive; a trigram index serves it on PostgreSQL), or the code
        starts with it when ``term`` looks like a code."""
        term = term.strip()
        if not term:
            return self.none()
        if term.replace(".", "").isdigit():
            return self.filter(code__startswith=term)
        return self.annotate(name_upper=Upper("name")).filter(name_upper__contains=term.upper())


class RegionManager(models.Manager.from_queryset(RegionQuerySet)):
    pass
