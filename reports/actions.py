""" "Perlu tindakan Anda": what waits on a user, for their role and jurisdiction (the one access policy).

The list is a registry of ``ActionItem``s: who an item applies to (``applies``, on the user's access
policy), the rows it counts (``rows``, a queryset already restricted to the user), its words (``noun``: an
``ngettext_lazy`` of one and many, with the count; ``reason``: why it waits on them) and the page, with
filters, where it is done (``url``). Another item is one more ``register(ActionItem(...))``.
``open_actions`` counts every item that applies in ONE query (``_count_all``: a scalar subquery each),
whatever the number of rows; the home page, the navigation bar's badge and the weekly reminder e-mail all
read it.

The loci late or at risk on their milestones (``reports.milestones``) are judged from the records in Python,
not counted as rows: ``_milestone_actions`` adds them for those who act on loci (a regency or province office,
not a viewer), in three queries more.

It lives in ``reports`` because it reads ``locus``, ``cadre`` and ``activities``, which lie beneath."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from accounts.choices import Role
from accounts.models import Office, PendingImport, User
from activities.choices import ActivityStatus, EvaluationStatus
from activities.models import LocusEvaluation, SocialisationActivity, TrainingSession
from activities.selectors.meetings import own_overdue_follow_ups
from activities.selectors.trainings import without_attendance
from kernel.imports import STALE_AFTER_SECONDS
from kernel.scoping.jurisdiction import PROVINCE, REGENCY
from kernel.scoping.policy import AccessPolicy, policy
from locus import rules
from locus.choices import LocusStatus
from locus.models import Locus
from reports.milestones import late_and_at_risk


@dataclass(frozen=True)
class ActionItem:
    """One kind of thing that waits on a user."""

    key: str
    applies: Callable[[AccessPolicy], bool]
    rows: Callable[..., QuerySet]  # (user, now) -> the rows that wait, restricted to the user
    noun: Promise  # ``ngettext_lazy(singular, plural, "count")``: its words for a count, with %(count)s
    reason: str
    url: Callable[[User], str]
    # Per account (an upload waits on whoever uploaded it), not per office: left out of office summaries.
    personal: bool = False
    # A column of ``rows`` holding the link of the newest row, when the page differs from row to row.
    link_field: str = ""


@dataclass(frozen=True)
class OpenAction:
    """An item that applies to the user and has rows waiting: what the pages and the e-mail show."""

    key: str
    count: int
    reason: str
    url: str
    noun: Promise  # the item's ``ngettext_lazy``

    @property
    def text(self) -> str:
        return str(self.noun % {"count": self.count, "days": rules.MILESTONE_AT_RISK_DAYS})


ACTION_ITEMS: list[ActionItem] = []


def register(item: ActionItem) -> ActionItem:
    """Add ``item`` to the list (its key must be new)."""
    if any(existing.key == item.key for existing in ACTION_ITEMS):
        raise ValueError(f"action item {item.key!r} is registered twice")
    ACTION_ITEMS.append(item)
    return item


def _link(name: str, **query) -> Callable[[User], str]:
    def url(user) -> str:
        return f"{reverse(name)}?{urlencode(query)}" if query else reverse(name)

    return url


def _at(level: str, action: str) -> Callable[[AccessPolicy], bool]:
    return lambda access: access.level == level and access.may(action)


# --- the items ----------

register(
    ActionItem(
        key="evaluations_to_approve",
        applies=_at(PROVINCE, "decide"),
        rows=lambda user, now: LocusEvaluation.objects.restrict(user, "decide").filter(
            status=EvaluationStatus.SUBMITTED
        ),
        noun=ngettext_lazy(
            "%(count)s evaluasi lokus menunggu persetujuan",
            "%(count)s evaluasi lokus menunggu persetujuan",
            "count",
        ),
        reason=_("Diajukan KPU Kabupaten/Kota: setujui, atau kembalikan dengan catatan pemeriksa."),
        url=_link("activities:evaluation_list", tahun="", status=EvaluationStatus.SUBMITTED),
    )
)
register(
    ActionItem(
        key="evaluations_returned",
        applies=_at(REGENCY, "change"),
        rows=lambda user, now: LocusEvaluation.objects.restrict(user, "change").filter(
            status=EvaluationStatus.RETURNED
        ),
        noun=ngettext_lazy(
            "%(count)s evaluasi lokus dikembalikan untuk diperbaiki",
            "%(count)s evaluasi lokus dikembalikan untuk diperbaiki",
            "count",
        ),
        reason=_("KPU Provinsi mengembalikannya dengan catatan: perbaiki, lalu ajukan kembali."),
        url=_link("activities:evaluation_list", tahun="", status=EvaluationStatus.RETURNED),
    )
)
register(
    ActionItem(
        key="loci_awaiting_decree",
        applies=_at(PROVINCE, "decide"),
        rows=lambda user, now: Locus.objects.restrict(user, "decide").filter(status=LocusStatus.PROPOSED),
        noun=ngettext_lazy(
            "%(count)s usulan lokus menunggu SK", "%(count)s usulan lokus menunggu SK", "count"
        ),
        reason=_("Usulan KPU Kabupaten/Kota: tetapkan dengan SK, atau tolak."),
        url=_link("locus:locus_list", tahun="", status=LocusStatus.PROPOSED),
    )
)
register(
    ActionItem(
        key="loci_without_agreement",
        applies=_at(REGENCY, "decide"),
        rows=lambda user, now: Locus.objects.restrict(user, "decide").filter(status=LocusStatus.DESIGNATED),
        noun=ngettext_lazy(
            "%(count)s lokus ditetapkan belum ber-PKS", "%(count)s lokus ditetapkan belum ber-PKS", "count"
        ),
        reason=_("Lokus sudah ber-SK: catat PKS yang ditandatangani dengan kepala desa."),
        url=_link("locus:locus_list", tahun="", status=LocusStatus.DESIGNATED),
    )
)


def _rosters_short(user, now):
    """Loci still recruiting whose roster (``cadre.LocusRoster``, kept by the database) is below its year's
    size or whose women's share misses the year's minimum (``locus.rules``)."""
    filled = Coalesce("roster_figures__filled", 0)
    women = Coalesce("roster_figures__women", 0)
    short = rules.roster_short_expr(filled, "programme_year__roster_size")
    women_short = rules.women_below_minimum_expr(women, filled, "programme_year__min_women_percent")
    return Locus.objects.restrict(user, "add").filter(rules.recruiting_locus_q()).filter(short | women_short)


register(
    ActionItem(
        key="rosters_short",
        applies=_at(REGENCY, "add"),
        rows=_rosters_short,
        noun=ngettext_lazy(
            "%(count)s lokus dengan daftar kader belum memenuhi ketentuan",
            "%(count)s lokus dengan daftar kader belum memenuhi ketentuan",
            "count",
        ),
        reason=_(
            "Kader inti ditetapkan kurang dari jumlah tahun programnya, atau keterwakilan perempuan di bawah "
            "minimumnya."
        ),
        url=_link("cadre:cadre_list", tahun=""),
    )
)
register(
    ActionItem(
        key="trainings_without_attendance",
        applies=_at(REGENCY, "change"),
        rows=lambda user, now: without_attendance(TrainingSession.objects.restrict(user, "change"), now=now),
        noun=ngettext_lazy(
            "%(count)s sesi pembekalan lewat tanggal tanpa presensi",
            "%(count)s sesi pembekalan lewat tanggal tanpa presensi",
            "count",
        ),
        reason=_("Sesinya sudah lewat tetapi kehadiran kader belum dicatat."),
        url=_link("activities:training_list", tahun="", pelaksanaan="tanpa_presensi"),
    )
)
register(
    ActionItem(
        key="activities_reported",
        applies=_at(REGENCY, "change"),
        rows=lambda user, now: SocialisationActivity.objects.restrict(user, "change").filter(
            status=ActivityStatus.REPORTED
        ),
        noun=ngettext_lazy(
            "%(count)s kegiatan dilaporkan kader menunggu tinjauan",
            "%(count)s kegiatan dilaporkan kader menunggu tinjauan",
            "count",
        ),
        reason=_(
            "Laporan kader dari lapangan: terima agar dihitung dalam capaian, atau kembalikan dengan catatan."
        ),
        url=_link("activities:activity_list", tahun="", status=ActivityStatus.REPORTED),
    )
)
register(
    ActionItem(
        key="follow_ups_overdue",
        applies=lambda access: access.user.office_id is not None and access.may("change"),
        rows=lambda user, now: own_overdue_follow_ups(user=user, now=now),
        noun=ngettext_lazy(
            "%(count)s tindak lanjut rakor melewati batas waktu",
            "%(count)s tindak lanjut rakor melewati batas waktu",
            "count",
        ),
        reason=_("Kantor Anda penanggung jawabnya: selesaikan, atau perbarui statusnya."),
        url=_link("activities:follow_up_list", terlambat="1"),
    )
)
register(
    ActionItem(
        key="imports_pending",
        applies=lambda access: access.may("add"),
        rows=lambda user, now: PendingImport.objects.filter(
            user_id=user.pk, uploaded_at__gte=now - dt.timedelta(seconds=STALE_AFTER_SECONDS)
        ).order_by("-uploaded_at"),
        noun=ngettext_lazy(
            "%(count)s berkas impor belum dikonfirmasi", "%(count)s berkas impor belum dikonfirmasi", "count"
        ),
        reason=_("Sudah diunggah dan dipratinjau, tetapi belum diimpor atau dibatalkan."),
        url=_link("home"),  # replaced by the newest upload's import page (``link_field``)
        personal=True,
        link_field="path",
    )
)


# --- counting ----------


def items_for(user, *, personal: bool = True) -> list[ActionItem]:
    access = policy(user)
    return [item for item in ACTION_ITEMS if (personal or not item.personal) and item.applies(access)]


def open_actions(user, *, now: dt.datetime | None = None, personal: bool = True) -> list[OpenAction]:
    """The items that wait on ``user`` (count > 0), in the registry's order, then the loci late or at risk on
    their milestones: one query, and three more for a regency or province office."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    now = now or timezone.now()
    items = items_for(user, personal=personal)
    counts, links = _count_all({item.key: (item.rows(user, now), item.link_field) for item in items})
    found = []
    for item in items:
        count = counts.get(item.key, 0)
        if count:
            found.append(
                OpenAction(
                    key=item.key,
                    count=count,
                    reason=str(item.reason),
                    url=links.get(item.key) or item.url(user),
                    noun=item.noun,
                )
            )
    found.extend(_milestone_actions(user, now))
    return found


