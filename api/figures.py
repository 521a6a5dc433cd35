"""The dashboard's figures in the API: what the dashboard page shows for a place (the user's jurisdiction,
or a province or regency within it) and a programme year, from the page's own function
(``reports.dashboards.dashboard``), so that the API and the page cannot differ. The programme rules behind
them (who is on a roster, the women's minimum, sessions held against planned, people reached) are
``locus.rules``', applied there once.

Beside the page's figures, the cadres of the place and year by status (a plain grouped count,
``cadre.selectors.cadre_status_counts``)."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.choices import OfficeLevel
from cadre.choices import CadreStatus
from cadre.selectors import cadre_status_counts
from locus.choices import LocusCategory, LocusStatus
from reports import dashboards

from .conditional import ETagMixin
from .schema import ErrorSerializer

# --- serializers ----------


class CountSerializer(serializers.Serializer):
    """A count of one kind (a status, a category), every kind listed in its order, zero included."""

    code = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class PlaceSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=OfficeLevel.choices)
    code = serializers.CharField(allow_null=True, help_text="null for the whole country.")
    name = serializers.CharField()


class TileSerializer(serializers.Serializer):
    """A tile of the dashboard, as the page shows it."""

    label = serializers.CharField()
    value = serializers.IntegerField(allow_null=True)
    of = serializers.IntegerField(allow_null=True)
    percent = serializers.IntegerField(allow_null=True)
    unit = serializers.CharField()
    note = serializers.CharField()
    short = serializers.BooleanField(help_text="Below the norm (the women's share under the minimum).")


class LociSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    programme = serializers.IntegerField(
        help_text="Designated or later: the loci with a roster and sessions."
    )
    by_status = CountSerializer(many=True)
    by_category = CountSerializer(many=True)


class CadresSerializer(serializers.Serializer):
    appointed = serializers.IntegerField(help_text="On the rosters: appointed and active core cadres.")
    places = serializers.IntegerField(help_text="The roster size × the programme loci.")
    fill_percent = serializers.IntegerField(allow_null=True, help_text="Roster completeness, rounded down.")
    women = serializers.IntegerField()
    women_percent = serializers.IntegerField(allow_null=True, help_text="Women's share, rounded down.")
    min_women_percent = serializers.IntegerField()
    women_below_minimum = serializers.BooleanField()
    by_status = CountSerializer(many=True, help_text="Every cadre of the place and year, by status.")


class FillSerializer(serializers.Serializer):
    cadres = serializers.IntegerField(help_text="Cadres on the roster.")
    loci = serializers.IntegerField(help_text="Programme loci with that many.")


class RosterSerializer(serializers.Serializer):
    loci_by_cadres = FillSerializer(
        many=True, help_text="The programme loci by number of cadres on the roster."
    )
    loci_short = serializers.IntegerField(help_text="Loci still recruiting whose roster is incomplete.")
    loci_women_below_minimum = serializers.IntegerField()
    loci_missing_segments = serializers.IntegerField(help_text="Loci missing a required voter segment.")


class SessionsSerializer(serializers.Serializer):
    held = serializers.IntegerField(help_text="Per programme locus, its held sessions up to the plan.")
    planned = serializers.IntegerField()


class AttendanceFiguresSerializer(serializers.Serializer):
    present = serializers.IntegerField()
    recorded = serializers.IntegerField()
    percent = serializers.IntegerField(allow_null=True)


class SegmentReachSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    people = serializers.IntegerField()


class OutreachSerializer(serializers.Serializer):
    activities = serializers.IntegerField()
    people_reached = serializers.IntegerField(help_text="Men plus women reached.")
    by_segment = SegmentReachSerializer(many=True)
    loci_quiet = serializers.IntegerField(help_text="Active loci without an activity for 30 days.")


class ChildSerializer(serializers.Serializer):
    """A province, regency or locus beneath the place, as the dashboard's table shows it."""

    code = serializers.CharField()
    name = serializers.CharField()
    loci = serializers.IntegerField()
    programme = serializers.IntegerField()
    filled = serializers.IntegerField()
    fill_percent = serializers.IntegerField(allow_null=True)
    women = serializers.IntegerField()
    women_percent = serializers.IntegerField(allow_null=True)
    sessions = serializers.IntegerField()
    reached = serializers.IntegerField()
    attention = serializers.IntegerField()


class FiguresSerializer(serializers.Serializer):
    tiles = TileSerializer(many=True)
    loci = LociSerializer()
    cadres = CadresSerializer()
    roster = RosterSerializer()
    sessions = SessionsSerializer()
    attendance = AttendanceFiguresSerializer()
    outreach = OutreachSerializer()
    loci_needing_attention = serializers.IntegerField()
    child_level = serializers.CharField(help_text="provinsi, kabupaten or lokus.")
    children = ChildSerializer(many=True)


