"""The read API's coordination meetings, evaluations and targets as a regency office, a province office and
KPU RI see them: the same rows as their pages (the pages' own selectors), another jurisdiction's record a 404,
the filters, a 400 naming an unreadable filter, and lists in a fixed number of queries whatever the page
size."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.choices import OfficeLevel, Role
from activities.choices import AttachmentKind, EvaluationStage, EvaluationStatus, FollowUpStatus, Mode
from activities.models import CoordinationMeeting, LocusEvaluation, Target
from activities.selectors.evaluations import locus_evaluation_figures
from activities.selectors.meetings import meeting_list
from activities.selectors.targets import target_list, targets_with_progress
from activities.services.evaluations import evaluation_approve, evaluation_create, evaluation_submit
from activities.services.meetings import AttendeeRow, FollowUpRow, meeting_attachment_add, meeting_create
from locus.models import ProgrammeYear, Regency
from tests.activities.factories_meetings import PDF, meeting_data, ntt_rakor, tanggamus_meeting
from tests.factories import UserFactory, office_for

pytestmark = pytest.mark.django_db


@dataclass
class ReadsData:
    api: object  # tests.api.conftest.ApiData
    meetings: dict[str, CoordinationMeeting]
    evaluations: dict[str, LocusEvaluation]
    targets: dict[str, Target]

    def user(self, actor: str):
        return self.api.user(actor)


def _meetings(world) -> dict[str, CoordinationMeeting]:
    lampung = office_for(OfficeLevel.PROVINCE, world.lampung)
    tanggamus = office_for(OfficeLevel.REGENCY, world.tanggamus)
    west = office_for(OfficeLevel.REGENCY, Regency.objects.get(code="18.04"))
    year = ProgrammeYear.objects.get(year=2021)
    province_meeting = meeting_create(
        actor=world.users["lampung_staff"],
        data=meeting_data(
            lampung,
            title="Rakor DP3 Provinsi Lampung",
            programme_year=year,
            starts_local=dt.datetime(2021, 9, 1, 9, 0),
            ends_local=dt.datetime(2021, 9, 1, 12, 0),
            participants=[tanggamus],
            attendees=[AttendeeRow("Angga Lazuardi", "Ketua KPU Kabupaten Tanggamus", office=tanggamus)],
            follow_ups=[FollowUpRow("Laporan kader", tanggamus, dt.date(2021, 10, 1), FollowUpStatus.DONE)],
        ),
    )
    meeting_attachment_add(
        actor=world.users["lampung_staff"],
        meeting=province_meeting,
        kind=AttachmentKind.DOCUMENT,
        title="Daftar hadir",
        upload=SimpleUploadedFile("daftar-hadir.pdf", PDF, "application/pdf"),
    )
    return {
        "tanggamus": tanggamus_meeting(world, programme_year=year),
        "lampung": province_meeting,
        "lampung_barat": meeting_create(
            actor=world.users["lampung_staff"],
            data=meeting_data(west, title="Koordinasi DP3 Lampung Barat", programme_year=year),
        ),
        "ntt": ntt_rakor(world),  # Flores Timur takes part
    }


def _evaluations(world, api_data) -> dict[str, LocusEvaluation]:
    west_user = UserFactory(
        username="lampung-barat-commissioner",
        office=office_for(OfficeLevel.REGENCY, Regency.objects.get(code="18.04")),
        role=Role.COMMISSIONER,
    )

    def draft(actor, locus, stage=EvaluationStage.END):
        return evaluation_create(actor=actor, locus=locus, stage=stage, assessment="baik", findings="Baik.")

    tanggamus = draft(world.users["tanggamus_commissioner"], api_data.tanggamus_locus)  # a draft
    west = evaluation_submit(actor=west_user, evaluation=draft(west_user, api_data.lampung_locus))
    flotim = draft(world.users["flotim_commissioner"], api_data.flotim_locus, EvaluationStage.MIDTERM)
    flotim = evaluation_submit(actor=world.users["flotim_commissioner"], evaluation=flotim)
    flotim = evaluation_approve(actor=world.users["ntt_admin"], evaluation=flotim, note="Lengkap.")
    return {"tanggamus_evaluation": tanggamus, "lampung_evaluation": west, "flotim_evaluation": flotim}


def _targets(world) -> dict[str, Target]:
    year = ProgrammeYear.objects.get(year=2021)

    def target(level, region, **values):
        return Target.objects.create(office=office_for(level, region), programme_year=year, **values)

    return {
        "national_target": target(OfficeLevel.NATIONAL, None, cadres=100, sessions=40),
        "lampung_target": target(OfficeLevel.PROVINCE, world.lampung, cadres=10, people_reached=500),
        "tanggamus_target": target(OfficeLevel.REGENCY, world.tanggamus, cadres=4, sessions=8),
        "flotim_target": target(OfficeLevel.REGENCY, world.flotim, cadres=3),
    }


@pytest.fixture
def reads_data(api_data) -> ReadsData:
    world = api_data.world
    return ReadsData(
        api=api_data,
        meetings=_meetings(world),
        evaluations=_evaluations(world, api_data),
        targets=_targets(world),
    )


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# --- who sees what ----------

SEEN = {
    "meeting": {
        "tanggamus_viewer": {"tanggamus", "lampung"},  # its own, and its province's rakor it attended
        "lampung_viewer": {"tanggamus", "lampung", "lampung_barat"},
        "national_viewer": {"tanggamus", "lampung", "lampung_barat", "ntt"},
        "flotim_admin": {"ntt"},  # NTT's rakor, which it attended
    },
    "evaluation": {
        "tanggamus_viewer": {"tanggamus_evaluation"},
        "lampung_viewer": {
            "tanggamus_evaluation",
            "lampung_evaluation",
        },  # a regency's draft too, as the page
        "national_viewer": {"tanggamus_evaluation", "lampung_evaluation", "flotim_evaluation"},
        "flotim_admin": {"flotim_evaluation"},
    },
    "target": {
        "tanggamus_viewer": {"tanggamus_target"},
        "lampung_viewer": {"lampung_target", "tanggamus_target"},
        "national_viewer": {"national_target", "lampung_target", "tanggamus_target", "flotim_target"},
        "flotim_admin": {"flotim_target"},
    },
}
RECORDS = {"meeting": "meetings", "evaluation": "evaluations", "target": "targets"}
CASES = [(name, actor) for name in sorted(SEEN) for actor in sorted(SEEN[name])]


def _records(data: ReadsData, name: str) -> dict:
    return getattr(data, RECORDS[name])


@pytest.mark.parametrize(("name", "actor"), CASES)
def test_a_list_holds_the_jurisdiction_only(reads_data, api_get, name, actor):
    records = _records(reads_data, name)
    response = api_get(reads_data.user(actor), reverse(f"api:{name}-list"))
    assert _ids(response) == {records[key].pk for key in SEEN[name][actor]}


@pytest.mark.parametrize(("name", "actor"), CASES)
def test_a_detail_is_a_404_outside_the_jurisdiction(reads_data, api_get, name, actor):
    for key, record in _records(reads_data, name).items():
        response = api_get(reads_data.user(actor), reverse(f"api:{name}-detail", args=[record.pk]))
        assert response.status_code == (200 if key in SEEN[name][actor] else 404), (key, response.status_code)


@pytest.mark.parametrize("actor", sorted(SEEN["meeting"]))
def test_meetings_are_the_meeting_list_pages(reads_data, api_get, actor):
    user = reads_data.user(actor)
    page = set(meeting_list(user=user).values_list("pk", flat=True))
    assert _ids(api_get(user, reverse("api:meeting-list"))) == page


# --- meetings ----------


def test_a_meeting_as_its_page_shows_it(reads_data, api_get):
    meeting = reads_data.meetings["ntt"]
    body = api_get(reads_data.user("flotim_admin"), reverse("api:meeting-detail", args=[meeting.pk])).json()
    assert body["title"] == "Rakor DP3 Provinsi NTT"
    assert (body["organiser_name"], body["organiser_level"]) == (meeting.organiser.name, "provinsi")
    assert body["time_zone"] == "Asia/Makassar"
    assert body["mode"] == Mode.ONLINE and body["mode_label"] == "Daring"
    assert body["participant_count"] == 1
    assert [office["regency"] for office in body["participants"]] == ["53.06"]
    assert [(row["name"], row["position"], row["institution"]) for row in body["attendees"]] == [
        ("Yosafat Koli", "Anggota KPU Provinsi NTT", ""),
        ("Sahran Raden", "Anggota KPU Provinsi Sulawesi Tengah", "KPU Sulteng"),
    ]
    assert [item["title"] for item in body["agenda"]] == ["Laporan panitia", "Diskusi"]
    assert [(s["name"], s["topic"]) for s in body["speakers"]] == [("Sahran Raden", "Advokasi anggaran")]
    (follow_up,) = body["follow_ups"]
    assert follow_up["description"] == "Advokasi anggaran DP3"
    assert follow_up["due_on"] == "2021-12-31"
    assert follow_up["status"] == FollowUpStatus.IN_PROGRESS
    assert follow_up["responsible_name"] == meeting.follow_ups.get().responsible.name
    assert follow_up["overdue"] is True  # past due on Flores Timur's calendar, not done
    assert body["minutes"].startswith("## Diskusi")
    assert "signatory_name" not in body  # the minutes PDF's signature block, not the page


def test_a_meetings_attachments_are_titles_and_kinds_only(reads_data, api_get):
    meeting = reads_data.meetings["lampung"]
    body = api_get(
        reads_data.user("tanggamus_viewer"), reverse("api:meeting-detail", args=[meeting.pk])
    ).json()
    assert body["attachments"] == [{"title": "Daftar hadir", "kind": "dokumen", "kind_label": "Dokumen"}]
    assert body["follow_ups"][0]["overdue"] is False  # done
    listed = api_get(reads_data.user("tanggamus_viewer"), reverse("api:meeting-list")).json()["results"]
    assert not {"attendees", "minutes", "attachments", "meeting_link"} & set(listed[0])


def test_meeting_filters(reads_data, api_get):
    user, url, m = reads_data.user("national_viewer"), reverse("api:meeting-list"), reads_data.meetings
    pk = {key: meeting.pk for key, meeting in m.items()}
    assert _ids(api_get(user, url, {"province": "53"})) == {pk["ntt"]}
    assert _ids(api_get(user, url, {"regency": "18.04"})) == {pk["lampung_barat"]}
    assert _ids(api_get(user, url, {"level": "provinsi"})) == {pk["lampung"], pk["ntt"]}
    assert _ids(api_get(user, url, {"organiser": m["lampung"].organiser_id})) == {pk["lampung"]}
    assert _ids(api_get(user, url, {"year": 2021})) == {pk["tanggamus"], pk["lampung"], pk["lampung_barat"]}
    assert _ids(api_get(user, url, {"mode": "luring"})) == {pk["tanggamus"]}
    # Days on the organiser's clock, as the list page's "dari"/"sampai".
    assert _ids(api_get(user, url, {"date_from": "2021-09-01"})) == {
        pk["lampung"],
        pk["lampung_barat"],
        pk["ntt"],
    }
    november = {"date_from": "2021-11-01", "date_to": "2021-11-30"}
    assert _ids(api_get(user, url, november)) == {pk["lampung_barat"], pk["ntt"]}
    assert _ids(api_get(user, url, {"date_to": "2021-06-10"})) == {pk["tanggamus"]}


# --- evaluations ----------


def test_an_evaluation_as_its_page_shows_it(reads_data, api_get):
    approved = reads_data.evaluations["flotim_evaluation"]
    body = api_get(reads_data.user("ntt_admin"), reverse("api:evaluation-detail", args=[approved.pk])).json()
    assert (body["status"], body["status_label"]) == (EvaluationStatus.APPROVED, "Disetujui")
    assert (body["stage"], body["stage_label"]) == (EvaluationStage.MIDTERM, "Tengah tahapan")
    assert body["submitted_at"] and body["approved_at"]
    assert body["review_note"] == "Lengkap."
    assert body["approved_by"] == reads_data.user("ntt_admin").get_full_name()
    assert body["figures_frozen"] is True
    assert body["figures"] == approved.figures  # frozen when submitted
    assert body["village"] == "53.06.03.1001" and body["regency"] == "53.06"

    draft = reads_data.evaluations["tanggamus_evaluation"]
    body = api_get(
        reads_data.user("lampung_viewer"), reverse("api:evaluation-detail", args=[draft.pk])
    ).json()
    assert body["status"] == EvaluationStatus.DRAFT
    assert body["figures_frozen"] is False
    assert body["figures"] == locus_evaluation_figures(locus=draft.locus).as_json()  # live
    assert body["submitted_by"] is None
    assert body["findings"] == "Baik."


def test_evaluation_filters(reads_data, api_get):
    user, url = reads_data.user("national_viewer"), reverse("api:evaluation-list")
    pk = {key: evaluation.pk for key, evaluation in reads_data.evaluations.items()}
    assert _ids(api_get(user, url, {"status": "draf"})) == {pk["tanggamus_evaluation"]}
    both = {"status": ["diajukan", "disetujui"]}
    assert _ids(api_get(user, url, both)) == {pk["lampung_evaluation"], pk["flotim_evaluation"]}
    assert _ids(api_get(user, url, {"stage": "tengah"})) == {pk["flotim_evaluation"]}
    assert _ids(api_get(user, url, {"province": "18"})) == {
        pk["tanggamus_evaluation"],
        pk["lampung_evaluation"],
    }
    assert _ids(api_get(user, url, {"regency": "18.04"})) == {pk["lampung_evaluation"]}
    locus = reads_data.api.flotim_locus.pk
    assert _ids(api_get(user, url, {"locus": locus})) == {pk["flotim_evaluation"]}
    assert _ids(api_get(user, url, {"year": 2022})) == set()
    assert len(_ids(api_get(user, url, {"year": 2021}))) == 3


# --- targets ----------


def test_targets_carry_the_target_pages_progress(reads_data, api_get):
    user = reads_data.user("lampung_viewer")
    body = api_get(user, reverse("api:target-list")).json()["results"]
    page = {row.target.pk: row for row in targets_with_progress(target_list(user=user))}
    assert {row["id"] for row in body} == set(page)
    for row in body:
        expected = page[row["id"]]
        assert [
            (i["indicator"], i["target"], i["achieved"], i["percent"], i["reached"])
            for i in row["indicators"]
        ] == [(p.figure, p.target, p.done, p.percent, p.reached) for p in expected.items]
    # Both Lampung cadres count for the province, Tanggamus' own for Tanggamus (registered: recruited).
    lampung = next(row for row in body if row["id"] == reads_data.targets["lampung_target"].pk)
    assert lampung["indicators"][0] == {
        "indicator": "cadres",
        "label": "Kader direkrut",
        "target": 10,
        "achieved": 2,
        "percent": 20,
        "reached": False,
    }
    tanggamus = reads_data.targets["tanggamus_target"]
    detail = api_get(user, reverse("api:target-detail", args=[tanggamus.pk])).json()
    assert detail["office_level"] == "kabupaten" and detail["regency"] == "18.06"
    assert [(i["indicator"], i["target"], i["achieved"]) for i in detail["indicators"]] == [
        ("cadres", 4, 1),
        ("sessions", 8, 0),
        ("people_reached", 0, 0),
    ]


def test_target_filters(reads_data, api_get):
    user, url = reads_data.user("national_viewer"), reverse("api:target-list")
    pk = {key: target.pk for key, target in reads_data.targets.items()}
    assert _ids(api_get(user, url, {"level": "kabupaten"})) == {pk["tanggamus_target"], pk["flotim_target"]}
    assert _ids(api_get(user, url, {"province": "18"})) == {pk["lampung_target"], pk["tanggamus_target"]}
    assert _ids(api_get(user, url, {"regency": "53.06"})) == {pk["flotim_target"]}
    office = reads_data.targets["national_target"].office_id
    assert _ids(api_get(user, url, {"office": office})) == {pk["national_target"]}
    assert _ids(api_get(user, url, {"year": 2022})) == set()


# --- shared behaviour ----------


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_updated_since(reads_data, api_get, name):
    records = _records(reads_data, name)
    model = type(next(iter(records.values())))
    old = timezone.now() - dt.timedelta(days=30)
    model.objects.update(updated_at=old)
    changed = next(iter(records.values()))
    model.objects.filter(pk=changed.pk).update(updated_at=timezone.now())
    user, url = reads_data.user("national_viewer"), reverse(f"api:{name}-list")
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()
    assert _ids(api_get(user, url, {"updated_since": since})) == {changed.pk}
    before = (old - dt.timedelta(seconds=1)).isoformat()
    assert _ids(api_get(user, url, {"updated_since": before})) == {record.pk for record in records.values()}


UNREADABLE = [
    ("meeting", "date_from", "3 November", "date_from: masukkan tanggal"),
    ("meeting", "updated_since", "kemarin", "updated_since: masukkan tanggal dan waktu ISO 8601"),
    ("meeting", "year", "2021.5", ""),
    ("meeting", "level", "desa", ""),
    ("evaluation", "status", "hilang", ""),
    ("evaluation", "stage", "awal", ""),
    ("evaluation", "locus", "satu", ""),
    ("target", "office", "KPU", ""),
    ("target", "level", "kecamatan", ""),
]


@pytest.mark.parametrize(("name", "field", "value", "message"), UNREADABLE)
def test_an_unreadable_filter_is_a_400_naming_the_field(reads_data, api_get, name, field, value, message):
    response = api_get(reads_data.user("national_viewer"), reverse(f"api:{name}-list"), {field: value})
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert response.json()[field][0].startswith(message)


# Per request: the session, the user, the page's rows, and then: a meeting list nothing more (its offices
# joined, its participants counted in the rows' query); an evaluation list nothing more (its places
# joined); a target list the page's progress, one query for the whole page.
LIST_QUERIES = {"meeting": 3, "evaluation": 3, "target": 4}


@pytest.mark.parametrize("name", sorted(LIST_QUERIES))
def test_a_list_answers_in_a_fixed_number_of_queries(reads_data, client, django_assert_num_queries, name):
    client.force_login(reads_data.user("national_viewer"))
    url = reverse(f"api:{name}-list")
    client.get(url)  # the session's first use
    for page_size in (1, 3):
        with django_assert_num_queries(LIST_QUERIES[name]):
            response = client.get(url, {"page_size": page_size})
        assert len(response.json()["results"]) == page_size


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_etag_answers_304_while_unchanged(reads_data, api_get, name):
    user = reads_data.user("lampung_viewer")
    first = api_get(user, reverse(f"api:{name}-list"))
    again = api_get(user, reverse(f"api:{name}-list"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