MILESTONES_LATE = ngettext_lazy(
    "%(count)s lokus terlambat dari jadwal tonggak program",
    "%(count)s lokus terlambat dari jadwal tonggak program",
    "count",
)
MILESTONES_AT_RISK = ngettext_lazy(
    "%(count)s lokus dengan tonggak jatuh tempo dalam %(days)s hari",
    "%(count)s lokus dengan tonggak jatuh tempo dalam %(days)s hari",
    "count",
)


def _milestone_actions(user, now: dt.datetime) -> list[OpenAction]:
    """The loci of the user's jurisdiction (latest programme year) whose worst milestone is late, and those
    whose worst is due within ``rules.MILESTONE_AT_RISK_DAYS`` days: three queries."""
    access = policy(user)
    if access.level not in (REGENCY, PROVINCE) or not access.may("change"):
        return []  # KPU RI carries no locus; a viewer acts on none
    late, at_risk, url = late_and_at_risk(user, today=timezone.localdate(now))
    found = []
    if late:
        found.append(
            OpenAction(
                key="milestones_late",
                count=late,
                reason=str(
                    _(
                        "Tonggak program (SK, PKS, rekrutmen, pembekalan, evaluasi) lewat tanggal jatuh "
                        "temponya tanpa tercatat selesai."
                    )
                ),
                url=url,
                noun=MILESTONES_LATE,
            )
        )
    if at_risk:
        found.append(
            OpenAction(
                key="milestones_at_risk",
                count=at_risk,
                reason=str(_("Selesaikan sebelum jatuh tempo agar lokus tidak terlambat.")),
                url=url,
                noun=MILESTONES_AT_RISK,
            )
        )
    return found


