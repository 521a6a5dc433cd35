"""Reads about offices and users, always through the one scoping call."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, Window
from django.utils import timezone

from kernel.counting import count_each
from kernel.scoping.policy import policy
from regions.models import District, Province, Regency, Village

from .models import AccountAuditEntry, APICall, APIClient, Notification, Office, User
from .querysets import officers


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
    """The user's office, the region it serves and how much of the region tree lies in its jurisdiction (with
    the active accounts it may manage, for an administrator): one query."""
    office = user.office if user.office_id else None
    tree = {
        "provinces": Province.objects.current().restrict(user),
        "regencies": Regency.objects.current().restrict(user),
        "districts": District.objects.current().restrict(user),
        "villages": Village.objects.current().restrict(user),
    }
    if policy(user).may("manage"):
        tree["users"] = User.objects.people().restrict(user, "manage").filter(is_active=True)
    counts = count_each(**tree)  # one query
    return OfficeOverview(
        office=office, region=office.region if office else None, users=counts.pop("users", None), **counts
    )


def user_list(*, user):
    """The accounts ``user`` may manage with their office, KPU RI first, then by province and regency (the
    accounts of API clients are on the clients' pages)."""
    return (
        User.objects.people()
        .restrict(user, "manage")
        .select_related("office", "office__province", "office__regency")
        .order_by(
            F("office__province_id").asc(nulls_first=True),
            F("office__regency_id").asc(nulls_first=True),
            "username",
        )
    )


def user_get(*, user, pk) -> User:
    """One account ``user`` may manage; ``User.DoesNotExist`` when it is outside the jurisdiction."""
    return user_list(user=user).get(pk=pk)


def office_list(*, user):
    """The offices in ``user``'s jurisdiction, with how many accounts each has (all of them in scope)."""
    return (
        Office.objects.restrict(user, "manage")
        .select_related("province", "regency")
        .annotate(
            users_count=Count("users", filter=officers("users__"), distinct=True),
            active_users_count=Count(
                "users", filter=Q(users__is_active=True) & officers("users__"), distinct=True
            ),
        )
        .order_by(F("province_id").asc(nulls_first=True), F("regency_id").asc(nulls_first=True), "name")
    )


def office_users(*, user, office: Office):
    """The accounts of ``office`` that ``user`` may manage."""
    return (
        User.objects.people()
        .restrict(user, "manage")
        .filter(office=office)
        .order_by("-is_active", "username")
    )


def audit_entry_list(*, user):
    """The audit trail's entries about accounts of ``user``'s jurisdiction (an administrator's: the accounts
    of their regency, province or the whole country), newest first."""
    return AccountAuditEntry.objects.restrict(user, "manage").order_by("-created_at", "-pk")


def notification_list(*, user):
    """``user``'s own notifications, newest first (no one reads another's)."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def unread_notifications(*, user, limit: int) -> tuple[list[Notification], int]:
    """``user``'s newest ``limit`` unread notifications and how many are unread, in one query (a window
    count, taken before the limit)."""
    unread = list(
        notification_list(user=user).filter(read_at__isnull=True).annotate(unread=Window(Count("pk")))[:limit]
    )
    return unread, (unread[0].unread if unread else 0)


# --- API clients --------------------------------------------------------------------------------------------

RECENT_CALLS_DAYS = 7
CALLS_SHOWN = 100


def api_client_list(*, user, now: dt.datetime | None = None):
    """The API clients of the offices in ``user``'s jurisdiction (administrators), newest first, each with
    its office and how many calls it made in the last 7 days (``recent_calls``)."""
    since = (now or timezone.now()) - dt.timedelta(days=RECENT_CALLS_DAYS)
    return (
        APIClient.objects.restrict(user, "manage")
        .select_related("office", "created_by")
        .annotate(recent_calls=Count("calls", filter=Q(calls__at__gte=since)))
        .order_by("-created_at", "-pk")
    )


def api_client_calls(*, client: APIClient, limit: int = CALLS_SHOWN) -> list[APICall]:
    """The newest ``limit`` calls of ``client`` (one the caller has read through ``api_client_list``)."""
    return list(APICall.objects.filter(client=client).order_by("-at", "-pk")[:limit])
