"""In-app notifications made by the services that return an evaluation and designate a locus, for the regency
office's active accounts; shown in the navigation bar and on their page, marked read by their user only; the
profile's reminder switch; uploads waiting for confirmation recorded and forgotten."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from accounts.choices import NotificationKind
from accounts.models import Notification, PendingImport, User
from activities.choices import Assessment, EvaluationStage
from activities.services.evaluations import evaluation_create, evaluation_return, evaluation_submit
from locus.choices import LocusStatus
from locus.services.loci import locus_designate
from tests.activities.factories_evaluations import locus_at

pytestmark = pytest.mark.django_db


def _submitted(world):
    locus = locus_at(world.gunung_kasih)
    evaluation = evaluation_create(
        actor=world.users["tanggamus_staff"],
        locus=locus,
        stage=EvaluationStage.END,
        assessment=Assessment.GOOD,
        findings="Kader aktif.",
    )
    return evaluation_submit(actor=world.users["tanggamus_commissioner"], evaluation=evaluation)


def _regency_accounts(world) -> set[int]:
    return set(User.objects.filter(office__regency_id="18.06", is_active=True).values_list("pk", flat=True))


def test_returning_an_evaluation_notifies_the_regency_office(world):
    evaluation = _submitted(world)
    inactive = world.users["tanggamus_viewer"]
    User.objects.filter(pk=inactive.pk).update(is_active=False)
    evaluation_return(
        actor=world.users["lampung_commissioner"], evaluation=evaluation, note="Lengkapi temuan."
    )
    made = Notification.objects.filter(kind=NotificationKind.EVALUATION_RETURNED)
    assert set(made.values_list("user_id", flat=True)) == _regency_accounts(world)
    assert inactive.pk not in set(made.values_list("user_id", flat=True))
    notification = made.first()
    assert notification.url == evaluation.get_absolute_url()
    assert "dikembalikan oleh KPU Provinsi Lampung" in notification.message
    assert "Lengkapi temuan." in notification.message
    assert not Notification.objects.exclude(user__office__regency_id="18.06").exists()


def test_designating_a_locus_notifies_the_regency_office(world):
    locus = locus_at(world.gunung_kasih, status=LocusStatus.PROPOSED)
    locus_designate(
        actor=world.users["lampung_commissioner"],
        locus=locus,
        decree_number="12/2021",
        decree_date=dt.date(2021, 6, 1),
    )
    made = Notification.objects.filter(kind=NotificationKind.LOCUS_DESIGNATED)
    assert set(made.values_list("user_id", flat=True)) == _regency_accounts(world)
    assert "SK 12/2021" in made.first().message and made.first().url == locus.get_absolute_url()


def test_the_navigation_shows_the_unread_and_reading_marks_them(world, client):
    evaluation = _submitted(world)
    evaluation_return(actor=world.users["lampung_commissioner"], evaluation=evaluation, note="Perbaiki.")
    staff = world.users["tanggamus_staff"]
    client.force_login(staff)
    status = client.get(reverse("nav_status"))
    assert status.context["unread_count"] == 1 and "Perbaiki." in status.content.decode()
    notification = Notification.objects.get(user=staff)
    # Another user's notification does not exist for them.
    client.force_login(world.users["tanggamus_commissioner"])
    assert client.post(reverse("accounts:notification_read", args=[notification.pk])).status_code == 404
    client.force_login(staff)
    response = client.post(reverse("accounts:notification_read", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == evaluation.get_absolute_url()
    assert client.get(reverse("nav_status")).context["unread_count"] == 0
    assert client.get(reverse("accounts:notification_read", args=[notification.pk])).status_code == 405
    page = client.get(reverse("accounts:notification_list"))
    assert page.status_code == 200 and list(page.context["notifications"]) == [notification]


def test_the_profile_turns_the_reminders_off_and_on(world, client):
    staff = world.users["tanggamus_staff"]
    client.force_login(staff)
    assert client.get(reverse("accounts:profile")).context["form"].initial == {"weekly_reminders": True}
    assert client.post(reverse("accounts:profile"), {}).status_code == 302
    assert not User.objects.get(pk=staff.pk).weekly_reminders
    client.post(reverse("accounts:profile"), {"weekly_reminders": "on"})
    assert User.objects.get(pk=staff.pk).weekly_reminders


def test_an_upload_waits_until_imported_or_cancelled(world, client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.cadre.test_import import csv_bytes, row

    settings.MEDIA_ROOT = tmp_path
    locus = locus_at(world.gunung_kasih)
    url = reverse("cadre:cadre_import")
    staff = world.users["tanggamus_staff"]
    client.force_login(staff)

    def upload():
        data = csv_bytes([row(serial=3)])
        berkas = SimpleUploadedFile("kader.csv", data, "text/csv")
        client.post(url, {"langkah": "unggah", "tahun": 2021, "lokus": locus.pk, "berkas": berkas})

    upload()
    pending = PendingImport.objects.get(user=staff)
    assert (pending.kind, pending.filename, pending.path) == ("kader", "kader.csv", url)
    client.post(url, {"langkah": "batal"})
    assert not PendingImport.objects.exists()
    upload()
    token = client.session["sidp3_pending_imports"]["kader"]["token"]
    client.post(url, {"langkah": "impor", "berkas_id": token})
    assert not PendingImport.objects.exists()
