"""The three spreadsheet imports in the browser (loci, election indicators, conflict/disaster records):
upload → preview (a dry run) → confirm (all or nothing), the pending file kept on the server, and the
template downloads."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from kernel.imports import SESSION_KEY
from kernel.spreadsheets import write_table
from locus.choices import IncidentKind, LocusCategory, LocusStatus
from locus.models import ElectionIndicator, IncidentRecord, Locus, LocusEvent, Village
from locus.resources import INCIDENT_COLUMNS, INDICATOR_COLUMNS, LOCUS_COLUMNS
from tests.factories import village

LOCI_URL = "locus:locus_import"
INDICATORS_URL = "locus:indicator_import"
INCIDENTS_URL = "locus:incident_import"
LOCUS_HEADERS = [*LOCUS_COLUMNS, "Alasan"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def pending_files(media_root: Path) -> list[Path]:
    folder = media_root / "imports"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def csv_file(headers, rows) -> bytes:
    return write_table(list(headers), rows, fmt="csv")


def login(client, world, actor: str):
    client.force_login(world.users[actor])
    return client


def upload(client, name: str, data: bytes, url_name: str = LOCI_URL):
    """Upload a file; on success the view redirects to the same page, which shows the preview."""
    url = reverse(url_name)
    response = client.post(url, {"langkah": "unggah", "berkas": SimpleUploadedFile(name, data)})
    if response.status_code == 302:
        assert response.url == url
        return client.get(url)
    return response


def confirm(client, preview, url_name: str = LOCI_URL):
    token = preview.context["confirm_form"].initial["berkas_id"]
    return client.post(reverse(url_name), {"langkah": "impor", "berkas_id": token})


def locus_row(code="18.06.11.2016", year="2021", category="Partisipasi Rendah", status="Diusulkan", **extra):
    return [
        code,
        year,
        category,
        status,
        extra.get("number", ""),
        extra.get("date", ""),
        extra.get("why", ""),
    ]


GOOD_LOCI = [
    locus_row(why="Partisipasi terendah di Pugung."),
    locus_row(
        "18.06.21.2005",
        category="Rawan Konflik/Bencana",
        status="Ditetapkan",
        number="12/PP.06-Kpt/18/Prov/VI/2021",
        date="07/06/2021",
    ),
]


# --- loci ---------------------------------------------------------------------------------------------------


def test_upload_page_offers_templates_and_names_the_columns(client, world):
    response = login(client, world, "lampung_admin").get(reverse(LOCI_URL))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("locus:import_template", kwargs={"kind": "lokus", "fmt": "xlsx"}) in html
    assert reverse("locus:import_template", kwargs={"kind": "lokus", "fmt": "csv"}) in html
    assert "Unduh templat" in html
    assert 'accept=".xlsx,.ods,.xls,.csv' in html
    for column in LOCUS_HEADERS:
        assert column in html
    assert "Partisipasi Rendah, Rawan Konflik/Bencana, Potensi Pelanggaran Tinggi" in html


def test_preview_lists_every_row_and_saves_nothing_then_confirm_saves(client, world, media_root):
    login(client, world, "lampung_admin")
    preview = upload(client, "lokus-lampung.csv", csv_file(LOCUS_HEADERS, GOOD_LOCI))
    assert preview.status_code == 200
    assert preview.context["outcome"].ok
    rows = preview.context["preview"].rows
    assert [(row.number, row.status) for row in rows] == [(2, "new"), (3, "new")]
    html = preview.content.decode()
    assert "lokus-lampung.csv" in html and "Impor 2 baris sekarang" in html
    assert not Locus.objects.exists()
    assert len(pending_files(media_root)) == 1
    # The session names the file; the page only carries its id.
    assert str(media_root) not in html

    response = confirm(client, preview)
    assert response.status_code == 302 and response.url == reverse("locus:locus_list")
    loci = {locus.village_id: locus for locus in Locus.objects.all()}
    assert set(loci) == {"18.06.11.2016", "18.06.21.2005"}
    assert loci["18.06.21.2005"].status == LocusStatus.DESIGNATED
    assert loci["18.06.21.2005"].decree_date == dt.date(2021, 6, 7)
    assert loci["18.06.11.2016"].rationale == "Partisipasi terendah di Pugung."
    assert pending_files(media_root) == []
    assert SESSION_KEY not in client.session or "lokus" not in client.session[SESSION_KEY]
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Impor lokus-lampung.csv selesai: 2 baru, 0 diperbarui, 0 tidak berubah."]
    # After the import the page offers a new upload again.
    assert "confirm_form" not in client.get(reverse(LOCI_URL)).context


def test_one_bad_row_refuses_the_file_naming_row_and_column(client, world, media_root):
    login(client, world, "lampung_admin")
    rows = [*GOOD_LOCI, locus_row("18.06.11.9999"), locus_row("18.06.11.2016", category="Banyak Hoaks")]
    preview = upload(client, "lokus.csv", csv_file(LOCUS_HEADERS, rows))
    errors = [str(error) for error in preview.context["outcome"].errors]
    assert "Baris 4, kolom “Kode Desa”: kode desa 18.06.11.9999 tidak dikenal." in errors
    assert any(e.startswith("Baris 5, kolom “Kategori”: “Banyak Hoaks” bukan kategori") for e in errors)
    statuses = [(row.number, row.status) for row in preview.context["preview"].rows]
    assert statuses == [(2, "new"), (3, "new"), (4, "invalid"), (5, "invalid")]
    html = preview.content.decode()
    assert "Baris 4, kolom “Kode Desa”: kode desa 18.06.11.9999 tidak dikenal." in html
    assert "Berkas ditolak: 2 kesalahan" in html
    assert "Impor 4 baris sekarang" not in html  # no confirm button for a refused file
    assert not Locus.objects.exists()
    # Forcing the confirmation anyway saves nothing either: the import is all or nothing.
    response = confirm(client, preview)
    assert response.status_code == 200 and response.context["failed"]
    assert not Locus.objects.exists() and not LocusEvent.objects.exists()
    assert pending_files(media_root) == []


def test_reimporting_the_same_file_changes_nothing(client, world):
    login(client, world, "lampung_admin")
    rows = [GOOD_LOCI[0], [*GOOD_LOCI[1][:-1], "Longsor dan banjir berulang."]]
    data = csv_file(LOCUS_HEADERS, rows)
    confirm(client, upload(client, "lokus.csv", data))
    events = LocusEvent.objects.count()
    preview = upload(client, "lokus.csv", data)
    assert [row.status for row in preview.context["preview"].rows] == ["skip", "skip"]
    assert "Tidak berubah" in preview.content.decode()
    response = confirm(client, preview)
    assert [str(m) for m in response.wsgi_request._messages][-1].endswith(
        "0 baru, 0 diperbarui, 2 tidak berubah."
    )
    assert LocusEvent.objects.count() == events and Locus.objects.count() == 2


def test_reimporting_a_row_without_rationale_leaves_it_unchanged(client, world):
    login(client, world, "lampung_admin")
    data = csv_file(LOCUS_HEADERS, GOOD_LOCI[1:])
    confirm(client, upload(client, "lokus.csv", data))
    preview = upload(client, "lokus.csv", data)
    assert [row.status for row in preview.context["preview"].rows] == ["skip"]


def test_an_update_is_previewed_as_such_and_recorded(client, world):
    login(client, world, "lampung_admin")
    confirm(client, upload(client, "lokus.csv", csv_file(LOCUS_HEADERS, GOOD_LOCI[:1])))
    designated = locus_row(status="Ditetapkan", number="13/PP.06-Kpt/18/Prov/VI/2021", date="08/06/2021")
    preview = upload(client, "lokus.csv", csv_file(LOCUS_HEADERS, [designated]))
    assert [row.status for row in preview.context["preview"].rows] == ["update"]
    assert Locus.objects.get().status == LocusStatus.PROPOSED
    confirm(client, preview)
    locus = Locus.objects.get()
    assert locus.status == LocusStatus.DESIGNATED
    assert list(locus.events.values_list("from_status", "to_status")) == [
        ("", "usulan"),
        ("usulan", "ditetapkan"),
    ]


def test_retired_unknown_and_out_of_jurisdiction_codes_are_named(client, world):
    successor = village("18.06.11.2017", "Gunung Kasih Baru")
    Village.objects.filter(code="18.06.11.2016").update(retired_at=dt.date(2025, 7, 1), successor=successor)
    login(client, world, "lampung_admin")
    rows = [locus_row("18.06.11.2016"), locus_row("53.06.03.1001"), locus_row("99.99.99.9999")]
    preview = upload(client, "lokus.csv", csv_file(LOCUS_HEADERS, rows))
    errors = [str(error) for error in preview.context["outcome"].errors]
    assert errors[0].startswith("Baris 2, kolom “Kode Desa”: kode 18.06.11.2016 sudah tidak berlaku sejak")
    assert "gunakan kode penggantinya 18.06.11.2017 (Gunung Kasih Baru)" in errors[0]
    assert errors[1] == "Baris 3, kolom “Kode Desa”: kode 53.06.03.1001 berada di luar wilayah kerja Anda."
    assert errors[2] == "Baris 4, kolom “Kode Desa”: kode desa 99.99.99.9999 tidak dikenal."
    assert not Locus.objects.exists()


def test_data_that_changed_after_the_preview_fails_the_confirmation_and_saves_nothing(
    client, world, media_root
):
    login(client, world, "lampung_admin")
    preview = upload(client, "lokus.csv", csv_file(LOCUS_HEADERS, GOOD_LOCI))
    assert preview.context["outcome"].ok
    # Meanwhile the region list retires one of the villages.
    Village.objects.filter(code="18.06.21.2005").update(retired_at=dt.date(2025, 7, 1))
    response = confirm(client, preview)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Impor dibatalkan; tidak ada data yang disimpan." in html
    assert "Baris 3, kolom “Kode Desa”: kode 18.06.21.2005 sudah tidak berlaku sejak" in html
    assert not Locus.objects.exists()
    assert pending_files(media_root) == []
    assert response.context["form"] is not None  # a corrected file can be uploaded from here


def test_confirming_an_outdated_preview_or_a_forged_id_saves_nothing(client, world, media_root):
    login(client, world, "lampung_admin")
    preview = upload(client, "lokus.csv", csv_file(LOCUS_HEADERS, GOOD_LOCI))
    response = client.post(
        reverse(LOCI_URL), {"langkah": "impor", "berkas_id": "00000000-0000-0000-0000-000000000000"}
    )
    assert response.status_code == 302
    assert "tidak berlaku lagi" in [str(m) for m in response.wsgi_request._messages][0]
    assert not Locus.objects.exists()
    response = client.post(reverse(LOCI_URL), {"langkah": "impor", "berkas_id": "../../etc/passwd"})
    assert response.status_code == 302 and not Locus.objects.exists()
    # A second upload replaces the first: its preview can no longer be confirmed.
    upload(client, "lokus2.csv", csv_file(LOCUS_HEADERS, GOOD_LOCI[:1]))
    assert len(pending_files(media_root)) == 1
    response = confirm(client, preview)
    assert response.status_code == 302 and not Locus.objects.exists()


def test_cancel_removes_the_pending_file(client, world, media_root):
    login(client, world, "lampung_admin")
    upload(client, "lokus.csv", csv_file(LOCUS_HEADERS, GOOD_LOCI))
    assert len(pending_files(media_root)) == 1
    response = client.post(reverse(LOCI_URL), {"langkah": "batal"})
    assert response.status_code == 302
    assert pending_files(media_root) == []
    assert "form" in client.get(reverse(LOCI_URL)).context
    assert not Locus.objects.exists()


def test_a_vanished_pending_file_falls_back_to_the_upload_form(client, world, media_root):
    login(client, world, "lampung_admin")
    upload(client, "lokus.csv", csv_file(LOCUS_HEADERS, GOOD_LOCI))
    for path in pending_files(media_root):
        path.unlink()
    response = client.get(reverse(LOCI_URL))
    assert response.status_code == 200 and "confirm_form" not in response.context


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "lokus.pdf",
            b"%PDF-1.4",
            "Berkas harus berformat XLSX, ODS, XLS atau CSV (.xlsx, .ods, .xls atau .csv).",
        ),
        (
            "lokus.xlsx",
            b"Kode Desa,Tahun\n",
            "Isi berkas bukan XLSX; simpan ulang dari Excel atau LibreOffice sebagai .xlsx.",
        ),
        ("lokus.csv", b"PK\x03\x04rest-of-a-zip", "Isi berkas bukan CSV; simpan ulang sebagai CSV (UTF-8)."),
        (
            "lokus.csv",
            b"Kode Desa\n\x81\x8d\x8f\n",
            "Berkas CSV tidak dapat dibaca; simpan ulang sebagai CSV (UTF-8).",
        ),
    ],
)
def test_files_that_are_not_spreadsheets_are_refused_with_a_message(
    client, world, media_root, name, data, message
):
    response = upload(login(client, world, "lampung_admin"), name, data)
    assert response.status_code == 200
    assert response.context["form"].errors["berkas"] == [message]
    assert message in response.content.decode()
    assert pending_files(media_root) == []


def test_a_damaged_xlsx_and_missing_columns_are_explained_in_the_preview(client, world):
    login(client, world, "lampung_admin")
    preview = upload(client, "rusak.xlsx", b"PK\x03\x04not really a zip")
    assert [str(e) for e in preview.context["outcome"].errors] == [
        "Berkas rusak.xlsx rusak atau tidak dapat dibaca sebagai XLSX; buka di Excel atau LibreOffice lalu "
        "simpan ulang."
    ]
    preview = upload(client, "lokus.csv", csv_file(["Kode Desa", "Tahun"], [["18.06.11.2016", "2021"]]))
    missing = (
        "Kolom wajib tidak ada: Kategori, Status. Judul kolom dibaca di baris 1; tambahkan kolomnya atau "
        "perbaiki judulnya seperti di templat."
    )
    assert [str(e) for e in preview.context["outcome"].errors] == [missing]
    assert missing in preview.content.decode()


def test_uploads_over_the_size_limit_are_refused(client, world, settings, media_root):
    settings.SIDP3_MAX_UPLOAD_BYTES = 100
    data = csv_file(LOCUS_HEADERS, GOOD_LOCI * 3)
    assert len(data) > 100
    response = upload(login(client, world, "lampung_admin"), "lokus.csv", data)
    assert response.status_code == 200
    (error,) = response.context["form"].errors["berkas"]
    assert error.startswith("Berkas terlalu besar") and error.endswith("ukuran maksimal 100\xa0bita.")
    # Far beyond the limit: refused from the request's length, before reading the body.
    settings.SIDP3_MAX_UPLOAD_BYTES = 10
    response = client.post(
        reverse(LOCI_URL), {"langkah": "unggah", "berkas": SimpleUploadedFile("x.csv", b"x" * 70_000)}
    )
    assert response.status_code == 413
    assert "Berkas terlalu besar" in response.content.decode()
    assert pending_files(media_root) == []


def test_an_xlsx_file_is_imported_like_a_csv(client, world):
    login(client, world, "ntt_admin")
    rows = [locus_row("53.06.03.1001", why="Partisipasi rendah di Larantuka.")]
    preview = upload(client, "lokus.xlsx", write_table(LOCUS_HEADERS, rows, fmt="xlsx"))
    assert preview.context["outcome"].ok
    confirm(client, preview)
    assert Locus.objects.get().village_id == "53.06.03.1001"


def test_roles_that_may_not_import_loci_get_403_and_nothing_is_saved(client, world, media_root):
    data = csv_file(LOCUS_HEADERS, GOOD_LOCI)
    for actor in ("lampung_commissioner", "tanggamus_admin", "national_viewer"):
        response = login(client, world, actor).post(
            reverse(LOCI_URL), {"langkah": "unggah", "berkas": SimpleUploadedFile("lokus.csv", data)}
        )
        assert response.status_code == 403
    assert pending_files(media_root) == [] and not Locus.objects.exists()


def test_pending_uploads_of_each_kind_are_kept_apart(client, world, media_root):
    login(client, world, "lampung_admin")
    upload(client, "lokus.csv", csv_file(LOCUS_HEADERS, GOOD_LOCI))
    indicator_rows = [["18.06", "Pemilu 2019", "70", "", "", ""]]
    upload(client, "indikator.csv", csv_file(INDICATOR_COLUMNS, indicator_rows), INDICATORS_URL)
    assert len(pending_files(media_root)) == 2
    assert client.get(reverse(LOCI_URL)).context["pending"].filename == "lokus.csv"
    assert client.get(reverse(INDICATORS_URL)).context["pending"].filename == "indikator.csv"


# --- election indicators ------------------------------------------------------------------------------------


def test_indicators_for_village_district_and_regency_are_imported(client, world):
    login(client, world, "lampung_commissioner")
    rows = [
        ["18.06.11.2016", "Pemilu 2019", "61,5", "2", "", "Rekap desa"],
        ["18.06.21", "Pemilu 2019", "70.25", "", "", ""],
        ["18.06", "pemilihan serentak 2020", "", "", "72,4", "IKP kabupaten"],
    ]
    preview = upload(client, "indikator.csv", csv_file(INDICATOR_COLUMNS, rows), INDICATORS_URL)
    assert preview.context["outcome"].ok, preview.context["outcome"].errors
    assert [row.status for row in preview.context["preview"].rows] == ["new", "new", "new"]
    assert not ElectionIndicator.objects.exists()
    response = confirm(client, preview, INDICATORS_URL)
    assert response.status_code == 302 and response.url == reverse("locus:ranking")
    figures = {
        (i.region_code, i.election_id): (i.turnout_percent, i.violation_findings, i.ikp_score)
        for i in ElectionIndicator.objects.all()
    }
    assert figures == {
        ("18.06.11.2016", "pemilu-2019"): (Decimal("61.50"), 2, None),
        ("18.06.21", "pemilu-2019"): (Decimal("70.25"), None, None),
        ("18.06", "pilkada-2020"): (None, None, Decimal("72.40")),
    }
    # The same file again: nothing changes.
    preview = upload(client, "indikator.csv", csv_file(INDICATOR_COLUMNS, rows), INDICATORS_URL)
    assert [row.status for row in preview.context["preview"].rows] == ["skip", "skip", "skip"]


def test_indicator_errors_name_row_and_column_and_save_nothing(client, world):
    login(client, world, "lampung_admin")
    rows = [
        ["18.06.11.2016", "Pemilu 2019", "abc", "", "", ""],
        ["18.06.11.2016", "Pemilu 2030", "60", "", "", ""],
        ["18.06.21.2005", "Pemilu 2019", "60", "", "150", ""],
        ["53.06", "Pemilu 2019", "60", "", "", ""],
        ["18.06.11", "Pemilu 2019", "60", "", "", ""],
    ]
    preview = upload(client, "indikator.csv", csv_file(INDICATOR_COLUMNS, rows), INDICATORS_URL)
    errors = [str(error) for error in preview.context["outcome"].errors]
    assert "Baris 2, kolom “Partisipasi (%)”: “abc” bukan angka." in errors
    assert any(e.startswith("Baris 3, kolom “Pemilu”: pemilu “Pemilu 2030” tidak dikenal") for e in errors)
    assert any(e.startswith("Baris 4, kolom “Skor IKP”:") for e in errors)
    assert "Baris 5, kolom “Kode Wilayah”: kode 53.06 berada di luar wilayah kerja Anda." in errors
    assert [row.status for row in preview.context["preview"].rows][-1] == "new"
    confirm(client, preview, INDICATORS_URL)
    assert not ElectionIndicator.objects.exists()


def test_regency_offices_and_staff_may_not_import_evidence(client, world):
    for actor in ("tanggamus_commissioner", "lampung_staff", "national_viewer"):
        assert login(client, world, actor).get(reverse(INDICATORS_URL)).status_code == 403
        assert client.get(reverse(INCIDENTS_URL)).status_code == 403


# --- conflict/disaster records ------------------------------------------------------------------------------


def test_incident_records_are_imported_once(client, world):
    login(client, world, "lampung_commissioner")
    rows = [
        ["18.06.21.2005", "Tanah longsor", "2020", "Longsor di jalan pekon."],
        ["18.06.21", "banjir", "2021", "Banjir bandang."],
    ]
    data = csv_file(INCIDENT_COLUMNS, rows)
    preview = upload(client, "kejadian.csv", data, INCIDENTS_URL)
    assert preview.context["outcome"].ok, preview.context["outcome"].errors
    confirm(client, preview, INCIDENTS_URL)
    assert set(IncidentRecord.objects.values_list("region_code", "kind", "year")) == {
        ("18.06.21.2005", IncidentKind.LANDSLIDE, 2020),
        ("18.06.21", IncidentKind.FLOOD, 2021),
    }
    preview = upload(client, "kejadian.csv", data, INCIDENTS_URL)
    assert [row.status for row in preview.context["preview"].rows] == ["skip", "skip"]
    confirm(client, preview, INCIDENTS_URL)
    assert IncidentRecord.objects.count() == 2


def test_incident_errors_list_the_allowed_kinds(client, world):
    login(client, world, "lampung_admin")
    rows = [["18.06.21.2005", "Angin puting beliung", "2020", ""], ["18.06.21.2005", "Banjir", "1900", ""]]
    preview = upload(client, "kejadian.csv", csv_file(INCIDENT_COLUMNS, rows), INCIDENTS_URL)
    errors = [str(error) for error in preview.context["outcome"].errors]
    assert errors[0].startswith("Baris 2, kolom “Jenis”: “Angin puting beliung” bukan jenis konflik/bencana")
    assert "Banjir" in errors[0] and "Tanah longsor" in errors[0]
    assert errors[1].startswith("Baris 3, kolom “Tahun”:")
    assert not IncidentRecord.objects.exists()


def test_a_year_that_is_not_a_number_is_named_by_its_column(client, world):
    login(client, world, "lampung_admin")
    rows = [["18.06.21.2005", "Banjir", "tahun lalu", ""]]
    preview = upload(client, "kejadian.csv", csv_file(INCIDENT_COLUMNS, rows), INCIDENTS_URL)
    (error,) = [str(error) for error in preview.context["outcome"].errors]
    assert error == "Baris 2, kolom “Tahun”: “tahun lalu” bukan bilangan bulat."


# --- templates ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "headers"),
    [
        ("lokus", LOCUS_HEADERS),
        ("indikator", list(INDICATOR_COLUMNS)),
        ("konflik-bencana", list(INCIDENT_COLUMNS)),
    ],
)
def test_templates_open_in_openpyxl_and_as_csv_with_the_right_headers(client, world, kind, headers):
    login(client, world, "tanggamus_viewer")
    response = client.get(reverse("locus:import_template", kwargs={"kind": kind, "fmt": "xlsx"}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f'filename="templat-impor-{kind}.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == headers
    assert len(rows) == 2 and all(value not in (None, "") for value in rows[1][:3])
    response = client.get(reverse("locus:import_template", kwargs={"kind": kind, "fmt": "csv"}))
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == headers and len(lines) == 2


@pytest.mark.parametrize(
    ("kind", "url_name", "fmt"),
    [
        ("lokus", LOCI_URL, "xlsx"),
        ("indikator", INDICATORS_URL, "csv"),
        ("konflik-bencana", INCIDENTS_URL, "xlsx"),
    ],
)
def test_each_template_as_downloaded_is_a_valid_file(client, world, kind, url_name, fmt):
    login(client, world, "lampung_admin")
    template = client.get(reverse("locus:import_template", kwargs={"kind": kind, "fmt": fmt})).content
    preview = upload(client, f"templat.{fmt}", template, url_name)
    assert preview.context["outcome"].ok, preview.context["outcome"].errors
    assert [row.status for row in preview.context["preview"].rows] == ["new"]


def test_unknown_template_kinds_and_formats_are_404(client, world):
    login(client, world, "lampung_admin")
    assert client.get("/lokus/templat/kader.xlsx/").status_code == 404
    assert client.get("/lokus/templat/lokus.pdf/").status_code == 404


def test_the_category_of_a_new_locus_comes_from_its_label(client, world):
    login(client, world, "lampung_admin")
    rows = [locus_row(category="potensi pelanggaran  tinggi")]
    confirm(client, upload(client, "lokus.csv", csv_file(LOCUS_HEADERS, rows)))
    assert Locus.objects.get().category == LocusCategory.HIGH_VIOLATION


# --- the command line ---------------------------------------------------------------------------------------


def test_import_indicators_command_uses_the_same_service(world, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    good = tmp_path / "indikator.csv"
    good.write_bytes(csv_file(INDICATOR_COLUMNS, [["18.06", "Pemilu 2019", "70,5", "", "", ""]]))
    out = StringIO()
    call_command("import_indicators", str(good), "--dry-run", stdout=out)
    assert "tidak ada yang disimpan: 1 baris baru" in out.getvalue()
    assert not ElectionIndicator.objects.exists()
    call_command("import_indicators", str(good), stdout=out)
    assert ElectionIndicator.objects.get().turnout_percent == Decimal("70.50")

    incidents = tmp_path / "kejadian.csv"
    incidents.write_bytes(
        csv_file(INCIDENT_COLUMNS, [["53.06", "Banjir", "2021", ""], ["53.06", "Hujan", "2021", ""]])
    )
    err = StringIO()
    with pytest.raises(CommandError, match="1 kesalahan"):
        call_command("import_indicators", str(incidents), "--jenis", "konflik-bencana", stderr=err)
    assert "Baris 3, kolom “Jenis”" in err.getvalue()
    with pytest.raises(CommandError, match="tidak dapat memuat"):
        call_command("import_indicators", str(good), "--user", "tanggamus-admin")
    assert not IncidentRecord.objects.exists()


def test_labels_are_read_in_indonesian_whatever_the_users_language(world):
    from django.utils import translation

    from locus.services.imports import loci_import

    data = b"Kode Desa,Tahun,Kategori,Status\n18.06.11.2016,2021,Partisipasi Rendah,Diusulkan\n"
    with translation.override("en"):
        outcome = loci_import(
            actor=world.users["lampung_admin"], data=data, filename="lokus.csv", dry_run=True
        )
    assert outcome.errors == [] and outcome.new == 1
