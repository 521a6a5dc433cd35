from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models

from .jurisdiction import NATIONAL, PROVINCE, REGENCY, jurisdiction_of
from .policy import role_may


@dataclass(frozen=True, slots=True)
class ScopeLookups:
    """The lookups from a scoped model to its province code and its regency code.

    ``regency`` may be None for models that live at province level (a province office, for example):
    a regency user then sees none of them.
    """

    province: str
    regency: str | None


class ScopedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view") -> ScopedQuerySet:
        """Only the rows ``user`` may ``action`` ("view", "add", "change", "delete", "manage", ...)."""
        if not role_may(user, action):
            return self.none()
        jurisdiction = jurisdiction_of(user)
        lookups: ScopeLookups = self.model.scope_lookups
        if jurisdiction.level == NATIONAL:
            return self
        if jurisdiction.level == PROVINCE:
            return self.filter(**{lookups.province: jurisdiction.province_code})
        if jurisdiction.level == REGENCY and lookups.regency:
            return self.filter(**{lookups.regency: jurisdiction.regency_code})
        return self.none()


def restrict_for_user_id(queryset: models.QuerySet, user_id: int, action: str = "view") -> models.QuerySet:
    """For background tasks: restrict ``queryset`` for the user who asked for the work, by id.

    A task receives only the id, loads the user again (who may have been disabled or moved since) and
    restricts every query with it. An unknown or disabled user sees nothing.
    """
    user = get_user_model().objects.select_related("office").filter(pk=user_id).first()
    if user is None:
        return queryset.none()
    return queryset.restrict(user, action)
