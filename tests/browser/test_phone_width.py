"""On a phone (390 x 844) no page scrolls sideways: officers record in the field on phones, and a page wider
than the screen hides its buttons off to the right. The demo data (``seed_demo``) gives every page something
to show; the regency user and a province user visit the main pages of their work."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from activities.models import CoordinationMeeting, LocusEvaluation, SocialisationActivity, TrainingSession
from locus.models import Locus
from tests.browser.conftest import PHONE
from tests.conftest import load_real_regions
from tests.factories import ensure_reference_data

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "sidp3-demo"


def _regency_pages(user) -> list[str]:
    locus = Locus.objects.restrict(user, "view").filter(cadres__isnull=False).order_by("pk").first()
    sessions = TrainingSession.objects.restrict(user, "change").order_by("-starts_at")
    session = next(s for s in sessions if s.has_started)
    activity = SocialisationActivity.objects.restrict(user, "view").order_by("pk").first()
    evaluations = LocusEvaluation.objects.restrict(user, "view").order_by("pk")
    draft = evaluations.filter(status="draf").first()
    meeting = CoordinationMeeting.objects.restrict(user, "view").order_by("pk").first()
    attendance = reverse("activities:training_attendance", args=[session.pk])
    return [
        reverse("home"),
        reverse("locus:locus_list"),
        reverse("locus:locus_detail", args=[locus.pk]),
        reverse("cadre:cadre_list"),
        reverse("cadre:roster", args=[locus.pk]),
        reverse("cadre:cadre_create", args=[locus.pk]),
        reverse("activities:training_list"),
        reverse("activities:training_detail", args=[session.pk]),
        attendance,
        f"{attendance}?lokus={locus.pk}",
        f"{attendance}?lokus=semua",
        reverse("activities:training_locus", args=[locus.pk]),
        reverse("activities:activity_list"),
        reverse("activities:activity_detail", args=[activity.pk]),
        reverse("activities:activity_create", args=[locus.pk]),
        reverse("activities:evaluation_list"),
        reverse("activities:evaluation_detail", args=[evaluations.first().pk]),
        reverse("activities:evaluation_update", args=[draft.pk]),
        reverse("activities:meeting_list"),
        reverse("activities:meeting_calendar"),
        reverse("activities:meeting_detail", args=[meeting.pk]),
        reverse("activities:follow_up_list"),
        reverse("activities:target_list"),
        reverse("reports:job_list"),
        reverse("dashboard:locus", args=[locus.pk]),
    ]


PROVINCE_PAGES = [
    "/",
    "/lokus/",
    "/kader/",
    "/kegiatan/pembekalan/",
    "/kegiatan/sosialisasi/",
    "/kegiatan/evaluasi/",
    "/kegiatan/rakor/",
    "/laporan/",
]


def _wider_than_the_screen(page, paths: list[str]) -> list[str]:
    """Each path that fails to load or scrolls sideways, with its width and the widest element's tag."""
    wide = []
    for path in paths:
        response = page.goto(path)
        if response is None or response.status != 200:
            wide.append(f"{path}: HTTP {response.status if response else '-'}")
            continue
        width, screen, culprit = page.evaluate(
            """() => {
                const screen = window.innerWidth;
                const culprit = Array.from(document.querySelectorAll("body *")).find(
                    (e) => e.getBoundingClientRect().right > screen + 1 && !e.closest(".table-responsive"));
                return [document.documentElement.scrollWidth, screen,
                        culprit ? culprit.tagName + "." + culprit.className : ""];
            }"""
        )
        if width > screen:
            wide.append(f"{path}: {width} px on a {screen} px screen ({culprit})")
    return wide


def test_no_page_scrolls_sideways_on_a_phone(new_page, log_in, live_server, screenshots):
    ensure_reference_data()  # a transactional test before this one may have emptied the data migration's rows
    load_real_regions()
    call_command("seed_demo", verbosity=0)
    regency = User.objects.get(username="kab-tanggamus")
    province = User.objects.get(username="prov-lampung")
    paths = _regency_pages(regency)
    assert len(paths) == len(set(paths)) == 25

    page = new_page(PHONE)
    log_in(page, regency, DEMO_PASSWORD)
    assert _wider_than_the_screen(page, paths) == []
    page.goto(paths[9])
    page.screenshot(path=screenshots / "phone-attendance.png")

    page = new_page(PHONE)
    log_in(page, province, DEMO_PASSWORD)
    assert _wider_than_the_screen(page, PROVINCE_PAGES) == []
