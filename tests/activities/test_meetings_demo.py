"""The demo meetings of the seed articles: recorded through the services, idempotent."""

from __future__ import annotations

import datetime as dt

from activities.models import CoordinationMeeting
from activities.selectors.meetings import meeting_when
from dp3.demo.meetings import seed_meetings
from dp3.demo.offices import seed_offices_and_users


def test_seed_meetings_loads_the_four_rakor_once(demo_regions):
    seed_offices_and_users()
    seed_meetings()
    seed_meetings()
    meetings = {
        m.organiser.name: m for m in CoordinationMeeting.objects.select_related("organiser__province")
    }
    assert len(meetings) == CoordinationMeeting.objects.count() == 4
    ntt = meetings["KPU Provinsi Nusa Tenggara Timur"]
    assert ntt.starts_at == dt.datetime(2021, 11, 3, 1, 0, tzinfo=dt.UTC)
    assert meeting_when(ntt).time == "09.00–12.30 WITA"
    assert ntt.participants.count() == 22
    assert ntt.speakers.filter(name="Sahran Raden").exists()
    kaltara = meetings["KPU Provinsi Kalimantan Utara"]
    assert meeting_when(kaltara).day == "1–3 November 2019"
    assert kaltara.venue == "Kantor KPU Kota Tarakan"
    assert set(kaltara.speakers.values_list("name", flat=True)) == {"Hamdan Refai", "Hariyadi Hamid"}
    assert "RRI" in kaltara.conclusions
    jambi = meetings["KPU Provinsi Jambi"]
    assert set(jambi.participants.values_list("name", flat=True)) == {
        "KPU Kabupaten Kerinci",
        "KPU Kota Sungai Penuh",
        "KPU Kota Jambi",
    }
    tanggamus = meetings["KPU Kabupaten Tanggamus"]
    assert set(tanggamus.attendees.values_list("institution", flat=True)) >= {
        "Pemerintah Pekon Gunung Kasih",
        "Pemerintah Pekon Sukabanjar",
    }
