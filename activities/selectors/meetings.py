"""Reads of coordination meetings for the pages and the minutes: every one starts from
``CoordinationMeeting.objects.restrict(user, action)`` (participants see the meetings they took part in).

Times are shown on the organiser's clock ("09.00–12.30 WITA"); a day filter or a calendar day is the
organiser's local day."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from markdown_it import MarkdownIt

from accounts.models import Office
from activities.choices import FollowUpStatus
from activities.models import (
    CoordinationMeeting,
    FollowUpAction,
    MeetingAgendaItem,
    MeetingAttachment,
    MeetingAttendee,
)
from kernel.history import HistoryEntry, change_history, history_value
from kernel.localtime import TIME_ZONE_ABBREVIATIONS, TimeZone, local_hours, local_today
from kernel.pdf import render_pdf

# Raw HTML in the minutes is shown as text, never run; links with javascript: and the like are refused.
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")


def minutes_html(text: str) -> SafeString:
    """The minutes (Markdown) as safe HTML: headings, lists, bold, italics, tables and links only."""
    return mark_safe(_MARKDOWN.render(text or ""))  # noqa: S308 — markdown-it escapes raw HTML (html=False)


# --- times on the organiser's clock ----------


@dataclass(frozen=True)
class MeetingWhen:
    day: str  # "Rabu, 3 November 2021" or "1–3 November 2019"
    time: str  # "09.00–12.30 WITA" or "1 November 20.00 – 3 November 12.00 WITA"
    first_day: dt.date
    last_day: dt.date


def _time(value: dt.datetime) -> str:
    return formats.time_format(value, "TIME_FORMAT")


def date_range_text(first: dt.date, last: dt.date) -> str:
    """ "3 November 2021", "1–3 November 2019", "30 Oktober–2 November 2021", "31 Desember 2021–1 Januari
    2022"."""
    if first == last:
        return formats.date_format(first, "DATE_FORMAT")
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{formats.date_format(last, 'DATE_FORMAT')}"
    if first.year == last.year:
        return f"{formats.date_format(first, 'j F')}–{formats.date_format(last, 'DATE_FORMAT')}"
    return f"{formats.date_format(first, 'DATE_FORMAT')}–{formats.date_format(last, 'DATE_FORMAT')}"


def meeting_when(meeting: CoordinationMeeting) -> MeetingWhen:
    zone = meeting.time_zone
    starts = meeting.starts_at.astimezone(ZoneInfo(zone))
    ends = meeting.ends_at.astimezone(ZoneInfo(zone))
    abbreviation = TIME_ZONE_ABBREVIATIONS.get(zone, "")
    first, last = starts.date(), ends.date()
    if first == last:
        day = f"{capfirst(formats.date_format(first, 'l'))}, {formats.date_format(first, 'DATE_FORMAT')}"
        time = local_hours(meeting.starts_at, meeting.ends_at, zone)
    else:
        day = date_range_text(first, last)
        time = (
            f"{formats.date_format(first, 'j F')} {_time(starts)} – "
            f"{formats.date_format(last, 'j F')} {_time(ends)} {abbreviation}"
        )
    return MeetingWhen(day=day, time=time.strip(), first_day=first, last_day=last)


def with_when(meetings):
    """The meetings as a list, each with ``when`` (its days and times on the organiser's clock)."""
    meetings = list(meetings)
    for meeting in meetings:
        meeting.when = meeting_when(meeting)
    return meetings


def local_days_q(first: dt.date | None, last: dt.date | None) -> Q:
    """Meetings that touch the local days ``first``..``last`` on their organiser's clock (KPU RI: WIB)."""
    conditions = Q()
    for zone in TimeZone.values:
        tz = ZoneInfo(zone)
        in_zone = Q(province__time_zone=zone)
        if zone == TimeZone.WIB:
            in_zone |= Q(province__isnull=True)
        if first:
            in_zone &= Q(ends_at__gte=dt.datetime.combine(first, dt.time.min, tzinfo=tz))
        if last:
            in_zone &= Q(
                starts_at__lt=dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
            )
        conditions |= in_zone
    return conditions


# --- lists ----------


def meeting_list(*, user):
    """The meetings ``user`` may see (organised in the jurisdiction or attended), newest first, with what a
    list row shows: organiser and its province, programme year, number of participating offices."""
    return (
        CoordinationMeeting.objects.restrict(user, "view")
        .select_related("organiser__province", "programme_year")
        .annotate(participant_count=Count("participants", distinct=True))
        .order_by("-starts_at", "pk")
    )


@dataclass
class CalendarDay:
    date: dt.date
    in_month: bool
    is_today: bool
    meetings: list = field(default_factory=list)


