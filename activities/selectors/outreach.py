"""Reads about socialisation activities for the pages, reports and dashboards: the list, one activity, and the
people reached (sums in one aggregate query, always within the user's jurisdiction)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from activities.models import ActivityPhoto, ActivitySegmentReach, SocialisationActivity
from cadre.models import Cadre
from locus.models import Segment
from locus.models.programme import segment_label
from locus.rules import ReachFigures


def activity_list(*, user) -> QuerySet:
    """Activities the user may see (plain: filter it, sum it with ``reach_of``, then ``for_listing``)."""
    return SocialisationActivity.objects.restrict(user, "view")


def for_listing(activities: QuerySet) -> QuerySet:
    """A list page's rows: locus, village, cadres and segments (names only), number of evidence files."""
    return (
        activities.select_related("locus__village", "village", "regency")
        .prefetch_related(
            Prefetch("cadres", queryset=Cadre.objects.only("pk", "full_name").order_by("full_name")),
            Prefetch("target_segments", queryset=Segment.objects.order_by("order")),
        )
        # A subquery per row, not a join grouped over every activity: PostgreSQL counts the photos of the
        # page's rows only (a GROUP BY over the country's 8,000 activities took 250 ms before the LIMIT).
        .annotate(
            photo_count=Coalesce(
                Subquery(
                    ActivityPhoto.objects.filter(activity_id=OuterRef("pk"))
                    .order_by()
                    .values("activity_id")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            )
        )
        .order_by("-held_on", "-pk")
    )


def reach_of(activities: QuerySet) -> ReachFigures:
    """The sums of reach over a queryset of activities (already restricted), of those that count (accepted:
    ``rules.activity_counts``): one query."""
    figures = (
        activities.counted()
        .order_by()
        .aggregate(
            activities=Count("pk", distinct=True),
            men=Coalesce(Sum("reached_men"), 0),
            women=Coalesce(Sum("reached_women"), 0),
            disabled=Coalesce(Sum("reached_disabled"), 0),
            first_time=Coalesce(Sum("reached_first_time"), 0),
        )
    )
    return ReachFigures(**figures)


@dataclass(frozen=True)
class SegmentReach:
    """People of one voter segment reached (a part of the men and women reached); ``name`` in the reader's
    language (``segment_label``)."""

    code: str
    name: str
    people: int


def segment_reach_of(activities: QuerySet, *, year) -> list[SegmentReach]:
    """People reached per segment of programme year ``year`` (a ``ProgrammeYear`` or its number) by a queryset
    of activities (already restricted), of those that count (accepted: ``rules.activity_counts``), every
    segment of the year in its order, 0 where none was recorded: one query (a subquery per segment of the
    year, a handful)."""
    return _segment_sums(activities.counted(), year=year)


def _segment_sums(activities: QuerySet, *, year) -> list[SegmentReach]:
    sums = (
        ActivitySegmentReach.objects.filter(segment_id=OuterRef("pk"), activity__in=activities.values("pk"))
        .order_by()
        .values("segment_id")
        .annotate(n=Sum("people"))
        .values("n")
    )
    rows = (
        Segment.objects.filter(programme_years=year)
        .annotate(people=Coalesce(Subquery(sums), 0))
        .order_by("order", "name")
        .values_list("code", "name", "people")
    )
    return [SegmentReach(code, segment_label(code, name), people) for code, name, people in rows]


def activity_segment_reach(activity: SocialisationActivity) -> list[SegmentReach]:
    """One activity's people reached per segment of its programme year, 0 where none was recorded, as the
    activity records them (accepted or not: its own page): one query."""
    return _segment_sums(
        SocialisationActivity.objects.filter(pk=activity.pk), year=activity.programme_year_id
    )


def outreach_totals(*, user, year, region_code: str | None = None) -> ReachFigures:
    """People reached by the activities of programme year ``year`` the user may see, optionally within a
    region (a province, regency, district or village code)."""
    activities = SocialisationActivity.objects.restrict(user, "view").filter(programme_year_id=year)
    if region_code:
        depth = region_code.count(".")
        if depth == 0:
            activities = activities.filter(province_id=region_code)
        elif depth == 1:
            activities = activities.filter(regency_id=region_code)
        else:
            activities = activities.filter(
                Q(locus__village_id=region_code) | Q(locus__village__code__startswith=f"{region_code}.")
            )
    return reach_of(activities)


def activity_photos(*, user, activity: SocialisationActivity) -> QuerySet:
    return (
        ActivityPhoto.objects.restrict(user, "view").filter(activity=activity).select_related("uploaded_by")
    )
