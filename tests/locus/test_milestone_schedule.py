"""The schedule of a programme year's milestones: KPU RI administrators set it (a fixed date or days after
the SK per milestone); every other role is refused; bad input is named."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from locus.models import Milestone, ProgrammeYear

pytestmark = pytest.mark.django_db

URL = reverse("locus:milestone_schedule", args=[2021])


def test_national_admin_sets_the_schedule(client, world):
    Milestone.objects.create(programme_year_id=2021, kind="evaluasi_akhir", due_date=dt.date(2021, 12, 1))
    client.force_login(world.users["national_admin"])
    page = client.get(URL)
    assert page.status_code == 200
    assert "Pembekalan sesi 8" in page.content.decode()  # 2021 plans 8 sessions
    response = client.post(
        URL,
        {"sk__tanggal": "2021-05-31", "pks__hari": "30", "pembekalan-1__hari": "45", "pemetaan__hari": "-60"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("locus:programmeyear_detail", args=[2021]) + "#tonggak"
    schedule = {m.key: (m.due_date, m.offset_days) for m in Milestone.objects.filter(programme_year_id=2021)}
    assert schedule == {
        "sk": (dt.date(2021, 5, 31), None),
        "pks": (None, 30),
        "pembekalan-1": (None, 45),
        "pemetaan": (None, -60),
    }  # the final evaluation left empty is no longer scheduled
    detail = client.get(reverse("locus:programmeyear_detail", args=[2021])).content.decode()
    assert "30 hari setelah tanggal SK" in detail and "60 hari sebelum tanggal SK" in detail
    assert "31 Mei 2021" in detail


@pytest.mark.parametrize("user", ["national_viewer", "lampung_admin", "tanggamus_admin"])
def test_other_roles_are_refused(client, world, user):
    client.force_login(world.users[user])
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"sk__tanggal": "2021-05-31"}).status_code == 403
    assert not Milestone.objects.exists()
    assert (
        reverse("locus:milestone_schedule", args=[2021])
        not in client.get(reverse("locus:programmeyear_detail", args=[2021])).content.decode()
    )


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"pks__tanggal": "2021-07-01", "pks__hari": "30"},
            "PKS dengan pemerintah desa: isi tanggal tetap atau jumlah hari setelah SK, tidak keduanya.",
        ),
        (
            {"sk__tanggal": "2019-05-31"},
            "SK penetapan lokus: tanggal tetap harus antara 1 Januari 2021 dan 31 Desember 2022.",
        ),
        ({"rekrutmen__hari": "900"}, "Rekrutmen kader lengkap: jumlah hari setelah SK paling banyak 540"),
        (
            {"rekrutmen__hari": "enam puluh"},
            "Rekrutmen kader lengkap: tulis jumlah hari sebagai bilangan bulat.",
        ),
        ({"sk__tanggal": "31-31-2021"}, "Tanggal tidak dikenali."),
    ],
)
def test_bad_input_is_named_and_nothing_changes(client, world, data, message):
    Milestone.objects.create(programme_year_id=2021, kind="sk", due_date=dt.date(2021, 6, 30))
    client.force_login(world.users["national_admin"])
    response = client.post(URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(Milestone.objects.values_list("kind", "due_date")) == [("sk", dt.date(2021, 6, 30))]


def test_fewer_planned_sessions_fewer_rows(client, world):
    ProgrammeYear.objects.filter(pk=2021).update(planned_sessions=3)
    client.force_login(world.users["national_admin"])
    page = client.get(URL).content.decode()
    assert "Pembekalan sesi 3" in page and "Pembekalan sesi 4" not in page
