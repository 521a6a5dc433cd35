"""Report requests and a small known world for the builder tests: two loci in Tanggamus (one active with a
roster, one designated and empty) and one in Flores Timur, with a held session, attendance and an activity."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import Permission

from activities.choices import AttendanceStatus
from cadre.models import Cadre
from locus.choices import LocusStatus
from reports.builders import ReportRequest
from tests.activities.factories_evaluations import activity_in, attend, cadre_in, locus_at, session_for


@dataclass
class Progress:
    values: list[int] = field(default_factory=list)

    def __call__(self, percent: int) -> None:
        self.values.append(percent)


def report_request(user, type_: str, fmt: str, tmp_path: Path, **params) -> ReportRequest:
    params.setdefault("year", 2021)
    return ReportRequest(
        type=type_,
        user=user,
        format=fmt,
        output_path=tmp_path / f"{type_}.{fmt}",
        progress=Progress(),
        **params,
    )


def grant_full_nik(user):
    user.user_permissions.add(Permission.objects.get(codename="view_full_nik"))
    return type(user).objects.get(pk=user.pk)  # fresh permission cache


def with_segments(cadre: Cadre, *codes: str) -> Cadre:
    cadre.segments.set(codes)
    return cadre


def known_data(world) -> dict:
    """Gunung Kasih (active): 3 women and 2 men appointed/active core cadres, one follow-on, one registered;
    one held session (attendance 1 present of 2) and one activity reaching 10 men and 15 women. Sukabanjar
    (designated): no cadres. Waibalun (Flores Timur, active): 4 active cadres and an activity."""
    from locus.models import Village

    gunung_kasih = locus_at(world.gunung_kasih)
    sukabanjar = locus_at(Village.objects.get(code="18.06.21.2005"), status=LocusStatus.DESIGNATED)
    waibalun = locus_at(world.flotim_village)
    women = [cadre_in(gunung_kasih, sex="P") for _ in range(3)]
    men = [cadre_in(gunung_kasih, sex="L", status="ditetapkan") for _ in range(2)]
    with_segments(women[0], "perempuan", "tokoh-agama")
    follow_on = cadre_in(gunung_kasih, recruited_by=women[0])
    registered = cadre_in(gunung_kasih, status="terdaftar")
    flores = [cadre_in(waibalun) for _ in range(4)]
    session = session_for(gunung_kasih, number=1, held=True)
    session_for(gunung_kasih, number=2, held=False)
    attend(session, women[0], AttendanceStatus.PRESENT, pre="60", post="80")
    attend(session, men[0], AttendanceStatus.ABSENT)
    activity_in(gunung_kasih, men=10, women=15, disabled=2, first_time=5)
    activity_in(waibalun, men=100, women=100)
    return {
        "gunung_kasih": gunung_kasih,
        "sukabanjar": sukabanjar,
        "waibalun": waibalun,
        "women": women,
        "men": men,
        "follow_on": follow_on,
        "registered": registered,
        "flores": flores,
    }
