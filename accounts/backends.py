"""The authentication backend: Django's ``ModelBackend``, loading the user's office and the office's region
with the user. Every page reads them (the scoping of ``restrict``, the header's office name, the home page's
overview), so a signed-in request costs one query for its user instead of three. The account of an API client
(``User.is_api_client``) never signs in to the pages, whatever password it might be given: it acts through
its token only (api/authentication.py)."""

from __future__ import annotations

from django.contrib.auth import backends, get_user_model


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        try:
            users = model._default_manager.select_related("office__province", "office__regency")
            user = users.get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user) -> bool:
        return not getattr(user, "is_api_client", False) and super().user_can_authenticate(user)
