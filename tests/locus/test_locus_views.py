"""The loci pages: list (filters, counts, scoping, query count), export, proposal through the form, the steps,
documents, a retired village, and the change history."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from locus.choices import DocumentKind, IncidentKind, LocusCategory, LocusStatus
from locus.models import (
    Election,
    ElectionIndicator,
    IncidentRecord,
    Locus,
    LocusDocument,
    LocusEvent,
    ProgrammeYear,
    Village,
)
from locus.services.loci import locus_designate, locus_document_add, locus_propose
from regions.choices import VillageKind
from tests.factories import regency, village

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
C = LocusCategory
S = LocusStatus


def _html(response) -> str:
    return response.content.decode()


def propose(world, village=None, *, actor="tanggamus_staff", year=2021, category=C.LOW_TURNOUT) -> Locus:
    return locus_propose(
        actor=world.users[actor],
        village=village or world.gunung_kasih,
        programme_year=ProgrammeYear.objects.get(year=year),
        category=category,
        rationale="Partisipasi Pemilu 2019 terendah di kecamatannya.",
    )


def designate(world, locus, *, actor="lampung_commissioner") -> Locus:
    return locus_designate(
        actor=world.users[actor],
        locus=locus,
        decree_number="12/PP.06-Kpt/18/Prov/VI/2021",
        decree_date=dt.date(2021, 6, 7),
    )


def sukabanjar() -> Village:
    return Village.objects.get(code="18.06.21.2005")


def login(client, world, actor: str):
    client.force_login(world.users[actor])
    return client


@pytest.fixture
def loci(world):
    """Three loci of 2021 (two in Tanggamus, one in Flores Timur) and one of 2022 in Tanggamus."""
    gunung_kasih = propose(world)
    suka = designate(world, propose(world, sukabanjar(), category=C.CONFLICT_DISASTER))
    waibalun = propose(world, world.flotim_village, actor="flotim_commissioner")
    later = propose(world, year=2022, category=C.HIGH_VIOLATION)
    return {"gunung_kasih": gunung_kasih, "sukabanjar": suka, "waibalun": waibalun, "later": later}


# --- list --------------------------------------------------------------------------------------------------


def test_list_opens_on_the_latest_year_with_loci(client, world, loci):
    response = login(client, world, "national_admin").get(reverse("locus:locus_list"))
    assert response.status_code == 200
    assert [locus.pk for locus in response.context["loci"]] == [loci["later"].pk]
    assert "Lokus DP3 2022" in _html(response)

    # "Semua tahun" (an empty year) lists every year.
    response = client.get(reverse("locus:locus_list"), {"tahun": ""})
    assert {locus.pk for locus in response.context["loci"]} == {locus.pk for locus in loci.values()}


def test_list_filters_and_counts_per_category_and_status(client, world, loci):
    login(client, world, "national_admin")
    response = client.get(reverse("locus:locus_list"), {"tahun": "2021"})
    assert {locus.village_id for locus in response.context["loci"]} == {
        "18.06.11.2016",
        "18.06.21.2005",
        "53.06.03.1001",
    }
    cards = {
        row.category: (row.total, dict(statuses)) for row, statuses, _ in response.context["category_cards"]
    }
    assert cards == {
        C.LOW_TURNOUT: (2, {"Diusulkan": 2}),
        C.CONFLICT_DISASTER: (1, {"Ditetapkan": 1}),
        C.HIGH_VIOLATION: (0, {}),
    }
    assert [(label, n) for label, n, _ in response.context["status_cards"]] == [
        ("Diusulkan", 2),
        ("Ditetapkan", 1),
    ]

    response = client.get(reverse("locus:locus_list"), {"tahun": "2021", "kategori": C.CONFLICT_DISASTER})
    assert [locus.village_id for locus in response.context["loci"]] == ["18.06.21.2005"]
    html = _html(response)
    assert "Sukabanjar" in html and "12/PP.06-Kpt/18/Prov/VI/2021" in html and "7 Juni 2021" in html
    assert "Gunung Kasih" not in html

    response = client.get(
        reverse("locus:locus_list"), {"tahun": "2021", "status": S.PROPOSED, "provinsi": "53"}
    )
    assert [locus.village_id for locus in response.context["loci"]] == ["53.06.03.1001"]
    response = client.get(reverse("locus:locus_list"), {"tahun": "2021", "kabupaten": "18.06"})
    assert len(response.context["loci"]) == 2


def test_filter_choices_stay_in_the_jurisdiction(client, world, loci):
    regency("18.01", "Kabupaten Lampung Barat")
    form = login(client, world, "national_admin").get(reverse("locus:locus_list")).context["filter"].form
    assert {"provinsi", "kabupaten"} <= set(form.fields)
    # With a province chosen, its regencies only.
    form = client.get(reverse("locus:locus_list"), {"provinsi": "53"}).context["filter"].form
    assert [r.code for r in form.fields["kabupaten"].queryset] == ["53.06"]

    form = login(client, world, "lampung_admin").get(reverse("locus:locus_list")).context["filter"].form
    assert "provinsi" not in form.fields
    assert [r.code for r in form.fields["kabupaten"].queryset] == ["18.01", "18.06"]
    # A regency of another province is not a choice: an error, and nothing listed.
    response = client.get(reverse("locus:locus_list"), {"tahun": "2021", "kabupaten": "53.06"})
    assert "kabupaten" in response.context["filter"].errors
    assert list(response.context["loci"]) == []

    form = login(client, world, "tanggamus_staff").get(reverse("locus:locus_list")).context["filter"].form
    assert "provinsi" not in form.fields and "kabupaten" not in form.fields


def test_flores_timur_sees_none_of_tanggamus_loci(client, world, loci):
    response = login(client, world, "flotim_admin").get(reverse("locus:locus_list"), {"tahun": ""})
    assert [locus.village_id for locus in response.context["loci"]] == ["53.06.03.1001"]
    assert sum(row.total for row, _, _ in response.context["category_cards"]) == 1
    html = _html(response)
    assert "Gunung Kasih" not in html and "Sukabanjar" not in html
    for locus in (loci["gunung_kasih"], loci["sukabanjar"]):
        assert client.get(locus.get_absolute_url()).status_code == 404


def test_list_buttons_follow_the_role(client, world, loci):
    html = _html(login(client, world, "lampung_admin").get(reverse("locus:locus_list")))
    assert reverse("locus:locus_create") in html and reverse("locus:locus_import") in html
    assert reverse("locus:ranking") in html and "format=xlsx" in html and "format=csv" in html
    html = _html(login(client, world, "tanggamus_staff").get(reverse("locus:locus_list")))
    assert reverse("locus:locus_create") in html and reverse("locus:locus_import") not in html
    html = _html(login(client, world, "lampung_viewer").get(reverse("locus:locus_list")))
    assert reverse("locus:locus_create") not in html and reverse("locus:locus_import") not in html


def _many_loci(world, count: int, first: int) -> None:
    villages = Village.objects.bulk_create(
        Village(
            code=f"18.06.11.{2100 + n}", name=f"Sukamaju {n}", kind=VillageKind.DESA, district=world.pugung
        )
        for n in range(first, first + count)
    )
    for index, place in enumerate(villages):
        locus = propose(world, place, category=list(C)[index % 3])
        if index % 2:
            designate(world, locus)


def _queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params).status_code == 200
    return len(context.captured_queries)


def test_list_query_count_does_not_grow_with_the_rows(client, world, django_assert_max_num_queries):
    _many_loci(world, 3, first=1)
    login(client, world, "lampung_admin")
    url = reverse("locus:locus_list")
    before = _queries(client, url, {"tahun": "2021"})
    _many_loci(world, 30, first=10)
    with django_assert_max_num_queries(13):  # +1: the session's authenticator (two-factor sign-in)
        response = client.get(url, {"tahun": "2021"})
    assert len(response.context["loci"]) == 25  # one page
    assert _queries(client, url, {"tahun": "2021"}) == before
    assert _queries(client, url, {"tahun": "2021", "page": "2"}) == before


# --- export ------------------------------------------------------------------------------------------------


def test_export_xlsx_holds_only_the_users_rows(client, world, loci):
    response = login(client, world, "tanggamus_viewer").get(
        reverse("locus:locus_export"), {"format": "xlsx", "tahun": "2021"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="lokus-dp3-2021.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Kode Desa", "Nama Desa")
    assert sorted(row[0] for row in rows[1:]) == ["18.06.11.2016", "18.06.21.2005"]

    response = login(client, world, "flotim_commissioner").get(
        reverse("locus:locus_export"), {"format": "xlsx", "tahun": ""}
    )
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["53.06.03.1001"]


def test_export_csv_follows_the_filters(client, world, loci):
    response = login(client, world, "national_viewer").get(
        reverse("locus:locus_export"), {"format": "csv", "tahun": "2021", "kategori": C.CONFLICT_DISASTER}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[:2] for row in rows[1:]] == [["18.06.21.2005", "Sukabanjar"]]
    assert rows[1][8] == "12/PP.06-Kpt/18/Prov/VI/2021"


def test_export_refuses_an_unknown_format(client, world):
    response = login(client, world, "national_viewer").get(reverse("locus:locus_export"), {"format": "pdf"})
    assert response.status_code == 400


# --- proposal ----------------------------------------------------------------------------------------------


def test_proposal_form_is_prefilled_from_the_ranking_link(client, world):
    response = login(client, world, "tanggamus_staff").get(
        reverse("locus:locus_create"),
        {"desa": "18.06.11.2016", "kategori": C.CONFLICT_DISASTER, "tahun": "2022"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["village"] == "18.06.11.2016"
    assert form.initial["category"] == C.CONFLICT_DISASTER
    assert form.initial["programme_year"] == 2022
    html = _html(response)
    assert 'value="18.06.11.2016"' in html
    assert "Gunung Kasih · Pugung, Kabupaten Tanggamus" in html
    assert re.search(
        rf'<input type="radio" name="category" value="{C.CONFLICT_DISASTER}"[^>]* checked>', html
    )
    assert len(re.findall(r'<input type="radio" name="category"[^>]* checked>', html)) == 1
    assert '<option value="2022" selected>' in html


def test_proposal_through_the_form(client, world):
    response = login(client, world, "tanggamus_staff").post(
        reverse("locus:locus_create"),
        {
            "village": "1806112016",  # without dots, as it is often written
            "programme_year": "2021",
            "category": C.LOW_TURNOUT,
            "rationale": "Partisipasi Pemilu 2019 hanya 61%.",
        },
    )
    locus = Locus.objects.get()
    assert response.status_code == 302 and response["Location"] == locus.get_absolute_url()
    assert (locus.village_id, locus.status, locus.proposed_by) == (
        "18.06.11.2016",
        S.PROPOSED,
        world.users["tanggamus_staff"],
    )
    assert LocusEvent.objects.filter(locus=locus, to_status=S.PROPOSED).exists()
    assert "Gunung Kasih diusulkan sebagai lokus DP3 2021." in _html(client.get(response["Location"]))


def test_proposal_by_the_villages_unique_name(client, world):
    login(client, world, "tanggamus_staff").post(
        reverse("locus:locus_create"),
        {
            "village": "sukabanjar",
            "programme_year": "2021",
            "category": C.CONFLICT_DISASTER,
            "rationale": "Longsor.",
        },
    )
    assert Locus.objects.get().village_id == "18.06.21.2005"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"rationale": "  "}, "rationale", "Alasan pemilihan wajib diisi."),
        ({"category": ""}, "category", "Pilih salah satu kategori lokus."),
        ({"village": "53.06.03.1001"}, "village", "tidak ditemukan di wilayah kerja Anda"),
        ({"village": "Waibalun"}, "village", "tidak ditemukan di wilayah kerja Anda"),
        ({"village": ""}, "village", "Pilih desa/kelurahan yang diusulkan."),
    ],
)
def test_proposal_errors_are_shown_on_their_fields(client, world, data, field, message):
    post = {
        "village": "18.06.11.2016",
        "programme_year": "2021",
        "category": C.LOW_TURNOUT,
        "rationale": "Alasan.",
    }
    response = login(client, world, "tanggamus_staff").post(reverse("locus:locus_create"), post | data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert message in _html(response)
    assert not Locus.objects.exists()


def test_proposal_of_a_village_that_is_already_a_locus_this_year(client, world):
    propose(world)
    response = login(client, world, "tanggamus_commissioner").post(
        reverse("locus:locus_create"),
        {
            "village": "18.06.11.2016",
            "programme_year": "2021",
            "category": C.HIGH_VIOLATION,
            "rationale": "Ulang.",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["village"] == [
        "Desa Gunung Kasih sudah menjadi lokus pada tahun 2021."
    ]
    assert Locus.objects.count() == 1
    # Another year is another locus.
    response = client.post(
        reverse("locus:locus_create"),
        {
            "village": "18.06.11.2016",
            "programme_year": "2022",
            "category": C.HIGH_VIOLATION,
            "rationale": "Lanjut.",
        },
    )
    assert response.status_code == 302 and Locus.objects.count() == 2


def test_proposal_of_a_retired_village_is_refused_on_the_field(client, world):
    Village.objects.filter(code="18.06.21.2005").update(retired_at=dt.date(2025, 7, 1))
    response = login(client, world, "tanggamus_staff").post(
        reverse("locus:locus_create"),
        {
            "village": "18.06.21.2005",
            "programme_year": "2021",
            "category": C.LOW_TURNOUT,
            "rationale": "Alasan.",
        },
    )
    assert response.context["form"].errors["village"] == ["Kode desa 18.06.21.2005 sudah tidak berlaku."]


def test_village_suggestions_stay_in_the_jurisdiction(client, world):
    url = reverse("locus:village_options")
    response = login(client, world, "tanggamus_staff").get(url, {"q": "gunung"})
    assert [v.code for v in response.context["villages"]] == ["18.06.11.2016"]
    assert 'data-village-code="18.06.11.2016"' in _html(response)
    response = client.get(url, {"q": "18.06.21"})
    assert [v.code for v in response.context["villages"]] == ["18.06.21.2005"]
    assert "Ketik minimal 3 huruf" in _html(client.get(url, {"q": "gu"}))

    response = login(client, world, "flotim_admin").get(url, {"q": "gunung"})
    assert response.context["villages"] == []
    assert "Tidak ada desa di wilayah kerja Anda" in _html(response)


def test_village_suggestions_are_at_most_ten(client, world):
    Village.objects.bulk_create(
        Village(
            code=f"18.06.11.{2100 + n}", name=f"Sukamaju {n}", kind=VillageKind.DESA, district=world.pugung
        )
        for n in range(15)
    )
    response = login(client, world, "lampung_staff").get(reverse("locus:village_options"), {"q": "sukamaju"})
    assert len(response.context["villages"]) == 10


def test_update_corrects_a_proposal_and_only_a_proposal(client, world):
    locus = propose(world)
    url = reverse("locus:locus_update", args=[locus.pk])
    response = login(client, world, "tanggamus_commissioner").post(
        url, {"category": C.HIGH_VIOLATION, "rationale": "Temuan pelanggaran Pilkada 2020 tertinggi."}
    )
    assert response.status_code == 302
    locus.refresh_from_db()
    assert (locus.category, locus.rationale) == (
        C.HIGH_VIOLATION,
        "Temuan pelanggaran Pilkada 2020 tertinggi.",
    )

    designate(world, locus)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == locus.get_absolute_url()
    assert "Hanya lokus yang masih diusulkan yang dapat diubah." in _html(client.get(response["Location"]))


# --- steps -------------------------------------------------------------------------------------------------


def _step(locus, step: str) -> str:
    return reverse("locus:locus_transition", args=[locus.pk, step])


@pytest.mark.parametrize("typed_date", ["20/05/2021", "2021-05-20"])
def test_designation_with_a_decree_pdf(client, world, typed_date):
    locus = propose(world)
    response = login(client, world, "lampung_commissioner").post(
        _step(locus, "tetapkan"),
        {
            "decree_number": "123/PP.06-Kpt/18/Prov/V/2021",
            "decree_date": typed_date,
            "decree_file": SimpleUploadedFile("sk-lokus.pdf", PDF, "application/pdf"),
            "note": "Rapat pleno 20 Mei 2021.",
        },
    )
    assert response.status_code == 302
    locus.refresh_from_db()
    assert locus.status == S.DESIGNATED
    assert (locus.decree_number, locus.decree_date) == ("123/PP.06-Kpt/18/Prov/V/2021", dt.date(2021, 5, 20))
    document = LocusDocument.objects.get(locus=locus)
    assert (document.kind, document.content_type) == (DocumentKind.DECREE, "application/pdf")

    html = _html(client.get(locus.get_absolute_url()))
    assert "Lokus Gunung Kasih kini berstatus Ditetapkan." in html
    assert reverse("locus:document_download", args=[document.pk]) in html
    assert "Rapat pleno 20 Mei 2021." in html  # the timeline's note
    download = client.get(reverse("locus:document_download", args=[document.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == PDF


def test_designation_errors_are_on_their_fields_and_nothing_is_saved(client, world):
    locus = propose(world)
    response = login(client, world, "lampung_commissioner").post(
        _step(locus, "tetapkan"),
        {
            "decree_number": "123/2021",
            "decree_date": "31/02/2021",
            "decree_file": SimpleUploadedFile("sk.pdf", b"bukan pdf", "application/pdf"),
        },
    )
    assert response.context["form"].errors == {
        "decree_date": ["Tanggal tidak dikenali. Tulis seperti 20/05/2021 (tanggal/bulan/tahun)."]
    }
    response = client.post(
        _step(locus, "tetapkan"),
        {
            "decree_number": "123/2021",
            "decree_date": "20/05/2021",
            "decree_file": SimpleUploadedFile("sk.pdf", b"bukan pdf", "application/pdf"),
        },
    )
    # The upload check of the service, on the upload field; the locus is not designated.
    assert response.context["form"].errors == {
        "decree_file": ["Isi berkas tidak sesuai dengan jenisnya (.pdf)."]
    }
    locus.refresh_from_db()
    assert (locus.status, locus.decree_number) == (S.PROPOSED, "")
    assert not LocusDocument.objects.exists()
    assert LocusEvent.objects.filter(locus=locus).count() == 1


def test_a_regency_office_may_not_designate(client, world):
    locus = propose(world)
    response = login(client, world, "tanggamus_commissioner").post(
        _step(locus, "tetapkan"), {"decree_number": "1/2021", "decree_date": "20/05/2021"}
    )
    assert response.status_code == 403
    locus.refresh_from_db()
    assert locus.status == S.PROPOSED


def test_rejection_needs_a_reason(client, world):
    locus = propose(world)
    login(client, world, "lampung_admin")
    response = client.post(_step(locus, "tolak"), {"reason": " "})
    assert response.context["form"].errors == {"reason": ["Alasan penolakan wajib diisi."]}
    locus.refresh_from_db()
    assert locus.status == S.PROPOSED

    response = client.post(_step(locus, "tolak"), {"reason": "Desa ini sudah menjadi lokus program lain."})
    assert response.status_code == 302
    locus.refresh_from_db()
    assert (locus.status, locus.status_reason) == (S.REJECTED, "Desa ini sudah menjadi lokus program lain.")
    html = _html(client.get(locus.get_absolute_url()))
    assert "Alasan penolakan" in html and "Desa ini sudah menjadi lokus program lain." in html


def test_a_step_the_status_does_not_allow_goes_back_to_the_locus(client, world):
    locus = designate(world, propose(world))
    response = login(client, world, "lampung_commissioner").get(_step(locus, "tetapkan"))
    assert response.status_code == 302 and response["Location"] == locus.get_absolute_url()
    assert "tidak dapat diubah menjadi Ditetapkan" in _html(client.get(response["Location"]))
    assert login(client, world, "lampung_commissioner").get(_step(locus, "terbang")).status_code == 404


def test_agreement_date_before_the_decree_is_refused_on_its_field(client, world):
    locus = designate(world, propose(world))
    response = login(client, world, "tanggamus_commissioner").post(
        _step(locus, "pks"),
        {
            "agreement_number": "01/PKS/2021",
            "agreement_date": "01/06/2021",
            "agreement_signatories": "Ketua KPU Kabupaten Tanggamus; Kepala Pekon Gunung Kasih",
        },
    )
    assert response.context["form"].errors == {
        "agreement_date": ["Tanggal PKS tidak boleh sebelum tanggal SK."]
    }
    response = client.post(
        _step(locus, "pks"),
        {
            "agreement_number": "01/PKS/2021",
            "agreement_date": "2021-06-10",
            "agreement_signatories": "Ketua KPU Kabupaten Tanggamus; Kepala Pekon Gunung Kasih",
        },
    )
    assert response.status_code == 302
    locus.refresh_from_db()
    assert (locus.status, locus.agreement_date) == (S.AGREEMENT_SIGNED, dt.date(2021, 6, 10))


def test_detail_offers_the_steps_the_user_may_take(client, world):
    locus = propose(world)
    html = _html(login(client, world, "lampung_commissioner").get(locus.get_absolute_url()))
    for step in ("tetapkan", "tolak", "batalkan"):
        assert _step(locus, step) in html
    html = _html(login(client, world, "tanggamus_commissioner").get(locus.get_absolute_url()))
    assert "/langkah/" not in html  # a regency office decides none of a proposal's steps
    assert reverse("locus:locus_update", args=[locus.pk]) in html
    designate(world, locus)
    html = _html(client.get(locus.get_absolute_url()))
    assert _step(locus, "pks") in html and _step(locus, "batalkan") not in html
    html = _html(login(client, world, "tanggamus_viewer").get(locus.get_absolute_url()))
    assert "/langkah/" not in html and reverse("locus:document_create", args=[locus.pk]) not in html


# --- detail ------------------------------------------------------------------------------------------------


def test_detail_shows_path_evidence_and_local_time(client, world):
    locus = propose(world, world.flotim_village, actor="flotim_commissioner")
    election = Election.objects.get(code="pemilu-2019")
    ElectionIndicator.objects.create(
        region_code="53.06.03", election=election, turnout_percent=Decimal("58.40")
    )
    ElectionIndicator.objects.create(
        region_code="53.06", election=Election.objects.get(code="pilkada-2020"), ikp_score=Decimal("61.50")
    )
    IncidentRecord.objects.create(
        region_code="53.06", kind=IncidentKind.FLOOD, year=2021, note="Siklon Seroja."
    )
    response = login(client, world, "ntt_admin").get(locus.get_absolute_url())
    assert response.status_code == 200
    html = _html(response)
    for region in (world.ntt, world.flotim, world.larantuka, world.flotim_village):
        assert f'href="{region.get_absolute_url()}"' in html
    assert [(i.region_code, str(level)) for i, level in response.context["indicators"]] == [
        ("53.06", "kabupaten/kota"),
        ("53.06.03", "kecamatan"),
    ]
    assert "58,40%" in html and "61,50" in html and "Siklon Seroja." in html
    event = LocusEvent.objects.get(locus=locus)
    local = event.at.astimezone(dt.timezone(dt.timedelta(hours=8)))
    assert f"{local:%H.%M} WITA" in html  # NTT is UTC+8
    assert world.users["flotim_commissioner"].office.name in html


def test_retired_village_stays_readable_with_its_successor(client, world):
    locus = propose(world)
    village_record = world.gunung_kasih
    village_record.retired_at = dt.date(2025, 7, 1)
    village_record.successor = sukabanjar()
    village_record.save()
    html = _html(login(client, world, "lampung_viewer").get(locus.get_absolute_url()))
    assert "Kode ini tidak berlaku sejak 1 Juli 2025." in html
    assert "Penggantinya:" in html and "Sukabanjar" in html
    assert "Gunung Kasih" in html

    village("18.06.11.2099", "Gunung Kasih Baru")
    Village.objects.filter(code="18.06.21.2005").update(
        retired_at=dt.date(2025, 8, 1), successor_id="18.06.11.2099"
    )
    html = _html(client.get(locus.get_absolute_url()))
    assert "Gunung Kasih Baru" in html  # the chain of successors is followed to the code in force


def test_history_shows_who_changed_what(client, world):
    locus = propose(world)
    login(client, world, "tanggamus_commissioner").post(
        reverse("locus:locus_update", args=[locus.pk]),
        {"category": C.CONFLICT_DISASTER, "rationale": "Banjir bandang 2021."},
    )
    response = login(client, world, "lampung_viewer").get(locus.get_absolute_url())
    history = response.context["history"]
    assert [entry.record.history_user for entry in history] == [
        world.users["tanggamus_commissioner"],
        world.users["tanggamus_staff"],
    ]
    assert [(c.label, c.old, c.new) for c in history[0].changes] == [
        ("Kategori", "Partisipasi Rendah", "Rawan Konflik/Bencana"),
        ("Alasan pemilihan", "Partisipasi Pemilu 2019 terendah di kecamatannya.", "Banjir bandang 2021."),
    ]
    assert history[1].is_creation
    html = _html(response)
    assert "Riwayat perubahan" in html and "Banjir bandang 2021." in html
    assert world.users["tanggamus_commissioner"].get_full_name() in html


# --- documents ---------------------------------------------------------------------------------------------


def test_documents_are_added_and_downloaded_only_in_scope(client, world):
    locus = propose(world)
    response = login(client, world, "tanggamus_staff").post(
        reverse("locus:document_create", args=[locus.pk]),
        {
            "kind": DocumentKind.OTHER,
            "title": "Berita acara pemetaan",
            "file": SimpleUploadedFile("ba.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    document = LocusDocument.objects.get()
    url = reverse("locus:document_download", args=[document.pk])
    assert url in _html(client.get(locus.get_absolute_url()))
    assert "/media/" not in _html(client.get(locus.get_absolute_url()))

    for actor in ("flotim_admin", "ntt_admin", "flotim_commissioner"):
        assert login(client, world, actor).get(url).status_code == 404
    response = login(client, world, "lampung_viewer").get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    client.logout()
    assert client.get(url).status_code == 302


def test_document_without_a_title_or_of_a_wrong_type(client, world):
    locus = propose(world)
    login(client, world, "tanggamus_staff")
    response = client.post(
        reverse("locus:document_create", args=[locus.pk]),
        {
            "kind": DocumentKind.OTHER,
            "title": "Foto",
            "file": SimpleUploadedFile("foto.gif", b"GIF89a", "image/gif"),
        },
    )
    assert response.context["form"].errors == {"file": ["Berkas harus berupa PDF, JPG atau PNG."]}
    response = client.post(
        reverse("locus:document_create", args=[locus.pk]),
        {
            "kind": DocumentKind.OTHER,
            "title": "",
            "file": SimpleUploadedFile("ba.pdf", PDF, "application/pdf"),
        },
    )
    assert response.context["form"].errors == {"title": ["Judul dokumen wajib diisi."]}
    assert not LocusDocument.objects.exists()


def test_a_document_whose_file_is_gone_is_a_404(client, world):
    locus = propose(world)
    document = locus_document_add(
        actor=world.users["tanggamus_staff"],
        locus=locus,
        kind=DocumentKind.OTHER,
        title="Hilang",
        upload=SimpleUploadedFile("hilang.pdf", PDF, "application/pdf"),
    )
    document.file.storage.delete(document.file.name)
    response = login(client, world, "tanggamus_staff").get(
        reverse("locus:document_download", args=[document.pk])
    )
    assert response.status_code == 404
