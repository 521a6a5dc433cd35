"""The one scoping mechanism of SIDP3.

A user's jurisdiction is the whole country (KPU RI), one province (KPU Provinsi) or one regency
(KPU Kabupaten/Kota). Every read of jurisdiction data goes through ``Model.objects.restrict(user, action)``:
lists, detail pages (out of scope → 404 through
``kernel.scoping.mixins.ScopedObjectMixin``), counts, form choices
(``kernel.scoping.mixins.ScopedFormMixin``), exports and background tasks (``restrict_for_user_id``).

A model takes part by using ``ScopedQuerySet`` as its manager and naming, in ``scope_lookups``, the lookups
that lead from it to a province code and to a regency code. A grant on a province covers everything beneath
it (its regencies, districts and villages), as in Wagtail's collection permission policy.
"""

from .jurisdiction import Jurisdiction, jurisdiction_of
from .querysets import ScopedQuerySet, ScopeLookups, restrict_for_user_id

__all__ = [
    "Jurisdiction",
    "ScopeLookups",
    "ScopedQuerySet",
    "jurisdiction_of",
    "restrict_for_user_id",
]
