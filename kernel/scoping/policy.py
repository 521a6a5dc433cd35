"""What each role may do, wherever its jurisdiction reaches.

administrator: everything in the jurisdiction, including user accounts;
commissioner (komisioner): the programme's work, including decisions (designate, approve);
staff: data entry; viewer: read only.
"""

from __future__ import annotations

from .jurisdiction import jurisdiction_of

ADMIN = "admin"
COMMISSIONER = "komisioner"
STAFF = "staf"
VIEWER = "pemantau"

ACTIONS_BY_ROLE: dict[str, frozenset[str]] = {
    VIEWER: frozenset({"view"}),
    STAFF: frozenset({"view", "add", "change"}),
    COMMISSIONER: frozenset({"view", "add", "change", "delete", "decide"}),
    ADMIN: frozenset({"view", "add", "change", "delete", "decide", "manage"}),
}


def role_may(user, action: str) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return action in ACTIONS_BY_ROLE.get(user.role, frozenset())


def may_act_on(user, action: str, region_code: str | None) -> bool:
    """Whether ``user`` may ``action`` a record of the region ``region_code`` (any level's code): the role
    allows the action and the jurisdiction covers the region. For showing or hiding a page's buttons; the
    services check again inside their transaction."""
    return role_may(user, action) and jurisdiction_of(user).covers_code(region_code)
