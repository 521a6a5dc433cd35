"""What a scoped model declares: how a row comes within a user's reach (``Model.scope_lookups``).

A rule answers one question, ``ways(jurisdiction, user, action, model)``: the ways a row comes within reach,
each a set of lookups and the values they must have (``Way``). The access policy (``policy.py``) turns the
same ways into a queryset filter and into a test of one object in Python, so that the list and the button
cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist

from .jurisdiction import LOCUS, NATIONAL, PROVINCE, REGENCY, Jurisdiction


@dataclass(frozen=True, slots=True)
class Way:
    """One way in: the row's lookups equal ``values`` ({} is every row), or, with ``through`` (a
    many-to-many relation to another scoped model), the lookups of one of the related rows do."""

    values: Mapping[str, object]
    through: str | None = None


def resolve(obj, lookup: str):
    """The value of a lookup ("village__regency_id", "office__province_id", "code") on ``obj``, following
    forward relations in Python. A hop whose related row is not loaded costs a query: lookups end in ``*_id``
    or a stored code, and callers load (select_related) what the lookups walk."""
    *hops, last = lookup.split("__")
    for hop in hops:
        obj = getattr(obj, hop)
        if obj is None:
            return None
    field = obj._meta.get_field(last)
    return getattr(obj, field.attname if field.many_to_one or field.one_to_one else last)


def region_parts(code: str | None) -> tuple[str | None, str | None]:
    """The province and regency codes of a Kemendagri region code: "18.06.11.2016" → ("18", "18.06");
    a province code has no regency part."""
    parts = (code or "").split(".")
    if not parts[0]:
        return None, None
    return parts[0], ".".join(parts[:2]) if len(parts) >= 2 else None


@dataclass(frozen=True, slots=True)
class ScopeLookups:
    """The lookups from a scoped model to its province code and its regency code.

    ``regency`` may be None for models that live at province level (a province office, for example):
    a regency user then sees none of them.

    ``shared_through`` names a many-to-many relation to another scoped model through which the row is also
    within reach, for ``shared_actions`` only: a coordination meeting is seen by the offices that took part
    in it (``participants``), while changing it stays with the organiser's jurisdiction.

    ``code`` names the row's own Kemendagri region code, for the region tree: a code holds its province and
    regency ("18.06.11.2016" lies in "18.06" and "18"), so the test of one village needs no walk through its
    district and regency. The queryset filter uses ``province`` and ``regency`` all the same.
    """

    province: str
    regency: str | None
    shared_through: str | None = None
    shared_actions: frozenset[str] = field(default=frozenset({"view"}))
    code: str | None = None
    locus: str | None = None
    cadre: str | None = None

    def values_for(self, jurisdiction: Jurisdiction) -> dict[str, object] | None:
        """The lookups a row must match for ``jurisdiction``: {} for every row, None for none."""
        if jurisdiction.level == NATIONAL:
            return {}
        if jurisdiction.level == PROVINCE:
            return {self.province: jurisdiction.province_code}
        if jurisdiction.level == REGENCY and self.regency:
            return {self.regency: jurisdiction.regency_code}
        if jurisdiction.level == LOCUS:
            values = {}
            if self.locus:
                values[self.locus] = jurisdiction.locus_id
            if self.cadre:
                values[self.cadre] = jurisdiction.cadre_id
            return values or None
        return None

    def ways(self, jurisdiction: Jurisdiction, user, action: str, model) -> list[Way]:
        if jurisdiction.level == LOCUS:
            return self._cadre_ways(jurisdiction, model)
        own = self.values_for(jurisdiction)
        ways = [] if own is None else [Way(own)]
        if own == {} or self.shared_through is None or action not in self.shared_actions:
            return ways
        related = model._meta.get_field(self.shared_through).related_model
        theirs = related.scope_lookups.values_for(jurisdiction)
        if theirs is not None:
            ways.append(Way(theirs, through=self.shared_through))
        return ways

    def _cadre_ways(self, jurisdiction: Jurisdiction, model) -> list[Way]:
        """A cadre's way in: its locus (through a many-to-many to the loci when ``locus`` names one) and, for
        personal data, its own rows. Never the shared way (a meeting's participants are offices). A ``cadre``
        naming a many-to-many to the cadres (an activity's ``cadres``) reaches the rows the cadre takes part
        in, never those of the other cadres of its locus."""
        cadres = _many_to_many(model, self.cadre)
        if cadres is not None:
            return [Way({cadres.related_model._meta.pk.attname: jurisdiction.cadre_id}, through=self.cadre)]
        relation = _many_to_many(model, self.locus)
        if relation is not None:
            locus_model = relation.related_model
            values = {locus_model._meta.pk.attname: jurisdiction.locus_id}
            if self.cadre:
                return []  # personal data is reached by its own cadre lookup, not through loci
            return [Way(values, through=self.locus)]
        own = self.values_for(jurisdiction)
        return [] if own is None else [Way(own)]

    def value(self, obj, lookup: str):
        """The value of one of this rule's lookups on ``obj``, in Python."""
        if self.code is not None and lookup in (self.province, self.regency):
            province, regency = region_parts(resolve(obj, self.code))
            return province if lookup == self.province else regency
        return resolve(obj, lookup)


def _many_to_many(model, name: str | None):
    """The many-to-many field ``name`` of ``model``, or None (a lookup through relations, an ``*_id``)."""
    if not name or "__" in name:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if field.many_to_many else None


@dataclass(frozen=True, slots=True)
class OwnedBy:
    """Rows that belong to one user (``field`` names the foreign key to the user), whatever their level: a
    report job is seen by the user who asked for it only. A user without a jurisdiction owns nothing."""

    field: str

    def ways(self, jurisdiction: Jurisdiction, user, action: str, model) -> list[Way]:
        if jurisdiction.level in (None, LOCUS):
            return []  # a cadre's account owns no officer's rows (report jobs)
        return [Way({f"{self.field}_id": user.pk})]

    def value(self, obj, lookup: str):
        return resolve(obj, lookup)
