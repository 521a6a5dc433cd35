from django.db.models import Q

from kernel.scoping import ScopedQuerySet
from kernel.scoping.policy import CADRE


class OfficeQuerySet(ScopedQuerySet):
    pass


def officers(prefix: str = "") -> Q:
    """The accounts of officers: not the machine accounts of API clients (``User.is_api_client``) nor the
    cadres' app accounts (role ``kader``, made by an invitation, closed on the cadre's page), which are no
    officers to list, count, remind or notify. ``prefix`` for a lookup through a relation (``"users__"``)."""
    return Q(**{f"{prefix}is_api_client": False}) & ~Q(**{f"{prefix}role": CADRE})


class UserQuerySet(ScopedQuerySet):
    def people(self):
        """Officers only (``officers``)."""
        return self.filter(officers())


class AccountAuditQuerySet(ScopedQuerySet):
    pass


class APIClientQuerySet(ScopedQuerySet):
    def active(self, now):
        """Neither revoked nor expired at ``now`` (``APIClient.status_at``'s definition)."""
        return self.filter(Q(revoked_at__isnull=True) & Q(expires_at__gt=now))