def meeting_calendar(*, user, year: int, month: int, today: dt.date | None = None) -> list[list[CalendarDay]]:
    """The weeks (Monday first) of a month, each day with the meetings held on it on their organiser's clock
    (a meeting over several days on each of them)."""
    weeks_dates = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks_dates[0][0], weeks_dates[-1][-1]
    today = today or timezone.localdate()
    meetings = with_when(
        CoordinationMeeting.objects.restrict(user, "view")
        .filter(local_days_q(first, last))
        .select_related("organiser__province")
        .order_by("starts_at", "pk")
    )
    days = {
        day: CalendarDay(date=day, in_month=day.month == month, is_today=day == today)
        for week in weeks_dates
        for day in week
    }
    for meeting in meetings:
        day = meeting.when.first_day
        while day <= meeting.when.last_day:
            if day in days:
                days[day].meetings.append(meeting)
            day += dt.timedelta(days=1)
    return [[days[day] for day in week] for week in weeks_dates]


def is_overdue(follow_up: FollowUpAction, *, now: dt.datetime | None = None) -> bool:
    """Past its due date on the responsible office's local calendar and not done."""
    if follow_up.status == FollowUpStatus.DONE or follow_up.due_on is None:
        return False
    today = local_today(follow_up.responsible.time_zone, now=now)
    return follow_up.due_on < today


def with_overdue(follow_ups, *, now: dt.datetime | None = None):
    follow_ups = list(follow_ups)
    for follow_up in follow_ups:
        follow_up.overdue = is_overdue(follow_up, now=now)
    return follow_ups


def overdue_q(now: dt.datetime) -> Q:
    """``is_overdue``'s date rule as a query condition: past the due date on the responsible office's local
    calendar (one condition per time zone; KPU RI's is WIB)."""
    condition = Q(responsible__province__isnull=True, due_on__lt=local_today(TimeZone.WIB, now=now))
    for zone in TimeZone.values:
        condition |= Q(responsible__province__time_zone=zone, due_on__lt=local_today(zone, now=now))
    return condition


def own_overdue_follow_ups(*, user, now: dt.datetime):
    """The follow-ups overdue at ``now`` that the user's own office is responsible for: the action list's
    item and the follow-up list's ``terlambat=1``."""
    return follow_up_list(user=user, overdue_at=now).filter(responsible_id=user.office_id)


def follow_up_list(*, user, include_done: bool = False, overdue_at: dt.datetime | None = None):
    """Follow-ups assigned to the offices of ``user``'s jurisdiction, of meetings ``user`` may see; open ones
    unless ``include_done``; only those overdue at ``overdue_at`` when given; earliest due first."""
    follow_ups = FollowUpAction.objects.filter(
        meeting__in=CoordinationMeeting.objects.restrict(user, "view"),
        responsible__in=Office.objects.restrict(user, "view"),
    ).select_related("meeting__organiser__province", "responsible__province")
    if not include_done:
        follow_ups = follow_ups.exclude(status=FollowUpStatus.DONE)
    if overdue_at is not None:
        follow_ups = follow_ups.filter(overdue_q(overdue_at))
    return follow_ups.order_by("due_on", "pk")


def visible_follow_up(*, user, pk: int) -> FollowUpAction | None:
    return (
        FollowUpAction.objects.filter(pk=pk, meeting__in=CoordinationMeeting.objects.restrict(user, "view"))
        .select_related("meeting__organiser__province", "responsible__province")
        .first()
    )


def visible_attachments(*, user):
    """Attachments of the meetings ``user`` may see (participants included)."""
    return MeetingAttachment.objects.filter(meeting__in=CoordinationMeeting.objects.restrict(user, "view"))


# --- one meeting ----------


def meeting_rows(meeting: CoordinationMeeting) -> dict:
    """Everything a meeting's page and minutes show besides the meeting itself, a query each."""
    return {
        "participants": list(meeting.participants.select_related("province").order_by("level", "name")),
        "attendees": list(
            MeetingAttendee.objects.filter(meeting=meeting).select_related("office").order_by("order", "pk")
        ),
        "agenda": list(MeetingAgendaItem.objects.filter(meeting=meeting).order_by("order", "pk")),
        "speakers": list(meeting.speakers.order_by("order", "pk")),
        "follow_ups": with_overdue(
            meeting.follow_ups.select_related("responsible__province").order_by("due_on", "pk")
        ),
        "attachments": list(meeting.attachments.select_related("uploaded_by").order_by("uploaded_at", "pk")),
    }


MINUTES_PDF_TEMPLATE = "activities/meeting_minutes_pdf.html"


