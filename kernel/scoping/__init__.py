"""The one access policy of SIDP3.

A user's jurisdiction is the whole country (KPU RI), one province (KPU Provinsi) or one regency
(KPU Kabupaten/Kota); their role says which actions they may take in it. ``policy(user)``
(``kernel.scoping.policy``) answers every access question from one definition per model:
``policy(user).queryset(Model, action)`` for lists, counts, form choices, exports and tasks (also spelt
``Model.objects.restrict(user, action)``, and ``restrict_for_user_id`` in tasks), and
``policy(user).allows(action, obj)`` for one object (buttons, services' checks). Detail pages restrict their
queryset (out of scope → 404, ``kernel.scoping.mixins.ScopedObjectMixin``) and forms their choices
(``kernel.scoping.mixins.ScopedFormMixin``).

A model takes part by using ``ScopedQuerySet`` as its manager and naming, in ``scope_lookups``, the lookups
that lead from it to a province code and to a regency code (``rules.ScopeLookups``), or the user it belongs
to (``rules.OwnedBy``). A grant on a province covers everything beneath it (its regencies, districts and
villages), as in Wagtail's collection permission policy.
"""

from .jurisdiction import Jurisdiction, jurisdiction_of
from .policy import AccessPolicy
from .querysets import ScopedQuerySet, restrict_for_user_id
from .rules import OwnedBy, ScopeLookups

__all__ = [
    "AccessPolicy",
    "Jurisdiction",
    "OwnedBy",
    "ScopeLookups",
    "ScopedQuerySet",
    "jurisdiction_of",
    "restrict_for_user_id",
]
