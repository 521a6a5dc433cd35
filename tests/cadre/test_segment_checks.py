"""Cross-checks a person would expect of a cadre's segments: the women's segment for women only, the age
segments (Pemilih Pemula 17–21, Pemilih Muda 17–30) for their band on the recruitment date; both refuse the
cadre on the segments field, in the form (register and correct) and in the import (column ``Unsur``). And a
past programme year's ages are counted on that year's last day, whenever its roster is viewed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cadre.models import Cadre
from cadre.selectors import roster_summary
from cadre.services import cadre_register
from locus import rules
from tests.cadre.factories import cadre_data, make_nik
from tests.cadre.test_import import FIRST_TIME_BIRTH, csv_bytes, messages, row, run
from tests.cadre.test_selectors import appointed
from tests.cadre.test_views import form_post, login
from tests.locus.factories import LocusFactory

MAN_AS_WOMAN = "Unsur Perempuan hanya untuk kader perempuan; kader ini laki-laki."
# The rules as the form's segments field and the import guide say them beforehand.
RULES = (
    "Perempuan hanya untuk kader perempuan; Pemilih Pemula untuk usia 17–21 tahun dan Pemilih Muda untuk "
    "usia 17–30 tahun pada tanggal rekrutmen."
)


def too_old(segment: str, band: str, age: int) -> str:
    return f"Unsur {segment} untuk usia {band} tahun pada tanggal rekrutmen; kader ini berusia {age} tahun."


@pytest.fixture
def locus(world):
    return LocusFactory(village=world.gunung_kasih)


# --- the rules ----------


def test_the_bands_and_the_sex_of_the_segments():
    assert rules.SEGMENT_AGE_BANDS[rules.FIRST_TIME_SEGMENT] == rules.AgeBand(17, 21)
    assert rules.SEGMENT_AGE_BANDS[rules.YOUNG_SEGMENT] == rules.AgeBand(17, 30)
    assert [rules.segment_fits_age("pemilih-pemula", age) for age in (16, 17, 21, 22)] == [
        False,
        True,
        True,
        False,
    ]
    assert [rules.segment_fits_age("pemilih-muda", age) for age in (21, 30, 31)] == [True, True, False]
    assert rules.segment_fits_age("tokoh-agama", 80)
    assert rules.segment_fits_sex("perempuan", "P") and not rules.segment_fits_sex("perempuan", "L")
    assert rules.segment_fits_sex("tokoh-agama", "L") and rules.segment_fits_sex("tokoh-agama", "P")


def test_a_programme_years_ages_are_counted_on_a_day_of_that_year():
    assert rules.age_reference_date(year=2021, today=dt.date(2026, 3, 1)) == dt.date(2021, 12, 31)
    assert rules.age_reference_date(year=2026, today=dt.date(2026, 3, 1)) == dt.date(2026, 3, 1)
    assert rules.age_reference_date(year=2027, today=dt.date(2026, 3, 1)) == dt.date(2027, 1, 1)


# --- the service: every path's checks ----------


def register(world, locus, **kwargs):
    return cadre_register(actor=world.users["tanggamus_staff"], locus=locus, data=cadre_data(**kwargs))


def test_a_man_in_the_womens_segment_is_refused_on_the_segments(world, locus):
    with pytest.raises(ValidationError) as refused:
        register(world, locus, sex="L", segments=["perempuan", "tokoh-agama"])
    assert refused.value.message_dict == {"segments": [MAN_AS_WOMAN]}
    cadre, _w = register(world, locus, sex="L", segments=["tokoh-agama"])
    assert [s.code for s in cadre.segments.all()] == ["tokoh-agama"]


@pytest.mark.parametrize(
    ("segment", "name", "band", "birth", "age"),
    [
        ("pemilih-pemula", "Pemilih Pemula", "17–21", dt.date(1999, 6, 1), 22),  # 22 on 1 June 2021
        ("pemilih-muda", "Pemilih Muda", "17–30", dt.date(1990, 6, 1), 31),
    ],
)
def test_an_age_segment_outside_its_band_on_the_recruitment_date_is_refused(
    world, locus, segment, name, band, birth, age
):
    with pytest.raises(ValidationError) as refused:
        register(world, locus, birth_date=birth, segments=["perempuan", segment])
    assert refused.value.message_dict == {"segments": [too_old(name, band, age)]}
    # A day younger: the band's oldest age, accepted.
    cadre, _w = register(
        world, locus, birth_date=birth + dt.timedelta(days=1), segments=["perempuan", segment]
    )
    assert rules.age_on(cadre.birth_date, cadre.recruited_on) == age - 1


def test_the_age_is_judged_on_the_recruitment_date_not_today(world, locus):
    """19 on 1 June 2021 (a first-time voter then), in their twenties today: accepted."""
    cadre, _w = register(world, locus, birth_date=FIRST_TIME_BIRTH, segments=["perempuan", "pemilih-pemula"])
    assert cadre.recruited_on == dt.date(2021, 6, 1)
    # The same person recruited in 2024 would be 22: refused.
    with pytest.raises(ValidationError) as refused:
        register(
            world,
            LocusFactory(village=world.gunung_kasih, year=2024),
            birth_date=FIRST_TIME_BIRTH,
            segments=["perempuan", "pemilih-pemula"],
            recruited_on=dt.date(2024, 6, 1),
        )
    assert refused.value.message_dict == {"segments": [too_old("Pemilih Pemula", "17–21", 22)]}


# --- the form ----------


def test_the_form_shows_the_segment_errors_on_the_segments_field(client, world, locus):
    login(client, world, "tanggamus_staff")
    url = reverse("cadre:cadre_create", args=[locus.pk])
    man = dt.date(1990, 2, 2)
    response = client.post(
        url,
        form_post(
            locus,
            nik=make_nik("18.06.11", man, "L"),
            sex="L",
            birth_date="02/02/1990",
            segments=["perempuan"],
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["segments"] == [MAN_AS_WOMAN]
    assert MAN_AS_WOMAN in response.content.decode() and RULES in response.content.decode()
    # Rina, 25 on 1 June 2021, as a first-time voter.
    response = client.post(url, form_post(locus, segments=["perempuan", "pemilih-pemula"]))
    assert response.context["form"].errors["segments"] == [too_old("Pemilih Pemula", "17–21", 25)]
    assert not Cadre.objects.exists()
    # Valid: 19 on the recruitment date.
    young = {"nik": make_nik("18.06.11", FIRST_TIME_BIRTH, "P"), "birth_date": "04/03/2002"}
    response = client.post(url, form_post(locus, segments=["perempuan", "pemilih-pemula"], **young))
    assert response.status_code == 302, response.context["form"].errors
    cadre = Cadre.objects.get()
    assert sorted(s.code for s in cadre.segments.all()) == ["pemilih-pemula", "perempuan"]


def test_the_correction_form_refuses_a_segment_the_cadre_does_not_fit(client, world, locus):
    cadre, _w = register(world, locus)  # Siti, 25 on 1 June 2021
    url = reverse("cadre:cadre_update", args=[cadre.pk])
    login(client, world, "tanggamus_staff")
    response = client.post(url, form_post(locus, nik="", segments=["perempuan", "pemilih-pemula"]))
    assert response.context["form"].errors["segments"] == [too_old("Pemilih Pemula", "17–21", 25)]
    response = client.post(url, form_post(locus, nik="", segments=["perempuan", "pemilih-muda"]))
    assert response.status_code == 302, response.context["form"].errors
    assert sorted(s.code for s in cadre.segments.all()) == ["pemilih-muda", "perempuan"]


def test_the_form_is_refused_to_users_who_may_not_add_to_the_locus(client, world, locus):
    url = reverse("cadre:cadre_create", args=[locus.pk])
    young = {"nik": make_nik("18.06.11", FIRST_TIME_BIRTH, "P"), "birth_date": "04/03/2002"}
    data = form_post(locus, segments=["perempuan", "pemilih-pemula"], **young)
    for name, status in (("flotim_admin", 404), ("tanggamus_viewer", 403)):
        login(client, world, name)
        assert client.post(url, data).status_code == status, name
    assert not Cadre.objects.exists()


# --- the import ----------


def test_the_import_refuses_the_rows_in_column_unsur(world, locus):
    rows = [
        row(serial=1, sex="L", birth=dt.date(1990, 2, 2), **{"Nama Lengkap": "Budi", "Unsur": "Perempuan"}),
        row(serial=2, **{"Unsur": "Perempuan, Pemilih Pemula"}),  # 25 on the decree's date, 7 June 2021
        row(serial=3, birth=FIRST_TIME_BIRTH, **{"Unsur": "Perempuan, Pemilih Pemula"}),
    ]
    outcome = run(world, rows, dry_run=True)
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "Unsur"), (3, "Unsur")]
    assert messages(outcome) == [
        f"Baris 2, kolom “Unsur”: {MAN_AS_WOMAN}",
        f"Baris 3, kolom “Unsur”: {too_old('Pemilih Pemula', '17–21', 25)}",
    ]
    outcome = run(world, rows[2:])
    assert outcome.ok and outcome.new == 1, messages(outcome)


def test_the_import_preview_shows_the_segment_errors_and_a_valid_file_is_imported(client, world, locus):
    url = reverse("cadre:cadre_import")
    client.force_login(world.users["tanggamus_staff"])
    upload = {"langkah": "unggah", "tahun": 2021, "lokus": locus.pk}
    bad = csv_bytes([row(serial=1, sex="L", **{"Nama Lengkap": "Budi", "Unsur": "Perempuan"})])
    client.post(url, {**upload, "berkas": SimpleUploadedFile("k.csv", bad, "text/csv")})
    page = client.get(url).content.decode()
    assert f"Baris 2, kolom “Unsur”: {MAN_AS_WOMAN}" in page and RULES in page
    assert "Impor 1 baris sekarang" not in page
    client.post(url, {"langkah": "batal"})
    good = csv_bytes([row(serial=2, birth=FIRST_TIME_BIRTH, **{"Unsur": "Perempuan, Pemilih Pemula"})])
    client.post(url, {**upload, "berkas": SimpleUploadedFile("k.csv", good, "text/csv")})
    assert "Impor 1 baris sekarang" in client.get(url).content.decode()
    token = client.session["sidp3_pending_imports"]["kader"]["token"]
    client.post(url, {"langkah": "impor", "berkas_id": token})
    assert [s.code for s in Cadre.objects.get().segments.order_by("code")] == ["pemilih-pemula", "perempuan"]


# --- a past year's ages ----------


def test_a_2021_roster_viewed_in_2026_shows_2021_ages(client, world, locus):
    """Born 1 March 2000: 21 at the end of 2021 (a first-time voter's age group), 26 in 2026. The page is
    viewed today, years after 2021: its ages are still 2021's."""
    appointed(world, locus, birth_date=dt.date(2000, 3, 1), segments=["perempuan", "pemilih-pemula"])
    appointed(world, locus, birth_date=dt.date(1991, 3, 1), segments=["perempuan"])  # 30 then, 35 now
    summary = roster_summary(locus, today=dt.date(2026, 3, 1))
    assert summary.ages_on == dt.date(2021, 12, 31)
    assert [g.count for g in summary.age_groups] == [1, 1, 0, 0, 0]
    login(client, world, "tanggamus_staff")
    html = client.get(reverse("cadre:roster", args=[locus.pk])).content.decode()
    assert "usia pada 31 Desember 2021" in html
    ages = html.split("roster-ages", 1)[1]
    assert "17–21 (pemilih pemula): <strong>1</strong>" in ages and "22–30: <strong>1</strong>" in ages
    table = html.split("roster-table", 1)[1]
    assert "<td>21</td>" in table and "<td>30</td>" in table
    assert "<td>26</td>" not in table and "<td>35</td>" not in table
