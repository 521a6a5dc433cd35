"""The meeting pages: list (filters, pinned query count), calendar (local days), detail (participants,
safe minutes), the form with its rows (all-or-nothing), uploads and scoped downloads, follow-ups."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.choices import OfficeLevel
from activities.choices import AttachmentKind
from activities.models import CoordinationMeeting, MeetingAttachment
from activities.services.meetings import FollowUpRow, meeting_attachment_add, meeting_create
from tests.activities.factories_meetings import PDF, PNG, meeting_data, ntt_rakor, tanggamus_meeting
from tests.factories import office_for
from tests.form_data import page_data


def login(client, world, name):
    client.force_login(world.users[name])
    return world.users[name]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# --- list ----------


def test_list_shows_own_and_attended_meetings_with_local_times(client, world):
    ntt_rakor(world)
    tanggamus_meeting(world)
    login(client, world, "flotim_admin")
    html = client.get(reverse("activities:meeting_list")).content.decode()
    assert "Rakor DP3 Provinsi NTT" in html and "09.00–12.30 WITA" in html
    assert "Koordinasi DP3 dengan Pemerintah Pekon" not in html
    login(client, world, "national_viewer")
    html = client.get(reverse("activities:meeting_list")).content.decode()
    assert "09.00–12.00 WIB" in html and "Catat rapat" not in html


def test_list_filters(client, world):
    ntt_rakor(world)
    tanggamus_meeting(world)
    login(client, world, "national_admin")
    url = reverse("activities:meeting_list")

    def titles(**query):
        return [m.title for m in client.get(url, query).context["meetings"]]

    assert titles(cara="luring") == ["Koordinasi DP3 dengan Pemerintah Pekon"]
    assert titles(tingkat="provinsi") == ["Rakor DP3 Provinsi NTT"]
    assert titles(provinsi="18") == ["Koordinasi DP3 dengan Pemerintah Pekon"]
    assert titles(q="pekon") == ["Koordinasi DP3 dengan Pemerintah Pekon"]
    assert titles(dari="2021-11-03", sampai="2021-11-03") == ["Rakor DP3 Provinsi NTT"]
    assert titles(sampai="2021-11-02") == ["Koordinasi DP3 dengan Pemerintah Pekon"]


def test_date_filter_is_the_organisers_local_day(client, world):
    # 3 November 00.30 WITA is still 2 November 23.30 WIB and 16.30 UTC.
    ntt_rakor(world, starts_local=dt.datetime(2021, 11, 3, 0, 30), ends_local=dt.datetime(2021, 11, 3, 1, 0))
    login(client, world, "national_admin")
    url = reverse("activities:meeting_list")
    assert len(client.get(url, {"dari": "2021-11-03", "sampai": "2021-11-03"}).context["meetings"]) == 1
    assert len(client.get(url, {"sampai": "2021-11-02"}).context["meetings"]) == 0


def test_list_query_count_is_pinned(client, world, django_assert_max_num_queries):
    login(client, world, "lampung_viewer")
    url = reverse("activities:meeting_list")
    tanggamus_meeting(world)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for day in range(11, 16):
        tanggamus_meeting(
            world,
            starts_local=dt.datetime(2021, 6, day, 9, 0),
            ends_local=dt.datetime(2021, 6, day, 11, 0),
        )
    with django_assert_max_num_queries(9):
        response = client.get(url, {"tahun": "", "q": "DP3"})
    assert len(response.context["meetings"]) == 6
    with CaptureQueriesContext(connection) as six:
        client.get(url)
    assert len(six) == len(one)


# --- calendar ----------


def test_calendar_shows_a_meeting_on_its_organisers_local_day(client, world):
    # 3 November 2021 00.30 WITA: on the 3rd in NTT, although it is still the 2nd in Jakarta and in UTC.
    meeting = ntt_rakor(
        world, starts_local=dt.datetime(2021, 11, 3, 0, 30), ends_local=dt.datetime(2021, 11, 3, 2, 0)
    )
    login(client, world, "flotim_admin")
    response = client.get(reverse("activities:meeting_calendar"), {"bulan": "2021-11"})
    days = {day.date: day.meetings for week in response.context["weeks"] for day in week}
    assert days[dt.date(2021, 11, 3)] == [meeting]
    assert days[dt.date(2021, 11, 2)] == []
    html = response.content.decode()
    assert "November 2021" in html and "00.30 WITA" in html


def test_calendar_shows_a_multi_day_meeting_on_each_day_and_answers_htmx(client, world):
    meeting = tanggamus_meeting(
        world, starts_local=dt.datetime(2021, 6, 30, 20, 0), ends_local=dt.datetime(2021, 7, 2, 12, 0)
    )
    login(client, world, "tanggamus_viewer")
    response = client.get(
        reverse("activities:meeting_calendar"), {"bulan": "2021-07"}, HTTP_HX_REQUEST="true"
    )
    assert [t.name for t in response.templates][0] == "activities/_meeting_calendar.html"
    days = {day.date: day.meetings for week in response.context["weeks"] for day in week}
    assert days[dt.date(2021, 6, 30)] == days[dt.date(2021, 7, 2)] == [meeting]
    assert days[dt.date(2021, 7, 3)] == []
    assert 'hx-get="/kegiatan/rakor/kalender/?bulan=2021-08"' in response.content.decode()
    # Another regency sees nothing of it.
    login(client, world, "flotim_admin")
    response = client.get(reverse("activities:meeting_calendar"), {"bulan": "2021-07"})
    assert not any(day.meetings for week in response.context["weeks"] for day in week)


def test_calendar_opens_on_the_latest_meeting_in_scope_without_a_month(client, world):
    tanggamus_meeting(
        world, starts_local=dt.datetime(2021, 3, 10, 9, 0), ends_local=dt.datetime(2021, 3, 10, 11, 0)
    )
    latest = tanggamus_meeting(
        world, starts_local=dt.datetime(2021, 9, 14, 9, 0), ends_local=dt.datetime(2021, 9, 14, 11, 0)
    )
    # out of Tanggamus' reach, and later: not the month it opens on
    ntt_rakor(world, starts_local=dt.datetime(2022, 5, 3, 9, 0), ends_local=dt.datetime(2022, 5, 3, 10, 0))
    login(client, world, "tanggamus_viewer")
    response = client.get(reverse("activities:meeting_calendar"))
    assert (response.context["shown_year"], response.context["shown_month"]) == (2021, 9)
    days = {day.date: day.meetings for week in response.context["weeks"] for day in week}
    assert days[dt.date(2021, 9, 14)] == [latest]
    html = response.content.decode()
    assert "September 2021" in html
    flat = " ".join(html.split())
    assert '<option value="9" selected>September</option>' in flat
    assert '<option value="2021" selected>2021</option>' in flat


def test_calendar_without_meetings_opens_on_this_month(client, world):
    login(client, world, "flotim_admin")
    response = client.get(reverse("activities:meeting_calendar"))
    today = timezone.localdate()
    assert (response.context["shown_year"], response.context["shown_month"]) == (today.year, today.month)


def test_calendar_month_and_year_picker(client, world):
    meeting = tanggamus_meeting(
        world, starts_local=dt.datetime(2021, 3, 10, 9, 0), ends_local=dt.datetime(2021, 3, 10, 11, 0)
    )
    login(client, world, "tanggamus_viewer")
    url = reverse("activities:meeting_calendar")
    response = client.get(url, {"bulan": "3", "tahun": "2021"})
    assert (response.context["shown_year"], response.context["shown_month"]) == (2021, 3)
    assert any(meeting in day.meetings for week in response.context["weeks"] for day in week)
    html = response.content.decode()
    assert 'name="bulan"' in html and 'name="tahun"' in html and 'method="get"' in html
    # the previous/next links keep working beside it
    assert f'href="{url}?bulan=2021-04"' in html
    # nonsense falls back to the latest meeting's month, not an error
    for query in ({"bulan": "13", "tahun": "2021"}, {"bulan": "3", "tahun": "x"}, {"bulan": "2021-00"}):
        response = client.get(url, query)
        assert response.status_code == 200
        assert (response.context["shown_year"], response.context["shown_month"]) == (2021, 3)


# --- detail and minutes ----------


def test_participant_sees_the_rakor_it_attended_but_no_edit_links(client, world):
    meeting = ntt_rakor(world)
    login(client, world, "flotim_commissioner")
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Rakor DP3 Provinsi NTT" in html and "Sahran Raden" in html
    assert reverse("activities:meeting_update", args=[meeting.pk]) not in html
    # Its own follow-up it may update.
    assert reverse("activities:follow_up_status", args=[meeting.follow_ups.get().pk]) in html
    assert client.get(reverse("activities:meeting_update", args=[meeting.pk])).status_code == 404


def test_minutes_are_rendered_markdown_with_html_escaped(client, world):
    meeting = ntt_rakor(
        world, minutes="## Diskusi\n\n**Penting** <script>alert(1)</script> [x](javascript:alert(1))"
    )
    login(client, world, "ntt_admin")
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "<h2>Diskusi</h2>" in html and "<strong>Penting</strong>" in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript:' not in html


def test_detail_shows_overdue_badge_and_history(client, world):
    meeting = ntt_rakor(world)
    login(client, world, "ntt_admin")
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "follow-up-overdue" in html  # due 31 December 2021, still in progress
    assert "Riwayat perubahan" in html


def _pdf_text(content: bytes) -> str:
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_minutes_pdf_holds_title_time_attendees_and_conclusions(client, world):
    meeting = ntt_rakor(world)
    login(client, world, "flotim_admin")  # a participant may print the minutes
    response = client.get(reverse("activities:meeting_minutes_pdf", args=[meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    for expected in (
        "NOTULEN RAPAT KOORDINASI",
        "KPU Provinsi Nusa Tenggara Timur",
        "Rakor DP3 Provinsi NTT",
        "Rabu, 3 November 2021",
        "09.00–12.30 WITA",
        "Yosafat Koli",
        "Sahran Raden",
        "KPU Sulteng",
        "Pelatihan fasilitator dalam tiga kelas.",
        "Advokasi anggaran DP3",
        "Anggota KPU Provinsi NTT",
    ):
        assert expected in text, expected
    login(client, world, "tanggamus_admin")
    assert client.get(reverse("activities:meeting_minutes_pdf", args=[meeting.pk])).status_code == 404


def test_minutes_are_signed_in_the_stated_city_else_in_the_organisers_region(client, world):
    meeting = ntt_rakor(world)
    login(client, world, "ntt_admin")
    url = reverse("activities:meeting_minutes_pdf", args=[meeting.pk])
    assert "Nusa Tenggara Timur, 3 November 2021" in _pdf_text(client.get(url).content)
    meeting.signed_place = "Kupang"
    meeting.save()
    assert "Kupang, 3 November 2021" in _pdf_text(client.get(url).content)


# --- the form ----------


def _management(prefix: str, total: int = 0) -> dict:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}


def _post_data(**overrides) -> dict:
    data = {
        "title": "Rakor persiapan pembekalan",
        "start_date": "2021-11-03",
        "start_time": "09.00",
        "end_time": "12:30",
        "mode": "daring",
        "meeting_link": "https://rapat.example.org/rakor",
        **_management("attendees", 1),
        **_management("agenda"),
        **_management("speakers"),
        **_management("follow_ups", 1),
        "attendees-0-name": "Yosafat Koli",
        "attendees-0-position": "Anggota",
    }
    data.update(overrides)
    return data


def test_create_through_the_form_with_rows(client, world):
    user = login(client, world, "ntt_admin")
    flotim = office_for(OfficeLevel.REGENCY, world.flotim)
    response = client.post(
        reverse("activities:meeting_create"),
        _post_data(
            organiser=user.office_id,
            invite_all="kabupaten",
            **{
                "follow_ups-0-description": "Advokasi anggaran",
                "follow_ups-0-responsible": flotim.pk,
                "follow_ups-0-due_on": "31/12/2021",
                "follow_ups-0-status": "belum",
            },
        ),
    )
    meeting = CoordinationMeeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.starts_at == dt.datetime(2021, 11, 3, 1, 0, tzinfo=dt.UTC)
    assert list(meeting.participants.all()) == [flotim]
    assert meeting.attendees.get().name == "Yosafat Koli"
    assert meeting.follow_ups.get().responsible == flotim
    assert meeting.created_by == user


def test_a_refused_row_saves_nothing_and_the_error_is_shown(client, world):
    user = login(client, world, "ntt_admin")
    ntt = user.office
    response = client.post(
        reverse("activities:meeting_create"),
        _post_data(
            organiser=ntt.pk,
            **{
                # Flores Timur is not invited: it may not be responsible.
                "follow_ups-0-description": "Advokasi anggaran",
                "follow_ups-0-responsible": office_for(OfficeLevel.REGENCY, world.flotim).pk,
                "follow_ups-0-due_on": "2021-12-31",
                "follow_ups-0-status": "belum",
            },
        ),
    )
    assert response.status_code == 200
    assert "penanggung jawab harus penyelenggara" in response.content.decode()
    assert not CoordinationMeeting.objects.exists()


def test_end_before_start_is_shown_on_the_end_time(client, world):
    user = login(client, world, "tanggamus_staff")
    response = client.post(
        reverse("activities:meeting_create"),
        _post_data(organiser=user.office_id, end_time="08:00", **_management("follow_ups")),
    )
    assert "setelah waktu mulai" in " ".join(response.context["form"].errors["end_time"])


def test_a_forged_organiser_out_of_jurisdiction_fails_validation(client, world):
    login(client, world, "tanggamus_staff")
    ntt = office_for(OfficeLevel.PROVINCE, world.ntt)
    response = client.post(reverse("activities:meeting_create"), _post_data(organiser=ntt.pk))
    assert "organiser" in response.context["form"].errors
    assert not CoordinationMeeting.objects.exists()


def test_update_form_shows_local_times_and_keeps_rows(client, world):
    meeting = ntt_rakor(world)
    login(client, world, "ntt_admin")
    url = reverse("activities:meeting_update", args=[meeting.pk])
    response = client.get(url)
    form = response.context["form"]
    assert form.initial["start_time"] == dt.time(9, 0) and form.initial["end_time"] == dt.time(12, 30)
    assert len(response.context["formsets"]["attendees"].initial) == 2


def _update_page(client, meeting) -> tuple[str, dict]:
    url = reverse("activities:meeting_update", args=[meeting.pk])
    return url, page_data(client.get(url).context, formsets="formsets")


def test_update_through_the_form_changes_what_was_typed_and_keeps_the_other_rows(client, world):
    meeting = ntt_rakor(world)
    user = login(client, world, "ntt_admin")
    url, data = _update_page(client, meeting)
    data.update(
        {
            "title": "Rakor DP3 Provinsi NTT (revisi)",
            "attendees-1-position": "Narasumber",
            "speakers-0-DELETE": "on",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    meeting.refresh_from_db()
    assert meeting.title == "Rakor DP3 Provinsi NTT (revisi)"
    assert meeting.history.latest().history_user == user
    assert meeting.starts_at == dt.datetime(2021, 11, 3, 1, 0, tzinfo=dt.UTC)
    assert [(a.name, a.position) for a in meeting.attendees.order_by("order")] == [
        ("Yosafat Koli", "Anggota KPU Provinsi NTT"),
        ("Sahran Raden", "Narasumber"),
    ]
    assert not meeting.speakers.exists()
    # Rows the officer did not touch are kept as they were.
    assert meeting.agenda_items.count() == 2
    assert meeting.follow_ups.get().description == "Advokasi anggaran DP3"
    assert meeting.participants.get() == office_for(OfficeLevel.REGENCY, world.flotim)


def test_an_invalid_update_shows_the_form_again_with_what_was_typed(client, world):
    meeting = ntt_rakor(world)
    login(client, world, "ntt_admin")
    url, data = _update_page(client, meeting)
    data.update(
        {"title": "Judul yang baru diketik", "end_time": "08:00", "attendees-0-position": "Ketua baru"}
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "setelah waktu mulai" in " ".join(response.context["form"].errors["end_time"])
    assert response.context["form"]["title"].value() == "Judul yang baru diketik"
    assert response.context["formsets"]["attendees"].forms[0]["position"].value() == "Ketua baru"
    html = response.content.decode()
    assert 'value="Judul yang baru diketik"' in html and 'value="Ketua baru"' in html
    meeting.refresh_from_db()
    assert meeting.title == "Rakor DP3 Provinsi NTT"


def test_posting_an_update_out_of_jurisdiction_is_a_404_and_a_refused_role_a_403(client, world):
    meeting = ntt_rakor(world)
    login(client, world, "ntt_admin")
    url, data = _update_page(client, meeting)
    data["title"] = "Diubah dari luar"
    # Flores Timur attended (it sees the rakor) but may not change it; Tanggamus does not see it at all.
    for outsider in ("flotim_admin", "tanggamus_admin"):
        login(client, world, outsider)
        assert client.post(url, data).status_code == 404, outsider
    login(client, world, "national_viewer")
    assert client.post(url, data).status_code == 403
    meeting.refresh_from_db()
    assert meeting.title == "Rakor DP3 Provinsi NTT"


# --- attachments ----------


def test_upload_through_the_page_and_scoped_download(client, world, media):
    meeting = tanggamus_meeting(world)
    login(client, world, "tanggamus_staff")
    url = reverse("activities:meeting_attachment_create", args=[meeting.pk])
    bad = client.post(url, {"kind": "foto", "title": "Foto", "file": SimpleUploadedFile("a.png", b"GIF89a")})
    assert "tidak sesuai" in bad.content.decode()
    response = client.post(
        url, {"kind": "foto", "title": "Foto rapat", "file": SimpleUploadedFile("a.png", PNG)}
    )
    assert response.status_code == 302
    attachment = MeetingAttachment.objects.get()
    download = reverse("activities:meeting_attachment", args=[attachment.pk])
    served = client.get(download)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == PNG
    login(client, world, "flotim_admin")  # another regency
    assert client.get(download).status_code == 404
    client.logout()
    assert client.get(download).status_code == 302
    assert not attachment.file.url.startswith(download)


def test_participants_download_the_attachments_of_the_rakor_they_attended(client, world, media):
    meeting = ntt_rakor(world)
    attachment = meeting_attachment_add(
        actor=world.users["ntt_admin"],
        meeting=meeting,
        kind=AttachmentKind.DOCUMENT,
        title="Bahan paparan",
        upload=SimpleUploadedFile("paparan.pdf", PDF),
    )
    url = reverse("activities:meeting_attachment", args=[attachment.pk])
    login(client, world, "flotim_commissioner")
    assert client.get(url).status_code == 200
    login(client, world, "tanggamus_admin")
    assert client.get(url).status_code == 404


def test_deleting_a_meeting_removes_its_files(client, world, media, django_capture_on_commit_callbacks):
    meeting = tanggamus_meeting(world)
    attachment = meeting_attachment_add(
        actor=world.users["tanggamus_staff"],
        meeting=meeting,
        kind=AttachmentKind.DOCUMENT,
        title="Daftar hadir",
        upload=SimpleUploadedFile("hadir.pdf", PDF),
    )
    path = media / attachment.file.name
    assert path.exists()
    login(client, world, "tanggamus_commissioner")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("activities:meeting_delete", args=[meeting.pk]))
    assert response.status_code == 302
    assert not CoordinationMeeting.objects.exists() and not path.exists()


# --- follow-ups ----------


def test_follow_up_list_shows_open_follow_ups_of_the_users_offices(client, world):
    ntt_rakor(world)
    tanggamus_meeting(world)
    login(client, world, "flotim_admin")
    response = client.get(reverse("activities:follow_up_list"))
    rows = response.context["follow_ups"]
    assert [f.description for f in rows] == ["Advokasi anggaran DP3"]
    assert rows[0].overdue and "follow-up-overdue" in response.content.decode()
    login(client, world, "lampung_viewer")
    assert [
        f.description for f in client.get(reverse("activities:follow_up_list")).context["follow_ups"]
    ] == ["Pembekalan kader"]


def test_follow_up_status_page_updates_and_returns_to_the_list(client, world):
    meeting = ntt_rakor(world)
    follow_up = meeting.follow_ups.get()
    login(client, world, "flotim_commissioner")
    url = reverse("activities:follow_up_status", args=[follow_up.pk])
    response = client.post(url, {"status": "selesai", "note": "Proposal diajukan", "next": "list"})
    assert response["Location"] == reverse("activities:follow_up_list")
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.note) == ("selesai", "Proposal diajukan")
    assert client.get(reverse("activities:follow_up_list")).context["follow_ups"] == []


def test_follow_up_of_a_national_meeting_for_a_province(client, world):
    national = office_for(OfficeLevel.NATIONAL)
    lampung = office_for(OfficeLevel.PROVINCE, world.lampung)
    meeting = meeting_create(
        actor=world.users["national_admin"],
        data=meeting_data(
            national,
            participants=[lampung],
            follow_ups=[FollowUpRow("Laporan DP3 Lampung", lampung, dt.date(2030, 1, 1))],
        ),
    )
    login(client, world, "lampung_staff")
    assert client.get(meeting.get_absolute_url()).status_code == 200
    url = reverse("activities:follow_up_status", args=[meeting.follow_ups.get().pk])
    assert client.get(url).status_code == 200
    login(client, world, "tanggamus_admin")  # Tanggamus neither attended nor is responsible
    assert client.get(url).status_code == 404


def test_an_invalid_row_is_named_above_the_form(client, world):
    user = login(client, world, "tanggamus_staff")
    data = _post_data(organiser=user.office_id, **{"follow_ups-0-description": "Tanpa penanggung jawab"})
    response = client.post(reverse("activities:meeting_create"), data)
    assert response.status_code == 200
    assert "belum benar" in response.content.decode()
    assert response.context["formsets"]["follow_ups"].forms[0].errors
    assert not CoordinationMeeting.objects.exists()


def test_follow_up_list_and_calendar_query_counts_are_pinned(client, world, django_assert_max_num_queries):
    login(client, world, "lampung_staff")
    lampung = office_for(OfficeLevel.PROVINCE, world.lampung)
    tanggamus = office_for(OfficeLevel.REGENCY, world.tanggamus)
    for day in range(1, 6):
        meeting_create(
            actor=world.users["lampung_staff"],
            data=meeting_data(
                lampung,
                starts_local=dt.datetime(2021, 11, day, 9, 0),
                ends_local=dt.datetime(2021, 11, day, 10, 0),
                participants=[tanggamus],
                follow_ups=[
                    FollowUpRow(f"Tindak lanjut {day}", tanggamus, dt.date(2021, 12, day)),
                    FollowUpRow(f"Laporan {day}", lampung, dt.date(2021, 12, day)),
                ],
            ),
        )
    # session, user, office, count, page, the meetings the user may change; 3 to save the session
    with django_assert_max_num_queries(9):
        response = client.get(reverse("activities:follow_up_list"))
    assert len(response.context["follow_ups"]) == 10
    assert all(f.may_set_status for f in response.context["follow_ups"])
    with django_assert_max_num_queries(7):
        response = client.get(reverse("activities:meeting_calendar"), {"bulan": "2021-11"})
    assert sum(len(day.meetings) for week in response.context["weeks"] for day in week) == 5
