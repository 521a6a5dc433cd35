from __future__ import annotations

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied

from .policy import policy


class ScopedObjectMixin(LoginRequiredMixin):
    """For class-based views over a scoped model: the queryset is restricted for the request's user.

    An object outside the user's jurisdiction is a 404 (it does not exist for them); an action the user's
    role may not do at all is a 403.
    """

    scope_action = "view"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not policy(request.user).may(self.scope_action):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return policy(self.request.user).queryset(super().get_queryset(), self.scope_action)


class RoleRequiredMixin(LoginRequiredMixin):
    """Logged-in users whose role may ``scope_action`` (403 otherwise) for pages that are not about one
    object (a proposal form, the village suggestions, a report request)."""

    scope_action = "view"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not policy(request.user).may(self.scope_action):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedFormMixin:
    """A form whose model choices only offer what the user may act on.

    Pass ``user=`` to the form. Every ModelChoiceField over a scoped model is restricted with ``scope_action``
    (default "view"), so a hand-made POST naming an out-of-scope object fails validation.
    """

    scope_action = "view"

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        access = policy(user)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and hasattr(field.queryset, "restrict"):
                field.queryset = access.queryset(field.queryset, self.scope_action)
