"""The weekly reminder e-mail: the beat entry, Monday 07.00 on each office's own clock, what each user of a
regency and a province office receives, the opt-out, and a run repeated within the hour."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from django.conf import settings
from django.core import mail

from accounts.choices import OfficeLevel
from accounts.models import User
from reports import reminders, tasks
from tests.factories import office_for
from tests.reports.test_actions import make_work

pytestmark = pytest.mark.django_db

# Monday 1 November 2021, 07.05 WIB (00.05 UTC): Lampung's clocks; NTT's (WITA) show 08.05.
MONDAY_7_WIB = dt.datetime(2021, 11, 1, 0, 5, tzinfo=dt.UTC)


@contextlib.contextmanager
def eager_tasks():
    from dp3.celery import app

    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = False


def test_the_beat_entry_runs_the_task_every_hour():
    from dp3.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["pengingat-tindakan-mingguan"]
    assert entry["task"] == "reports.tasks.send_weekly_action_reminders"
    assert entry["task"] in app.tasks
    assert entry["schedule"].minute == {0} and len(entry["schedule"].hour) == 24


def test_monday_seven_on_each_office_clock():
    assert reminders.zones_due(MONDAY_7_WIB) == ["Asia/Jakarta"]
    assert reminders.zones_due(MONDAY_7_WIB - dt.timedelta(hours=1)) == ["Asia/Makassar"]  # 07.05 WITA
    assert reminders.zones_due(MONDAY_7_WIB - dt.timedelta(hours=2)) == ["Asia/Jayapura"]
    assert reminders.zones_due(MONDAY_7_WIB + dt.timedelta(hours=1)) == []
    assert reminders.zones_due(MONDAY_7_WIB + dt.timedelta(days=1)) == []


def test_the_task_mails_each_user_what_waits_on_them(world):
    make_work(world, 2)
    office_for(OfficeLevel.REGENCY, world.flotim)  # WITA: not yet its Monday 07.00
    with eager_tasks():
        offices = tasks.send_weekly_action_reminders(at=MONDAY_7_WIB.isoformat())
    assert offices >= 2
    by_address = {message.to[0]: message for message in mail.outbox}
    staff = world.users["tanggamus_staff"]
    body = by_address[staff.email].body
    assert by_address[staff.email].subject.startswith("SIDP3: perlu tindakan Anda minggu ini")
    assert "2 evaluasi lokus dikembalikan untuk diperbaiki" in body
    assert "1 berkas impor belum dikonfirmasi" in body
    assert f"{settings.SIDP3_SITE_URL}/kegiatan/" in body and "/accounts/profil/" in body
    # A viewer has nothing waiting: no e-mail.
    assert world.users["tanggamus_viewer"].email not in by_address
    # The province's commissioner: its own list and the summary of its regencies.
    province = by_address[world.users["lampung_commissioner"].email].body
    assert "2 evaluasi lokus menunggu persetujuan" in province
    assert "Ringkasan kabupaten/kota" in province and "Tanggamus" in province
    assert "2 lokus ditetapkan belum ber-PKS" in province
    # Nothing to NTT's offices at 08.05 WITA.
    assert not any("flotim" in address or "ntt" in address for address in by_address)


def test_a_user_who_turned_it_off_receives_nothing(world):
    make_work(world, 1)
    staff = world.users["tanggamus_staff"]
    User.objects.filter(pk=staff.pk).update(weekly_reminders=False)
    office = office_for(OfficeLevel.REGENCY, world.tanggamus)
    sent = reminders.send_office_reminders(office=office, now=MONDAY_7_WIB)
    addresses = [message.to[0] for message in mail.outbox]
    assert staff.email not in addresses and world.users["tanggamus_commissioner"].email in addresses
    assert sent == len(addresses)


def test_a_second_run_in_the_hour_sends_nothing_again(world):
    make_work(world, 1)
    office = office_for(OfficeLevel.REGENCY, world.tanggamus)
    first = reminders.send_office_reminders(office=office, now=MONDAY_7_WIB)
    assert first > 0
    assert reminders.send_office_reminders(office=office, now=MONDAY_7_WIB + dt.timedelta(minutes=30)) == 0
    assert len(mail.outbox) == first
    # The next Monday sends again.
    assert reminders.send_office_reminders(office=office, now=MONDAY_7_WIB + dt.timedelta(days=7)) == first
