"""The one access policy: what each role may do, wherever its jurisdiction reaches.

administrator: everything in the jurisdiction, including user accounts;
commissioner (komisioner): the programme's work, including decisions (designate, approve);
staff: data entry; viewer: read only; cadre (kader): a DP3 cadre on their phone, who sees its own locus and
its own rows there and reports its own activity (``report``), nothing else.

``policy(user)`` answers both questions Wagtail's permission policies answer, from one definition (the model's
``scope_lookups``, ``rules.py``):

- ``policy(user).queryset(Model, action)``: the rows the user may ``action`` (lists, counts, form choices,
  exports, tasks; ``Model.objects.restrict(user, action)`` is the same call);
- ``policy(user).allows(action, obj)``: whether the user may ``action`` this one object (buttons, services'
  checks), evaluated in Python from the same lookups, without a query when the object carries its ``*_id``s;
- ``policy(user).allows_in_region(action, code)``: whether the user may ``action`` a record of a region named
  by its Kemendagri code (an import's row, a report's scope) before any object exists;
- ``policy(user).may(action)``: whether the role allows the action anywhere at all (an "add" button on a
  list).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Manager, OuterRef, Q, QuerySet

from .jurisdiction import CADRE_ROLE, Jurisdiction, jurisdiction_of
from .rules import ScopeLookups, region_parts

ADMIN = "admin"
COMMISSIONER = "komisioner"
STAFF = "staf"
VIEWER = "pemantau"
CADRE = CADRE_ROLE

ACTIONS_BY_ROLE: dict[str, frozenset[str]] = {
    VIEWER: frozenset({"view"}),
    STAFF: frozenset({"view", "add", "change"}),
    COMMISSIONER: frozenset({"view", "add", "change", "delete", "decide"}),
    ADMIN: frozenset({"view", "add", "change", "delete", "decide", "manage"}),
    # A cadre reads its locus and records its own work (an activity, a check-in): never add/change/decide.
    CADRE: frozenset({"view", "report"}),
}


def role_may(user, action: str) -> bool:
    """Whether the role of an active user allows ``action`` at all (a superuser's allows every action)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return action in ACTIONS_BY_ROLE.get(user.role, frozenset())


# A region code read as a row of its own: its province and regency are its first parts ("18.06.11.2016":
# "18" and "18.06"), so that a record yet to be made in a region is judged as the rows already there.
REGION_CODE = ScopeLookups(province="province", regency="regency")


class AccessPolicy:
    """What one user may do, and where. Built by ``policy(user)``; holds no decision of its own between calls
    (the role is read at each call, the jurisdiction is cached on the user as ``jurisdiction_of`` does)."""

    __slots__ = ("user",)

    def __init__(self, user):
        self.user = user

    @property
    def jurisdiction(self) -> Jurisdiction:
        return jurisdiction_of(self.user)

    @property
    def level(self) -> str | None:
        """NATIONAL, PROVINCE, REGENCY or None: for pages whose shape depends on the level (which filters
        to offer); whether the user may act on something is ``allows``'s answer."""
        return self.jurisdiction.level

    def may(self, action: str) -> bool:
        """Whether the role allows ``action`` somewhere: for pages and buttons about no one object."""
        return role_may(self.user, action)

    # --- which rows ----------

    def queryset(self, source, action: str = "view") -> QuerySet:
        """Only the rows of ``source`` (a scoped model, its manager or a queryset of it) the user may
        ``action``."""
        if isinstance(source, QuerySet):
            queryset = source
        elif isinstance(source, Manager):
            queryset = source.all()
        else:
            queryset = source._default_manager.all()
        if not self.may(action):
            return queryset.none()
        model = queryset.model
        ways = model.scope_lookups.ways(self.jurisdiction, self.user, action, model)
        if any(not way.values and way.through is None for way in ways):
            return queryset
        if not ways:
            return queryset.none()
        condition = Q()
        for way in ways:
            condition |= _q(model, way)
        return queryset.filter(condition)

    # --- this row ----------

    def allows(self, action: str, obj) -> bool:
        """Whether the user may ``action`` ``obj``: true exactly when ``obj`` is in ``queryset(type(obj),
        action)``, decided in Python from the same ways in."""
        if obj is None or not self.may(action):
            return False
        model = type(obj)
        rule = model.scope_lookups
        for way in rule.ways(self.jurisdiction, self.user, action, model):
            if way.through is None:
                if all(rule.value(obj, lookup) == wanted for lookup, wanted in way.values.items()):
                    return True
            elif _through_matches(obj, way):
                return True
        return False

    def allows_in_region(self, action: str, code: str | None) -> bool:
        """Whether the user may ``action`` a record of the region ``code`` (a province, regency, district or
        village code): the role allows the action and the jurisdiction holds the region. A grant on a province
        covers everything beneath it; only KPU RI's covers "no region" (None)."""
        if not self.may(action):
            return False
        wanted = REGION_CODE.values_for(self.jurisdiction)
        province, regency = region_parts(code)
        codes = {REGION_CODE.province: province, REGION_CODE.regency: regency}
        return wanted is not None and all(codes[lookup] == value for lookup, value in wanted.items())

    def require(self, action: str, obj, message: str) -> None:
        """``allows``, or PermissionDenied with ``message`` (what the user reads: the service's words)."""
        if not self.allows(action, obj):
            raise PermissionDenied(message)


def _q(model, way) -> Q:
    if way.through is None:
        return Q(**way.values)
    relation = model._meta.get_field(way.through)
    through = relation.remote_field.through
    target = relation.m2m_reverse_field_name()
    rows = through._default_manager.filter(
        **{relation.m2m_field_name(): OuterRef("pk")},
        **{f"{target}__{lookup}": value for lookup, value in way.values.items()},
    )
    return Q(Exists(rows))


def _through_matches(obj, way) -> bool:
    """Whether one row of the many-to-many ``way.through`` of ``obj`` matches: from the prefetched rows when
    there are, else by one query."""
    if obj.pk is None:
        return False
    related = getattr(obj, way.through)
    if way.through in getattr(obj, "_prefetched_objects_cache", {}):
        rule = related.model.scope_lookups
        return any(
            all(rule.value(row, lookup) == wanted for lookup, wanted in way.values.items())
            for row in related.all()
        )
    return related.filter(**way.values).exists()


def policy(user) -> AccessPolicy:
    """The access policy of ``user`` (anonymous, disabled or None: one that allows nothing), kept on the user
    object for the request."""
    if user is None:
        return AccessPolicy(None)
    cached = getattr(user, "_access_policy", None)
    if cached is None:
        cached = AccessPolicy(user)
        user._access_policy = cached
    return cached
