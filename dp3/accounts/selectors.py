"""Reads about offices and users, always through the one scoping call."""

from __future__ import annotations

from dataclasses import dataclass

from locus.models import District, Province, Regency, Village

from .models import Office, User


@dataclass(frozen=True)
class OfficeOverview:
    office: Office | None
    region: object | None
    provinces: int
    regencies: int
    districts: int
    villages: int
    users: int | None


def office_overview(*, user) -> OfficeOverview:
    """The user's office, the region it serves and how much of the region tree lies in its jurisdiction."""
    office = user.office if user.office_id else None
    return OfficeOverview(
        office=office,
        region=office.region if office else None,
        provinces=Province.objects.current().restrict(user).count(),
        regencies=Regency.objects.current().restrict(user).count(),
        districts=District.objects.current().restrict(user).count(),
        villages=Village.objects.current().restrict(user).count(),
        users=User.objects.restrict(user, "manage").filter(is_active=True).count()
        if user.is_administrator
        else None,
    )


def user_list(*, user, filters: dict | None = None):
    return User.objects.restrict(user, "manage").select_related("office").order_by("office__name", "username")


def office_list(*, user):
    return Office.objects.restrict(user, "view").select_related("province", "regency")
