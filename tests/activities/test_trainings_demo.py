"""The trainings demo: KPU Kota Palembang's kader demokrasi (six loci, 150 cadres, sessions 1–3 of 8 held,
the third on 5 November 2021), Tanggamus' sessions and socialisation activities; idempotent."""

from __future__ import annotations

from django.core.management import call_command

from accounts.models import User
from activities.models import SocialisationActivity, TrainingAttendance, TrainingSession
from activities.selectors.outreach import outreach_totals
from activities.selectors.trainings import locus_training_summary
from cadre.models import Cadre
from locus.models import Locus


def test_seed_demo_loads_the_trainings_once(demo_regions):
    call_command("seed_demo", verbosity=0)
    counts = (
        TrainingSession.objects.count(),
        TrainingAttendance.objects.count(),
        SocialisationActivity.objects.count(),
    )
    call_command("seed_demo", verbosity=0)
    assert counts == (
        TrainingSession.objects.count(),
        TrainingAttendance.objects.count(),
        SocialisationActivity.objects.count(),
    )
    palembang = User.objects.get(username="kota-palembang")
    loci = Locus.objects.filter(regency_id="16.71")
    assert loci.count() == 6 and set(loci.values_list("status", flat=True)) == {"ditetapkan"}
    assert Cadre.objects.restrict(palembang).filter(programme_year_id=2021).count() == 150
    third = TrainingSession.objects.get(regency_id="16.71", session_number=3)
    assert (third.local_date.isoformat(), third.local_hours, third.held) == (
        "2021-11-05",
        "09.00–12.00 WIB",
        True,
    )
    assert third.loci.count() == 6 and "DPRD Palembang" in third.notes and "Sirekap" in third.topic
    assert TrainingAttendance.objects.filter(session=third).count() == 150

    tanggamus = User.objects.get(username="kab-tanggamus")
    gunung_kasih = Locus.objects.get(village_id="18.06.11.2016")
    summary = locus_training_summary(user=tanggamus, locus=gunung_kasih)
    assert (summary.planned, summary.held, len(summary.sessions)) == (8, 3, 4)
    assert summary.overall.gain is not None and summary.overall.gain > 0
    methods = set(SocialisationActivity.objects.filter(regency_id="18.06").values_list("method", flat=True))
    assert methods == {"door_to_door", "pertemuan_warga", "radio"}
    assert outreach_totals(user=tanggamus, year=2021).total > 0
    assert outreach_totals(user=palembang, year=2021).activities == 0
