"""Read or read and write: a read-only machine client may only read (GET, HEAD, OPTIONS), whatever its role
would allow; users signed in with their session are not concerned (their role decides, in the views)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.choices import APIAccess
from kernel.scoping.policy import policy

from .authentication import client_of


class ClientAccess(BasePermission):
    message = _("Klien API ini hanya boleh membaca.")

    def has_permission(self, request, view) -> bool:
        client = client_of(request)
        return client is None or request.method in SAFE_METHODS or client.access == APIAccess.READ_WRITE


def require_role(user, action_name: str) -> None:
    """A write's first refusal, as the pages' (``ScopedObjectMixin``): a role that may not ``action_name``
    anywhere is a 403 before any record is looked up."""
    if not policy(user).may(action_name):
        raise PermissionDenied