def minutes_pdf_context(meeting: CoordinationMeeting) -> dict:
    """What the minutes PDF shows besides the meeting (loaded through ``restrict`` by the caller)."""
    when = meeting_when(meeting)
    rows = meeting_rows(meeting)
    return {
        "meeting": meeting,
        "when": when,
        "minutes_html": minutes_html(meeting.minutes),
        "signed_on": date_range_text(when.last_day, when.last_day),
        "place": meeting.signing_place,
        **rows,
        "participant_names": ", ".join(office.name for office in rows["participants"]),
    }


def minutes_pdf(meeting: CoordinationMeeting) -> bytes:
    """The minutes (notulen) as PDF bytes in the usual KPU layout: the page and the report jobs share it.
    Nothing the minutes link to is fetched (``kernel.pdf.render_pdf``): a remote image is left out."""
    from django.template.loader import render_to_string

    return render_pdf(render_to_string(MINUTES_PDF_TEMPLATE, minutes_pdf_context(meeting)))


def minutes_filename(meeting: CoordinationMeeting) -> str:
    from django.utils.text import slugify

    return f"notulen-{slugify(meeting.title)[:60] or meeting.pk}.pdf"


def meeting_queryset():
    return CoordinationMeeting.objects.select_related("organiser__province", "programme_year", "created_by")


def meeting_history(meeting: CoordinationMeeting) -> list[HistoryEntry]:
    """Every saved version of the meeting, newest first: who saved it and which fields changed."""
    hidden = {"id", "province", "regency", "created_at", "updated_at", "created_by"}
    offices = dict(Office.objects.values_list("pk", "name"))
    zone = ZoneInfo(meeting.time_zone)
    return change_history(
        meeting, hidden=hidden, display=lambda model_field, value: _value(model_field, value, offices, zone)
    )


def _value(model_field, value, offices: dict, zone: ZoneInfo) -> str:
    if model_field.many_to_many:
        pks = [
            item.get("office") if isinstance(item, dict) else getattr(item, "office_id", item)
            for item in value or []
        ]
        return ", ".join(sorted(offices.get(pk, str(pk)) for pk in pks)) or "—"
    if model_field.is_relation:
        if model_field.name == "organiser":
            return offices.get(value, "—") if value else "—"
        return str(value) if value not in (None, "") else "—"
    if isinstance(value, dt.datetime):
        local = value.astimezone(zone)
        return f"{formats.date_format(local, 'DATE_FORMAT')} {_time(local)}"
    return history_value(model_field, value)


def calendar_title(year: int, month: int) -> str:
    return formats.date_format(dt.date(year, month, 1), "F Y")


def month_asked(value: str, *, year: str = "") -> tuple[int, int] | None:
    """The month the query string asks for: ``bulan=yyyy-mm`` (the previous/next links), or ``bulan=mm``
    with ``tahun=yyyy`` (the month and year picker); None when it asks for none or for no real month."""
    try:
        if "-" in (value or ""):
            chosen_year, month = (int(part) for part in value.split("-", 1))
        else:
            chosen_year, month = int(year), int(value)
    except ValueError:
        return None
    if 2000 <= chosen_year <= 2100 and 1 <= month <= 12:
        return chosen_year, month
    return None


def latest_meeting_month(*, user) -> tuple[int, int] | None:
    """The month, on its organiser's clock, in which the latest meeting ``user`` may see starts (a scheduled
    one included); None when there is none. The calendar opens on it when no month is asked for."""
    latest = (
        CoordinationMeeting.objects.restrict(user, "view")
        .select_related("organiser__province")
        .order_by("-starts_at", "-pk")
        .first()
    )
    if latest is None:
        return None
    first_day = with_when([latest])[0].when.first_day
    return first_day.year, first_day.month


def calendar_picker(year: int, *, today: dt.date) -> tuple[list[tuple[int, str]], list[int]]:
    """The month and year picker's choices: the twelve months by name, and the years from the programme's
    first (2019) to next year, the shown year included."""
    months = [(month, capfirst(formats.date_format(dt.date(2021, month, 1), "F"))) for month in range(1, 13)]
    years = list(range(min(2019, year), max(today.year + 1, year) + 1))
    return months, years


def neighbour_months(year: int, month: int) -> tuple[str, str]:
    previous = (year - 1, 12) if month == 1 else (year, month - 1)
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return f"{previous[0]:04d}-{previous[1]:02d}", f"{following[0]:04d}-{following[1]:02d}"


def weekday_names() -> list[str]:
    monday = dt.date(2021, 11, 1)
    return [formats.date_format(monday + dt.timedelta(days=i), "D") for i in range(7)]
