from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import models

from .policy import policy


class ScopedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view") -> ScopedQuerySet:
        """Only the rows ``user`` may ``action`` ("view", "add", "change", "delete", "manage", ...): the
        access policy's ``policy(user).queryset(self, action)``, the same definition its ``allows`` tests one
        object with."""
        return policy(user).queryset(self, action)


def restrict_for_user_id(queryset: models.QuerySet, user_id: int, action: str = "view") -> models.QuerySet:
    """For background tasks: restrict ``queryset`` for the user who asked for the work, by id.

    A task receives only the id, loads the user again (who may have been disabled or moved since) and
    restricts every query with it. An unknown or disabled user sees nothing.
    """
    user = get_user_model().objects.select_related("office").filter(pk=user_id).first()
    if user is None:
        return queryset.none()
    return policy(user).queryset(queryset, action)