def office_actions(office: Office, *, now: dt.datetime | None = None) -> list[OpenAction]:
    """What waits on an office as a whole: the items that apply to an administrator of ``office`` (the role
    that may do all of them), per-account items left out."""
    return open_actions(office_stand_in(office), now=now, personal=False)


def office_stand_in(office: Office) -> User:
    """An unsaved administrator of ``office``: who sees and may do all that waits on the office."""
    return User(office=office, role=Role.ADMIN, is_active=True)


def _count_all(parts: dict[str, tuple[QuerySet, str]]) -> tuple[dict[str, int], dict[str, str]]:
    """``{key: rows.count()}`` and, for a ``link_field``, ``{key: that column of the first row}``, in one
    query of scalar subqueries (``kernel.counting.count_each``'s way, with the links)."""
    counts = dict.fromkeys(parts, 0)
    selects, params, names = [], [], []
    for index, (key, (rows, link_field)) in enumerate(parts.items()):
        try:
            sql, inner = rows.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # .none(): nothing to ask
            continue
        # The ORM's compiled SQL with its parameters apart, and aliases of our own: nothing from input.
        selects.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{index})")  # noqa: S608
        params.extend(inner)
        names.append(("count", key))
        if link_field:
            sql, inner = rows.values(link_field)[:1].query.sql_with_params()
            selects.append(f"(SELECT * FROM ({sql}) AS linked_{index})")  # noqa: S608
            params.extend(inner)
            names.append(("link", key))
    links: dict[str, str] = {}
    if selects:
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(selects), params)
            for (what, key), value in zip(names, cursor.fetchone(), strict=True):
                if what == "count":
                    counts[key] = value or 0
                elif value:
                    links[key] = value
    return counts, links


def total(actions: list[OpenAction]) -> int:
    return sum(action.count for action in actions)
