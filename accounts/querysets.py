from django.db.models import Q

from kernel.scoping import ScopedQuerySet
from kernel.scoping.policy import CADRE


class OfficeQuerySet(ScopedQuerySet):
    pass


class UserQuerySet(ScopedQuerySet):
    def people(self):
        """The accounts of officers: not the machine accounts of API clients (``User.is_api_client``) nor the
        cadres' app accounts (role ``kader``, made by an invitation, closed on the cadre's page), which are
        no officers to list, count, remind or notify."""
        return self.filter(is_api_client=False).exclude(role=CADRE)


class AccountAuditQuerySet(ScopedQuerySet):
    pass


class APIClientQuerySet(ScopedQuerySet):
    def active(self, now):
        """Neither revoked nor expired at ``now`` (``APIClient.status_at``'s definition)."""
        return self.filter(Q(revoked_at__isnull=True) & Q(expires_at__gt=now))
