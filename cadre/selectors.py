"""Reads about cadres for the roster and cadre pages, always through the one scoping call.

The full NIK never leaves here for display: every value shown (history included) goes through ``mask_nik``;
only ``cadre.services.cadre_reveal_nik`` hands out a full NIK, and logs it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.postgres.aggregates import BitOr
from django.db.models import Count, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy

from kernel.history import HistoryEntry, change_history
from kernel.localtime import local_moment
from locus import rules
from locus.models import Locus, Segment
from locus.rules import RosterFigures

from .checks import age_on, mask_nik
from .choices import LIVE_STATUSES, VERIFICATION_ITEMS, CadreStatus
from .models import Cadre, NikAccess

S = CadreStatus

# Age groups on the programme year's day of ages (``rules.age_reference_date``: today while the year runs,
# 31 December once it is past): (label, youngest, oldest or None). The first two are the age segments' bands
# (``rules.SEGMENT_AGE_BANDS``).
_FIRST_TIME = rules.SEGMENT_AGE_BANDS[rules.FIRST_TIME_SEGMENT]
_YOUNG = rules.SEGMENT_AGE_BANDS[rules.YOUNG_SEGMENT]
AGE_GROUPS = (
    (gettext_lazy("17–21 (pemilih pemula)"), _FIRST_TIME.youngest, _FIRST_TIME.oldest),
    ("22–30", _FIRST_TIME.oldest + 1, _YOUNG.oldest),
    ("31–40", 31, 40),
    ("41–50", 41, 50),
    ("51+", 51, None),
)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _age_filter(prefix: str, youngest: int, oldest: int | None, today: dt.date) -> Q:
    """Born so that the age on ``today`` lies in [youngest, oldest]."""
    condition = Q(**{f"{prefix}birth_date__lte": _years_before(today, youngest)})
    if oldest is not None:
        condition &= Q(**{f"{prefix}birth_date__gt": _years_before(today, oldest + 1)})
    return condition


@dataclass(frozen=True)
class AgeGroup:
    label: str
    count: int


@dataclass(frozen=True)
class RosterSummary(RosterFigures):
    """The state of a locus' roster: its figures against the norms (``locus.rules.RosterFigures``: ``filled``
    counts the cadres on the roster, appointed and active core cadres), the candidates waiting, follow-on
    and live cadres, the age groups and the required segments covered and missing."""

    age_groups: list[AgeGroup] = field(default_factory=list)
    ages_on: dt.date | None = None  # the day the ages are counted on (``rules.age_reference_date``)
    waiting_verification: int = 0
    waiting_interview: int = 0
    waiting_appointment: int = 0
    follow_on: int = 0
    live: int = 0
    covered: list[Segment] = field(default_factory=list)
    missing: list[Segment] = field(default_factory=list)

    @property
    def waiting(self) -> int:
        return self.waiting_verification + self.waiting_interview + self.waiting_appointment


def _roster_counts(ages_on: dt.date, prefix: str = "") -> dict:
    """Aggregates (for ``Cadre.objects.aggregate`` with prefix "", or ``Locus.annotate`` with "cadres__")."""
    p = prefix
    roster = rules.on_roster_q(p)
    counts = {
        "filled": Count(f"{p}pk", filter=roster),
        "women": Count(f"{p}pk", filter=rules.women_on_roster_q(p)),
    }
    if not prefix:
        counts.update(
            waiting_verification=Count("pk", filter=Q(status=S.REGISTERED)),
            waiting_interview=Count("pk", filter=Q(status=S.VERIFIED)),
            waiting_appointment=Count("pk", filter=Q(status=S.INTERVIEWED)),
            follow_on=Count("pk", filter=rules.follow_on_q()),
            live=Count("pk", filter=Q(status__in=LIVE_STATUSES)),
        )
        for index, (_label, youngest, oldest) in enumerate(AGE_GROUPS):
            counts[f"age_{index}"] = Count("pk", filter=roster & _age_filter("", youngest, oldest, ages_on))
    return counts


def roster_summary(locus: Locus, *, today: dt.date | None = None) -> RosterSummary:
    """The roster of ``locus`` at a glance, in two queries: one aggregate over its cadres (the segments its
    roster covers among them, as the OR of the cadres' segment masks), the segments its programme year
    requires. The caller has already restricted ``locus``. The ages are counted on the programme year's day
    of ages (``rules.age_reference_date``): a past year's roster shows the ages of that year."""
    today = today or timezone.localdate()
    year = locus.programme_year
    ages_on = rules.age_reference_date(year=year.year, today=today)
    figures = Cadre.objects.filter(locus_id=locus.pk).aggregate(
        **_roster_counts(ages_on),
        covered_mask=BitOr("segment_mask", filter=rules.on_roster_q()),
    )
    covered_mask = figures["covered_mask"] or 0
    required = list(year.required_segments.all())
    missing = rules.missing_segments(covered_mask=covered_mask, required=required)
    return RosterSummary(
        size=year.roster_size,
        filled=figures["filled"],
        women=figures["women"],
        min_women_percent=year.min_women_percent,
        age_groups=[
            AgeGroup(label=str(label), count=figures[f"age_{i}"])
            for i, (label, _y, _o) in enumerate(AGE_GROUPS)
        ],
        ages_on=ages_on,
        waiting_verification=figures["waiting_verification"],
        waiting_interview=figures["waiting_interview"],
        waiting_appointment=figures["waiting_appointment"],
        follow_on=figures["follow_on"],
        live=figures["live"],
        covered=[s for s in required if s not in missing],
        missing=missing,
    )


def roster_cadres(*, user, locus: Locus) -> QuerySet:
    """The cadres of a locus the user may see, with what the roster table shows: core cadres first."""
    return (
        Cadre.objects.restrict(user, "view")
        .filter(locus_id=locus.pk)
        .select_related("recruited_by")
        .prefetch_related("segments")
        .order_by("recruited_by_id", "full_name", "pk")
    )


def cadre_list(*, user, filters: dict | None = None) -> QuerySet:
    """Cadres of the user's jurisdiction, with their locus and segments (the filters come from
    ``cadre.filters.CadreFilter``)."""
    filters = filters or {}
    cadres = (
        Cadre.objects.restrict(user, "view")
        .select_related("locus__village__district__regency")
        .prefetch_related("segments")
    )
    if filters.get("year"):
        cadres = cadres.filter(programme_year_id=filters["year"])
    return cadres.order_by("regency_id", "locus__village__name", "full_name", "pk")


def cadre_status_counts(*, user, where: Q) -> dict[str, int]:
    """The cadres ``user`` may see matching ``where`` (a place and a programme year), by status: every status
    of ``CadreStatus``, in its order, zero included. One grouped query."""
    counts = dict(
        Cadre.objects.restrict(user, "view")
        .filter(where)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    return {status: counts.get(status, 0) for status in S.values}


@dataclass(frozen=True)
class LocusRow(RosterFigures):
    """A locus of the overview: its roster's figures against the norms and the required segments it
    misses."""

    locus: Locus | None = None
    missing: list[Segment] = field(default_factory=list)


def locus_overview(*, user, year: int | None, regency: str | None = None) -> list[LocusRow]:
    """One row per designated (or later) locus of the user's jurisdiction in ``year``: fill, women's share
    and missing required segments. Four queries whatever the number of loci."""
    loci = (
        Locus.objects.restrict(user, "view")
        .filter(rules.recruiting_locus_q())
        .select_related("village__district__regency", "programme_year")
        .annotate(**_roster_counts(timezone.localdate(), prefix="cadres__"))
        .order_by("regency_id", "village__name")
    )
    if year:
        loci = loci.filter(programme_year_id=year)
    if regency:
        loci = loci.filter(regency_id=regency)
    loci = list(loci)
    covered: dict[int, set[str]] = {}
    for locus_id, code in (
        Cadre.segments.through.objects.filter(cadre__locus_id__in=[locus.pk for locus in loci])
        .filter(rules.on_roster_q("cadre__"))
        .values_list("cadre__locus_id", "segment_id")
    ):
        covered.setdefault(locus_id, set()).add(code)
    required: dict[int, list[Segment]] = {}
    through = Segment.required_in_years.through
    for row in through.objects.filter(
        programmeyear_id__in={locus.programme_year_id for locus in loci}
    ).select_related("segment"):
        required.setdefault(row.programmeyear_id, []).append(row.segment)
    return [
        LocusRow(
            locus=locus,
            size=locus.programme_year.roster_size,
            filled=locus.filled,
            women=locus.women,
            min_women_percent=locus.programme_year.min_women_percent,
            missing=[
                s
                for s in sorted(required.get(locus.programme_year_id, []), key=lambda s: (s.order, s.name))
                if s.code not in covered.get(locus.pk, set())
            ],
        )
        for locus in loci
    ]


# --- one cadre: timeline, change history, access report ----------


@dataclass(frozen=True)
class StatusStep:
    status: str
    label: str
    at: dt.datetime
    user: object
    reason: str


def _display(field, value, segments: dict[str, str]) -> str:
    if field.name == "nik":
        return mask_nik(value) or "—"
    if field.many_to_many:
        codes = [
            item.get("segment") if isinstance(item, dict) else getattr(item, "segment_id", item)
            for item in value or []
        ]
        names = sorted(segments.get(code, str(code)) for code in codes)
        return ", ".join(names) or "—"
    if value in (None, "", {}, []):
        return "—"
    if field.name == "verification" and isinstance(value, dict):
        labels = dict(VERIFICATION_ITEMS)
        return "; ".join(str(labels.get(k, k)) for k, done in value.items() if done) or "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, dt.date):
        return formats.date_format(value, "DATE_FORMAT")
    if field.is_relation:
        return str(value)
    return str(value)


def cadre_history(cadre: Cadre) -> list[HistoryEntry]:
    """Every saved version of ``cadre``, newest first: who saved it and which fields changed (old → new),
    the NIK masked. Two queries per version (its segments)."""
    segments = dict(Segment.objects.values_list("code", "name"))

    def display(model_field, value) -> str:
        if model_field.is_relation and not model_field.many_to_many:
            value = _related_label(model_field, value)
        return _display(model_field, value, segments)

    hidden = {"id", "programme_year", "regency", "province", "created_at", "updated_at"}
    return change_history(cadre, hidden=hidden, display=display)


def _related_label(model_field, value) -> str | None:
    """A foreign key's value in the history is its id: show the related object's name where cheap."""
    if value in (None, ""):
        return None
    if model_field.name == "domicile_village":
        return str(value)  # the village code
    return f"#{value}"


def status_timeline(cadre: Cadre) -> list[StatusStep]:
    """The statuses the cadre went through, oldest first, from its history (who, when, why)."""
    steps, last = [], None
    for record in cadre.history.select_related("history_user__office").order_by("history_date", "history_id"):
        if record.status != last:
            steps.append(
                StatusStep(
                    status=record.status,
                    label=str(S(record.status).label) if record.status in S.values else record.status,
                    at=record.history_date,
                    user=record.history_user,
                    reason=record.status_reason if record.status in (S.INELIGIBLE, S.RESIGNED) else "",
                )
            )
            last = record.status
    return steps


def cadre_detail_related(*, user, cadre: Cadre) -> dict:
    """Replacement links and follow-on cadres, restricted like everything else."""
    visible = Cadre.objects.restrict(user, "view")
    return {
        "replaces": visible.filter(pk=cadre.replaces_id).first() if cadre.replaces_id else None,
        "replaced_by": visible.filter(replaces_id=cadre.pk).first(),
        "recruiter": visible.filter(pk=cadre.recruited_by_id).first() if cadre.recruited_by_id else None,
        "follow_on": list(visible.filter(recruited_by_id=cadre.pk).order_by("full_name")),
    }


def nik_access_report(*, user, cadre: Cadre) -> list[NikAccess]:
    """Who saw or exported the full NIK of ``cadre`` (newest first), as far as ``user`` may see."""
    return list(
        NikAccess.objects.restrict(user, "view").filter(cadre_id=cadre.pk).select_related("user__office")
    )


def nik_access_by_officer(
    *,
    user,
    officer,
    start: dt.date | None = None,
    end: dt.date | None = None,
    time_zone: str = "Asia/Jakarta",
) -> QuerySet[NikAccess]:
    """Every full-NIK view, export and refusal by ``officer`` from ``start`` to ``end`` (both days included,
    on the calendar of ``time_zone``), newest first: the personal-data access report of one officer (UU
    27/2022). Only the records ``user`` may manage: an administrator sees those about cadres of the
    jurisdiction (KPU RI also the throttling reports, which name no cadre). Whether ``officer`` is an account
    ``user`` manages is the caller's check (``accounts.selectors.user_get``)."""
    records = NikAccess.objects.restrict(user, "manage").filter(user_id=officer.pk)
    if start is not None:
        records = records.filter(at__gte=local_moment(start, dt.time.min, time_zone))
    if end is not None:
        records = records.filter(at__lt=local_moment(end + dt.timedelta(days=1), dt.time.min, time_zone))
    return records.select_related("cadre__locus__village").order_by("-at", "-pk")


def nik_access_rows(records, *, time_zone: str):
    """The export rows of ``nik_access_by_officer``: local time, action, masked NIK, name, village, reason."""
    zone = ZoneInfo(time_zone)
    for record in records.iterator(chunk_size=2000):
        cadre = record.cadre
        yield (
            record.at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            record.get_action_display(),
            mask_nik(cadre.nik) if cadre else "",
            cadre.full_name if cadre else "",
            cadre.locus.village.name if cadre else "",
            record.reason,
        )


def cadre_age(cadre: Cadre, today: dt.date | None = None) -> int | None:
    return age_on(cadre.birth_date, today or timezone.localdate()) if cadre.birth_date else None


def verification_checklist(cadre: Cadre) -> list[tuple[str, str, bool]]:
    done = cadre.verification or {}
    return [(key, str(label), bool(done.get(key))) for key, label in VERIFICATION_ITEMS]
