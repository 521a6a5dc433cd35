"""Activities reported by cadres and their review by the office: a report waits as *dilaporkan* and counts
nowhere; accepted, it counts; returned, it carries the office's note; a report sent again with the same id
from the phone is the same activity."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from activities.choices import ActivityStatus
from activities.models import SocialisationActivity
from activities.selectors.evaluations import locus_evaluation_figures
from activities.selectors.outreach import outreach_totals
from activities.services.outreach import (
    ActivityData,
    activity_accept,
    activity_create,
    activity_resubmit,
    activity_return,
)
from locus import rules
from tests.activities.factories_evaluations import locus_at
from tests.activities.factories_trainings import cadre


@pytest.fixture
def place(world):
    gk = locus_at(world.gunung_kasih)
    flotim = locus_at(world.flotim_village)
    return {
        "gk": gk,
        "flotim": flotim,
        "ani": cadre(gk, "Ani Lestari"),
        "budi": cadre(gk, "Budi Santoso", sex="L"),
        "eko": cadre(flotim, "Eko Koli", sex="L"),
        "staff": world.users["tanggamus_staff"],
    }


def _errors(excinfo) -> dict:
    return {key: " ".join(messages) for key, messages in excinfo.value.message_dict.items()}


def _report(place, cadre_key="ani", client_id=None, **overrides):
    return activity(
        place["staff"],
        place["gk"],
        [place[cadre_key]],
        reported_by=place[cadre_key],
        client_id=client_id,
        **overrides,
    )


def activity(actor, locus, cadres, *, reported_by=None, client_id=None, **overrides):
    values = {
        "cadres": list(cadres),
        "held_on": dt.date(2021, 7, 10),
        "method": "door_to_door",
        "topic": "anti_politik_uang",
        "title": "Sosialisasi tolak politik uang dari rumah ke rumah",
        "reached_men": 20,
        "reached_women": 25,
    }
    values.update(overrides)
    return activity_create(
        actor=actor, locus=locus, data=ActivityData(**values), reported_by=reported_by, client_id=client_id
    )


def test_the_counted_statuses_are_the_rules_and_the_choices_take_them():
    assert rules.activity_counts(ActivityStatus.ACCEPTED)
    assert not rules.activity_counts(ActivityStatus.REPORTED)
    assert not rules.activity_counts(ActivityStatus.RETURNED)
    assert ActivityStatus.ACCEPTED.label == "Diterima"


def test_an_officers_activity_is_accepted_and_counts(place):
    a = activity(place["staff"], place["gk"], [place["ani"]])
    assert a.status == ActivityStatus.ACCEPTED and a.reported_by is None
    assert outreach_totals(user=place["staff"], year=2021).total == 45


def test_a_report_waits_and_counts_nowhere_until_accepted(place, world):
    a = _report(place)
    assert a.status == ActivityStatus.REPORTED
    assert a.reported_by == place["ani"]
    assert a.history.first().history_change_reason == "Dilaporkan kader."
    assert outreach_totals(user=place["staff"], year=2021).activities == 0
    assert locus_evaluation_figures(locus=place["gk"]).activities == 0

    reviewer = world.users["tanggamus_commissioner"]
    accepted = activity_accept(actor=reviewer, activity=a)
    assert accepted.status == ActivityStatus.ACCEPTED
    assert (accepted.reviewed_by, accepted.reviewed_at is not None) == (reviewer, True)
    entry = SocialisationActivity.history.filter(id=a.pk).first()
    assert (entry.history_user, entry.history_change_reason) == (reviewer, "Laporan kader diterima.")
    totals = outreach_totals(user=place["staff"], year=2021)
    assert (totals.activities, totals.total) == (1, 45)
    assert locus_evaluation_figures(locus=place["gk"]).activities == 1


def test_a_returned_report_keeps_the_note_counts_nowhere_and_may_be_sent_again(place):
    a = _report(place)
    returned = activity_return(actor=place["staff"], activity=a, note="  Foto kegiatan belum dilampirkan. ")
    assert (returned.status, returned.review_note) == (
        ActivityStatus.RETURNED,
        "Foto kegiatan belum dilampirkan.",
    )
    assert outreach_totals(user=place["staff"], year=2021).activities == 0
    data = ActivityData(
        cadres=[place["ani"]],
        held_on=a.held_on,
        method="door_to_door",
        topic="anti_hoaks",
        title="Sosialisasi anti hoaks",
        reached_men=10,
        reached_women=12,
    )
    again = activity_resubmit(actor=place["staff"], activity=a, data=data)
    assert (again.status, again.topic, again.reached_total) == (ActivityStatus.REPORTED, "anti_hoaks", 22)
    activity_accept(actor=place["staff"], activity=again)
    assert outreach_totals(user=place["staff"], year=2021).total == 22


def test_the_note_is_required_and_named(place):
    a = _report(place)
    with pytest.raises(ValidationError) as excinfo:
        activity_return(actor=place["staff"], activity=a, note="   ")
    assert "catatan pengembalian" in _errors(excinfo)["note"]
    assert SocialisationActivity.objects.get(pk=a.pk).status == ActivityStatus.REPORTED


def test_only_a_report_awaiting_review_is_reviewed(place):
    officers = activity(place["staff"], place["gk"], [place["ani"]])
    with pytest.raises(ValidationError) as excinfo:
        activity_accept(actor=place["staff"], activity=officers)
    assert "berstatus Diterima" in _errors(excinfo)["status"]
    a = _report(place)
    activity_accept(actor=place["staff"], activity=a)
    with pytest.raises(ValidationError):
        activity_return(actor=place["staff"], activity=a, note="Terlambat")
    with pytest.raises(ValidationError) as excinfo:
        activity_resubmit(actor=place["staff"], activity=a, data=ActivityData())
    assert "dikembalikan" in _errors(excinfo)["status"]


@pytest.mark.parametrize("who", ["tanggamus_viewer", "flotim_admin", "ntt_admin"])
def test_a_viewer_and_another_jurisdiction_are_refused(place, world, who):
    a = _report(place)
    with pytest.raises(PermissionDenied):
        activity_accept(actor=world.users[who], activity=a)
    with pytest.raises(PermissionDenied):
        activity_return(actor=world.users[who], activity=a, note="Tidak jelas")
    assert SocialisationActivity.objects.get(pk=a.pk).status == ActivityStatus.REPORTED


def test_the_province_office_may_review_as_the_policy_allows(place, world):
    a = _report(place)
    assert activity_accept(actor=world.users["lampung_staff"], activity=a).status == ActivityStatus.ACCEPTED


def test_the_reporter_must_be_an_appointed_cadre_of_the_locus(place):
    with pytest.raises(ValidationError) as excinfo:
        activity(place["staff"], place["gk"], [place["ani"]], reported_by=place["eko"])
    assert "Pelapor" in _errors(excinfo)["reported_by"]


def test_the_reporter_is_the_cadre_when_none_is_named(place):
    a = activity(place["staff"], place["gk"], [], reported_by=place["budi"])
    assert list(a.cadres.all()) == [place["budi"]]


def test_a_resend_with_the_same_id_is_the_same_activity_counted_once(place):
    client_id = uuid.uuid4()
    first = _report(place, client_id=client_id)
    again = _report(place, client_id=client_id, title="Judul lain yang dikirim ulang")
    assert again.pk == first.pk and again.title == first.title
    assert SocialisationActivity.objects.filter(client_id=client_id).count() == 1
    activity_accept(actor=place["staff"], activity=first)
    assert _report(place, client_id=client_id).status == ActivityStatus.ACCEPTED
    assert outreach_totals(user=place["staff"], year=2021).activities == 1


def test_the_id_of_another_reporters_report_is_refused(place):
    client_id = uuid.uuid4()
    _report(place, client_id=client_id)
    with pytest.raises(ValidationError) as excinfo:
        _report(place, cadre_key="budi", client_id=client_id)
    assert "id baru" in _errors(excinfo)["client_id"]
    assert SocialisationActivity.objects.count() == 1


# --- the pages ----------


def test_the_list_shows_the_status_and_filters_on_it(client, place):
    _report(place, title="Laporan kader Ani")
    activity(place["staff"], place["gk"], [place["budi"]], title="Dicatat petugas")
    client.force_login(place["staff"])
    url = reverse("activities:activity_list")
    page = client.get(url, {"tahun": ""})
    html = page.content.decode()
    assert page.context["paginator"].count == 2
    assert "activity-status-dilaporkan" in html and "activity-status-diterima" in html
    assert 'href="?tahun=&amp;status=dilaporkan"' in html  # one click away
    assert page.context["reach"].activities == 1  # the report counts only once accepted
    reported = client.get(url, {"tahun": "", "status": "dilaporkan"})
    assert [a.title for a in reported.context["activities"]] == ["Laporan kader Ani"]


def test_the_activity_page_offers_the_review_to_who_may_change_it(client, place, world):
    report = _report(place)
    client.force_login(place["staff"])
    html = client.get(report.get_absolute_url()).content.decode()
    assert reverse("activities:activity_accept", args=[report.pk]) in html
    assert reverse("activities:activity_return", args=[report.pk]) in html
    assert "Ani Lestari" in html and "belum dihitung" in html
    client.force_login(world.users["tanggamus_viewer"])
    html = client.get(report.get_absolute_url()).content.decode()
    assert "belum dihitung" in html and reverse("activities:activity_accept", args=[report.pk]) not in html


def test_returning_without_a_note_shows_the_message_then_the_note_is_shown(client, place):
    report = _report(place)
    client.force_login(place["staff"])
    url = reverse("activities:activity_return", args=[report.pk])
    page = client.post(url, {"note": " "})
    assert page.status_code == 200
    assert "catatan pengembalian" in page.context["form"].errors["note"][0]
    assert SocialisationActivity.objects.get(pk=report.pk).status == ActivityStatus.REPORTED
    response = client.post(url, {"note": "Foto belum ada."})
    assert response.status_code == 302
    html = client.get(report.get_absolute_url()).content.decode()
    assert "Foto belum ada." in html and "activity-returned" in html
    # Not awaiting review any more: back to the activity with a message, nothing changes.
    again = client.post(reverse("activities:activity_accept", args=[report.pk]))
    assert again.status_code == 302
    assert SocialisationActivity.objects.get(pk=report.pk).status == ActivityStatus.RETURNED


def test_an_accepted_report_names_its_reporter_and_reviewer(client, place, world):
    report = _report(place)
    client.force_login(world.users["tanggamus_commissioner"])
    assert client.post(reverse("activities:activity_accept", args=[report.pk])).status_code == 302
    html = client.get(report.get_absolute_url()).content.decode()
    assert "Dilaporkan oleh" in html and "Diterima oleh" in html
    assert outreach_totals(user=place["staff"], year=2021).activities == 1
