"""Read or read and write: a read-only machine client may only read (GET, HEAD, OPTIONS), whatever its role
would allow; users signed in with their session are not concerned (their role decides, in the views)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.choices import APIAccess

from .authentication import client_of


class ClientAccess(BasePermission):
    message = _("Klien API ini hanya boleh membaca.")

    def has_permission(self, request, view) -> bool:
        client = client_of(request)
        return client is None or request.method in SAFE_METHODS or client.access == APIAccess.READ_WRITE