class DashboardSerializer(serializers.Serializer):
    place = PlaceSerializer()
    year = serializers.IntegerField(allow_null=True, help_text="The programme year the figures are of.")
    years = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="The programme years with loci in the place, latest first.",
    )
    overdue_follow_ups = serializers.IntegerField(help_text="Follow-ups of the place past due and not done.")
    figures = FiguresSerializer(
        allow_null=True, help_text="null when the place has no loci in the year asked (or in any year)."
    )


class FiguresQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False)
    region = serializers.CharField(required=False)


# --- the figures ----------


def _counts(choices, counts) -> list[dict]:
    return [{"code": value, "label": str(label), "count": counts.get(value, 0)} for value, label in choices]


def dashboard_figures(*, user, data: dashboards.Dashboard) -> dict | None:
    """The dashboard's figures (``data``, from ``reports.dashboards.dashboard``) as the API answers them."""
    if data.year is None:
        return None
    year, f, counts = data.year, data.figures, data.counts
    where = data.place.q() & Q(programme_year_id=year.pk)
    return {
        "tiles": [{**vars(tile), "percent": tile.percent} for tile in data.tiles],
        "loci": {
            "total": f.loci,
            "programme": f.programme_loci,
            "by_status": _counts(LocusStatus.choices, counts.statuses),
            "by_category": _counts(LocusCategory.choices, counts.categories),
        },
        "cadres": {
            "appointed": f.cadres,
            "places": f.cadre_places,
            "fill_percent": f.roster.fill_percent,
            "women": f.women,
            "women_percent": f.roster.women_share_percent,
            "min_women_percent": f.min_women_percent,
            "women_below_minimum": f.roster.women_below_minimum,
            "by_status": _counts(CadreStatus.choices, cadre_status_counts(user=user, where=where)),
        },
        "roster": {
            "loci_by_cadres": [{"cadres": n, "loci": loci} for n, loci in sorted(counts.fill.items())],
            "loci_short": counts.reasons["roster"],
            "loci_women_below_minimum": counts.reasons["women"],
            "loci_missing_segments": counts.reasons["segments"],
        },
        "sessions": {"held": f.sessions.held, "planned": f.sessions.planned},
        "attendance": {
            "present": f.attendance_present,
            "recorded": f.attendance_recorded,
            "percent": f.attendance_percent,
        },
        "outreach": {
            "activities": f.activities,
            "people_reached": f.people_reached,
            "by_segment": [vars(segment) for segment in data.segment_reach],
            "loci_quiet": counts.reasons["quiet"],
        },
        "loci_needing_attention": data.attention_total,
        "child_level": data.child_level,
        "children": [
            {**vars(child), "fill_percent": child.fill_percent, "women_percent": child.women_percent}
            for child in data.children
        ],
    }


def find_place(*, user, region: str | None) -> dashboards.Place | None:
    """The user's jurisdiction, or the province (``18``) or regency (``18.06``) within it the dashboard
    pages would open; None (a 404) for anything else."""
    if not region:
        return dashboards.home_place(user=user)
    dots = region.count(".")
    if dots == 0:
        return dashboards.province_place(user=user, code=region)
    if dots == 1:
        return dashboards.regency_place(user=user, code=region)
    return None


# --- the view ----------


class FiguresView(ETagMixin, APIView):
    """The dashboard's figures of a place and a programme year."""

    @extend_schema(
        summary="Dashboard figures",
        description="The figures the dashboard page shows for the user's jurisdiction (or a province or "
        "regency within it) and a programme year; a region outside the jurisdiction is a 404.",
        parameters=[
            OpenApiParameter(
                "year",
                int,
                description="Programme year, e.g. 2021; default: the latest with loci in the place.",
            ),
            OpenApiParameter(
                "region",
                str,
                description="A province (18) or regency (18.06) code within the user's jurisdiction; "
                "default: the whole jurisdiction.",
            ),
        ],
        responses={
            200: DashboardSerializer,
            404: OpenApiResponse(
                ErrorSerializer, description="A region outside the user's jurisdiction, or no such region."
            ),
        },
    )
    def get(self, request):
        query = FiguresQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        asked = query.validated_data.get("year")
        place = find_place(user=request.user, region=query.validated_data.get("region"))
        if place is None:
            raise Http404
        data = dashboards.dashboard(user=request.user, place=place, year=asked)
        # The page shows the latest year when the one asked for has no loci in the place, and says so; the
        # API answers the year asked for, without figures, rather than another year's under its name.
        shown = data.year.year if data.year else None
        figures = dashboard_figures(user=request.user, data=data) if asked in (None, shown) else None
        body = {
            "place": {"level": place.level, "code": place.code, "name": str(place.name)},
            "year": asked if asked is not None else shown,
            "years": data.years,
            "overdue_follow_ups": data.follow_ups_total,
            "figures": figures,
        }
        return Response(DashboardSerializer(body).data)
