"""The roster import: every refusal names the row and column and saves nothing; a re-import changes nothing;
``--appointed``; the command's exit status; a file for many loci."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import timezone

from cadre.choices import CadreStatus
from cadre.imports import cadres_import
from cadre.models import Cadre
from cadre.resources import COLUMNS, LOCUS_COLUMN
from cadre.services import cadre_register
from locus.choices import LocusStatus
from locus.models import ProgrammeYear
from tests.cadre.factories import cadre_data, make_nik
from tests.locus.factories import LocusFactory

GUNUNG_KASIH = "18.06.11.2016"
SUKABANJAR = "18.06.21.2005"
WAIBALUN = "53.06.03.1001"


@pytest.fixture
def locus(world):
    return LocusFactory(village=world.gunung_kasih)


# Serials that do not end in 0: a CSV's NIK ending in 0 may have been rounded by a spreadsheet (refused).
_serial = iter(n for n in range(5000, 9999) if n % 10)


# Born so as to be a first-time voter (17 to 21) on a 2021 recruitment date: 19 on 7 June 2021.
FIRST_TIME_BIRTH = dt.date(2002, 3, 4)


def row(*, village=GUNUNG_KASIH, sex="P", birth=dt.date(1995, 8, 15), serial=None, **overrides) -> dict:
    values = {
        "NIK": make_nik(village[:8], birth, sex, serial if serial is not None else next(_serial)),
        "Nama Lengkap": "Siti Rahmawati",
        "Jenis Kelamin": sex,
        "Tempat Lahir": "Tanggamus",
        "Tanggal Lahir": birth.strftime("%d/%m/%Y"),
        "Alamat": "Pekon Gunung Kasih RT 01",
        "Kode Desa": village,
        "No. HP": "0812 3456 7890",
        "Email": "siti@example.id",
        "Pendidikan Terakhir": "SMA",
        "Pekerjaan": "Wiraswasta",
        # The women's segment for women only; the default birth date is a young voter's (30 or under).
        "Unsur": "Perempuan, Pemilih Muda" if sex == "P" else "Pemilih Muda",
        "Disabilitas": "",
        "Bukan Anggota Parpol": "Ya",
    }
    values.update(overrides)
    return values


def csv_bytes(rows, columns=None) -> bytes:
    columns = list(
        columns or (list(COLUMNS) + ([LOCUS_COLUMN] if any(LOCUS_COLUMN in r for r in rows) else []))
    )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def run(world, rows, *, actor="tanggamus_staff", locus_code=GUNUNG_KASIH, dry_run=False, **kwargs):
    return cadres_import(
        actor=world.users[actor],
        data=csv_bytes(rows),
        filename="kader.csv",
        dry_run=dry_run,
        locus_code=locus_code,
        year=2021,
        **kwargs,
    )


def messages(outcome) -> list[str]:
    return [str(error) for error in outcome.errors]


def test_a_valid_file_registers_every_cadre_with_segments(world, locus):
    outcome = run(
        world,
        [row(), row(sex="L", birth=FIRST_TIME_BIRTH, **{"Nama Lengkap": "Budi", "Unsur": "Pemilih Pemula"})],
    )
    assert outcome.ok, messages(outcome)
    assert (outcome.new, outcome.updated, outcome.unchanged, outcome.saved) == (2, 0, 0, True)
    cadres = {c.full_name: c for c in Cadre.objects.filter(locus=locus)}
    siti = cadres["Siti Rahmawati"]
    assert siti.status == CadreStatus.REGISTERED
    assert (siti.phone, siti.education, siti.regency_id, siti.programme_year_id) == (
        "+6281234567890",
        "sma",
        "18.06",
        2021,
    )
    assert sorted(s.code for s in siti.segments.all()) == ["pemilih-muda", "perempuan"]
    assert [s.code for s in cadres["Budi"].segments.all()] == ["pemilih-pemula"]
    assert siti.history.count() == 1


def test_a_dry_run_saves_nothing(world, locus):
    outcome = run(world, [row()], dry_run=True)
    assert outcome.ok and outcome.new == 1 and not outcome.saved
    assert not Cadre.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "column", "fragment"),
    [
        ({"NIK": "12345"}, "NIK", "16 digit"),
        ({"NIK": "1806115508950000"}, "NIK", "0000"),
        ({"Jenis Kelamin": "L"}, "Jenis Kelamin", "tidak sesuai dengan NIK"),
        ({"Tanggal Lahir": "16/08/1995"}, "Tanggal Lahir", "tidak sesuai dengan NIK"),
        ({"Tanggal Lahir": "31/02/1995"}, "Tanggal Lahir", "tidak ada di kalender"),
        ({"Bukan Anggota Parpol": "Tidak"}, "Bukan Anggota Parpol", "partai politik"),
        ({"Bukan Anggota Parpol": "mungkin"}, "Bukan Anggota Parpol", "Ya atau Tidak"),
        ({"Unsur": "Pedagang"}, "Unsur", "bukan unsur"),
        ({"Unsur": "Penyandang Disabilitas"}, "Disabilitas", "jenis disabilitas"),
        ({"Kode Desa": "18.06.11.9999"}, "Kode Desa", "tidak dikenal"),
        ({"No. HP": "12"}, "No. HP", "tidak dapat dibaca"),
        ({"Email": "bukan-surel"}, "Email", "tidak valid"),
        ({"Pendidikan Terakhir": "TK"}, "Pendidikan Terakhir", "jenjang pendidikan"),
        ({"Nama Lengkap": ""}, "Nama Lengkap", "wajib diisi"),
    ],
)
def test_a_bad_row_refuses_the_file_naming_row_and_column(world, locus, overrides, column, fragment):
    outcome = run(world, [row(), row(**overrides)])
    assert not outcome.ok and not outcome.saved
    assert [(e.row, e.column) for e in outcome.errors if fragment in e.message] == [(3, column)], messages(
        outcome
    )
    assert not Cadre.objects.exists()


def test_under_17_on_the_recruitment_date_is_refused(world, locus):
    young = dt.date.today().replace(year=dt.date.today().year - 16)
    outcome = run(world, [row(birth=young)])
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "Tanggal Lahir")]
    assert "Belum berusia 17 tahun" in outcome.errors[0].message


def test_no_nik_or_name_in_the_error_messages(world, locus):
    bad = row(**{"Jenis Kelamin": "L", "Nama Lengkap": "Rahasia Sekali"})
    text = " ".join(messages(run(world, [bad])))
    assert bad["NIK"] not in text and "Rahasia" not in text


def test_a_nik_twice_in_the_file_names_the_first_row(world, locus):
    first = row(serial=42)
    outcome = run(world, [first, row(serial=7), dict(first, **{"Nama Lengkap": "Lain"})])
    assert [(e.row, e.column, e.message) for e in outcome.errors] == [
        (4, "NIK", "NIK ini sudah ada di baris 2 berkas ini.")
    ]
    assert not Cadre.objects.exists()


def test_a_nik_live_in_another_locus_of_the_year_is_refused(world, locus):
    from locus.models import Village

    other = LocusFactory(village=Village.objects.get(code=SUKABANJAR))
    data = cadre_data(SUKABANJAR, serial=77)
    cadre_register(actor=world.users["tanggamus_staff"], locus=other, data=data)
    outcome = run(world, [row(serial=1), row(village=SUKABANJAR, serial=77)])
    assert [(e.row, e.column) for e in outcome.errors] == [(3, "NIK")]
    assert "sudah terdaftar sebagai kader di lokus Sukabanjar" in outcome.errors[0].message
    assert Cadre.objects.count() == 1


def test_reimporting_the_same_file_changes_nothing_and_a_change_updates(world, locus):
    rows = [
        row(serial=1),
        row(serial=2, sex="L", birth=FIRST_TIME_BIRTH, **{"Nama Lengkap": "Budi", "Unsur": "Pemilih Pemula"}),
    ]
    assert run(world, rows).new == 2
    again = run(world, rows)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2), messages(again)
    before = {c.pk: c.updated_at for c in Cadre.objects.all()}
    rows[1]["Alamat"] = "Dusun Baru"
    rows[1]["Unsur"] = "Pemilih Muda"
    changed = run(world, rows)
    assert (changed.new, changed.updated, changed.unchanged) == (0, 1, 1)
    budi = Cadre.objects.get(full_name="Budi")
    assert budi.address == "Dusun Baru"
    assert [s.code for s in budi.segments.all()] == ["pemilih-muda"]
    assert (
        Cadre.objects.get(full_name="Siti Rahmawati").updated_at
        == before[Cadre.objects.get(full_name="Siti Rahmawati").pk]
    )
    assert Cadre.objects.count() == 2


def test_appointed_makes_a_roster_and_the_roster_size_holds(world, locus):
    year = ProgrammeYear.objects.get(year=2021)
    year.roster_size = 2
    year.save(update_fields=["roster_size"])
    outcome = run(world, [row(serial=1), row(serial=2)], actor="tanggamus_commissioner", appointed=True)
    assert outcome.ok, messages(outcome)
    assert set(Cadre.objects.values_list("status", flat=True)) == {CadreStatus.APPOINTED}
    assert (
        run(world, [row(serial=1), row(serial=2)], actor="tanggamus_commissioner", appointed=True).unchanged
        == 2
    )
    overflow = run(world, [row(serial=3)], actor="tanggamus_commissioner", appointed=True)
    assert [(e.row, e.column) for e in overflow.errors] == [(2, "NIK")]
    assert "2 kader per lokus, 2 sudah ditetapkan" in overflow.errors[0].message
    assert Cadre.objects.count() == 2


def test_appointed_overflow_within_one_file(world, locus):
    year = ProgrammeYear.objects.get(year=2021)
    year.roster_size = 2
    year.save(update_fields=["roster_size"])
    rows = [row(serial=n, **{LOCUS_COLUMN: GUNUNG_KASIH}) for n in (1, 2, 3)]
    outcome = run(world, rows, actor="tanggamus_admin", locus_code=None, appointed=True)
    assert [(e.row, e.column) for e in outcome.errors] == [(4, LOCUS_COLUMN)]
    assert not Cadre.objects.exists()


def test_staff_may_not_import_an_appointed_roster(world, locus):
    with pytest.raises(PermissionDenied):
        run(world, [row()], appointed=True)


def test_viewers_may_not_import(world, locus):
    with pytest.raises(PermissionDenied):
        run(world, [row()], actor="tanggamus_viewer")


def test_one_file_fills_many_loci_and_names_bad_loci_by_row(world, locus):
    from locus.models import Village

    LocusFactory(village=Village.objects.get(code=SUKABANJAR))
    LocusFactory(village=world.flotim_village)
    ok_rows = [
        row(serial=1, **{LOCUS_COLUMN: GUNUNG_KASIH}),
        row(village=SUKABANJAR, serial=2, **{LOCUS_COLUMN: SUKABANJAR}),
    ]
    outcome = run(world, ok_rows, locus_code=None)
    assert outcome.ok and outcome.new == 2, messages(outcome)
    assert Cadre.objects.filter(locus__village_id=SUKABANJAR).count() == 1

    bad = run(
        world,
        [
            row(serial=3, **{LOCUS_COLUMN: GUNUNG_KASIH}),
            row(village=WAIBALUN, serial=4, **{LOCUS_COLUMN: WAIBALUN}),
            row(serial=5, **{LOCUS_COLUMN: "18.06.11.2099"}),
            row(serial=6, **{LOCUS_COLUMN: ""}),
        ],
        locus_code=None,
    )
    found = [(e.row, e.column, e.message) for e in bad.errors if e.column == LOCUS_COLUMN]
    assert [(r, c) for r, c, _m in found] == [(3, LOCUS_COLUMN), (4, LOCUS_COLUMN), (5, LOCUS_COLUMN)]
    assert "luar wilayah kerja" in found[0][2]
    assert "tidak ada lokus tahun 2021" in found[1][2]
    assert "wajib diisi" in found[2][2]
    assert Cadre.objects.count() == 2


def test_a_locus_outside_the_jurisdiction_or_not_designated_refuses_the_file(world, locus):
    LocusFactory(village=world.flotim_village)
    outside = run(world, [row()], locus_code=WAIBALUN)
    assert [(e.row, e.message) for e in outside.errors] == [
        (None, "Lokus 53.06.03.1001 berada di luar wilayah kerja Anda.")
    ]
    from locus.models import Village

    LocusFactory(village=Village.objects.get(code=SUKABANJAR), status=LocusStatus.PROPOSED)
    proposed = run(world, [row()], locus_code=SUKABANJAR)
    assert "sudah ditetapkan" in proposed.errors[0].message
    unknown = run(world, [row()], locus_code="18.06.11.2099")
    assert "Tidak ada lokus tahun 2021" in unknown.errors[0].message
    assert not Cadre.objects.exists()


def test_a_missing_column_refuses_the_file(world, locus):
    columns = [c for c in COLUMNS if c != "Bukan Anggota Parpol"]
    data = csv_bytes([{c: v for c, v in row().items() if c in columns}], columns=columns)
    outcome = cadres_import(
        actor=world.users["tanggamus_staff"],
        data=data,
        filename="k.csv",
        dry_run=False,
        locus_code=GUNUNG_KASIH,
        year=2021,
    )
    assert [(e.row, e.message) for e in outcome.errors] == [
        (
            None,
            "Kolom wajib tidak ada: Bukan Anggota Parpol. Judul kolom dibaca di baris 1; tambahkan kolomnya "
            "atau perbaiki judulnya seperti di templat.",
        )
    ]


def test_an_xlsx_with_excel_dates_is_read_and_a_phone_in_a_number_cell_refused(
    world, locus, tmp_path, capsys
):
    from openpyxl import Workbook

    values = row(serial=9)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    cells = [values[c] for c in COLUMNS]
    cells[COLUMNS.index("Tanggal Lahir")] = dt.datetime(1995, 8, 15)
    cells[COLUMNS.index("No. HP")] = 81234567890  # typed into a number cell: the leading 0 is gone
    sheet.append(cells)
    path = tmp_path / "kader.xlsx"
    workbook.save(path)
    arguments = (
        "import_cadres",
        str(path),
        "--locus",
        GUNUNG_KASIH,
        "--year",
        "2021",
        "--user",
        "tanggamus-staff",
    )
    with pytest.raises(CommandError):
        call_command(*arguments)
    assert "Baris 2, kolom “No. HP”: nomor HP tertulis sebagai angka (81234567890)" in capsys.readouterr().err
    assert not Cadre.objects.exists()
    sheet["H2"] = "081234567890"
    workbook.save(path)
    call_command(*arguments)
    cadre = Cadre.objects.get()
    assert (cadre.birth_date, cadre.phone) == (dt.date(1995, 8, 15), "+6281234567890")


def test_the_command_exits_non_zero_and_prints_every_error(world, locus, tmp_path, capsys):
    path = tmp_path / "kader.csv"
    path.write_bytes(csv_bytes([row(), row(**{"Jenis Kelamin": "L"})]))
    # A man (against his NIK) in the women's segment: two errors on row 3.
    with pytest.raises(CommandError, match="2 kesalahan"):
        call_command("import_cadres", str(path), "--locus", GUNUNG_KASIH, "--year", "2021")
    err = capsys.readouterr().err
    assert "Baris 3, kolom “Jenis Kelamin”" in err
    assert "Baris 3, kolom “Unsur”: Unsur Perempuan hanya untuk kader perempuan; kader ini laki-laki." in err
    assert not Cadre.objects.exists()
    path.write_bytes(csv_bytes([row()]))
    call_command("import_cadres", str(path), "--locus", GUNUNG_KASIH, "--year", "2021", "--appointed")
    assert Cadre.objects.get().status == CadreStatus.APPOINTED


def test_the_web_import_previews_refuses_rows_outside_and_confirms(client, world, locus):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    LocusFactory(village=world.flotim_village)
    url = reverse("cadre:cadre_import")
    client.force_login(world.users["tanggamus_staff"])
    bad = csv_bytes(
        [
            row(serial=1, **{LOCUS_COLUMN: GUNUNG_KASIH}),
            row(village=WAIBALUN, serial=2, **{LOCUS_COLUMN: WAIBALUN}),
        ]
    )
    client.post(
        url, {"langkah": "unggah", "tahun": 2021, "berkas": SimpleUploadedFile("k.csv", bad, "text/csv")}
    )
    page = client.get(url).content.decode()
    assert "Baris 3, kolom “Kode Desa Lokus”: lokus 53.06.03.1001 berada di luar wilayah kerja Anda." in page
    assert "Impor 2 baris sekarang" not in page
    client.post(url, {"langkah": "batal"})
    good = csv_bytes([row(serial=3)])
    upload = SimpleUploadedFile("k.csv", good, "text/csv")
    client.post(url, {"langkah": "unggah", "tahun": 2021, "lokus": locus.pk, "berkas": upload})
    page = client.get(url)
    assert "Impor 1 baris sekarang" in page.content.decode()
    assert not Cadre.objects.exists()
    token = client.session["sidp3_pending_imports"]["kader"]["token"]
    response = client.post(url, {"langkah": "impor", "berkas_id": token}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("cadre:roster", args=[locus.pk])
    assert "1 baru, 0 diperbarui, 0 tidak berubah" in response.content.decode()
    assert Cadre.objects.filter(locus=locus).count() == 1


def test_the_web_import_takes_a_recruitment_date_for_the_whole_file(client, world, locus):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    url = reverse("cadre:cadre_import")
    client.force_login(world.users["tanggamus_staff"])
    upload = {"langkah": "unggah", "tahun": 2021, "lokus": locus.pk}
    outside = client.post(
        url,
        {
            **upload,
            "tanggal_rekrutmen": "05/01/2022",
            "berkas": SimpleUploadedFile("k.csv", csv_bytes([row()]), "text/csv"),
        },
    )
    assert "Tanggal rekrutmen harus dalam tahun program 2021." in outside.content.decode()
    client.post(
        url,
        {
            **upload,
            "tanggal_rekrutmen": "17/08/2021",
            "berkas": SimpleUploadedFile("k.csv", csv_bytes([row()]), "text/csv"),
        },
    )
    page = client.get(url).content.decode()
    assert "tanggal rekrutmen 17/08/2021" in page
    assert "Tanggal rekrutmen 17/08/2021 (tanggal untuk seluruh berkas)." in page
    token = client.session["sidp3_pending_imports"]["kader"]["token"]
    client.post(url, {"langkah": "impor", "berkas_id": token})
    assert Cadre.objects.get(locus=locus).recruited_on == dt.date(2021, 8, 17)


def test_every_new_cadre_has_a_history_row_with_who_when_why_and_its_segments(world, locus):
    started = timezone.now()
    long_name = "kader-" + "x" * 150 + ".csv"
    outcome = cadres_import(
        actor=world.users["tanggamus_staff"],
        data=csv_bytes(
            [
                row(),
                row(sex="L", birth=FIRST_TIME_BIRTH, **{"Nama Lengkap": "Budi", "Unsur": "Pemilih Pemula"}),
            ]
        ),
        filename=long_name,
        dry_run=False,
        locus_code=GUNUNG_KASIH,
        year=2021,
    )
    assert outcome.ok, messages(outcome)
    for cadre in Cadre.objects.filter(locus=locus):
        (record,) = cadre.history.all()
        assert record.history_type == "+"
        assert record.history_user_id == world.users["tanggamus_staff"].pk
        assert record.history_date >= started
        assert record.history_change_reason.startswith("Impor berkas kader-")
        assert (record.nik, record.full_name, record.locus_id) == (cadre.nik, cadre.full_name, locus.pk)
        assert (cadre.created_at, cadre.updated_at) != (None, None)
        # simple-history's record of the segments at that moment: the through rows, with their ids.
        recorded = sorted((m.id, m.segment_id) for m in record.segments.all())
        assert recorded == sorted(
            Cadre.segments.through.objects.filter(cadre=cadre).values_list("id", "segment_id")
        )
        assert recorded


def test_an_update_records_the_new_segments_in_its_history_row(world, locus):
    rows = [row(serial=1, birth=FIRST_TIME_BIRTH, **{"Unsur": "Pemilih Pemula"})]
    assert run(world, rows).new == 1
    rows[0]["Alamat"] = "Dusun Baru"
    rows[0]["Unsur"] = "Pemilih Muda, Perempuan"
    assert run(world, rows).updated == 1
    cadre = Cadre.objects.get()
    latest, first = cadre.history.order_by("-history_id")
    assert (latest.history_type, latest.address, first.history_type) == ("~", "Dusun Baru", "+")
    assert sorted(m.segment_id for m in latest.segments.all()) == ["pemilih-muda", "perempuan"]
    assert [m.segment_id for m in first.segments.all()] == ["pemilih-pemula"]


def test_a_dry_run_writes_no_history(world, locus):
    assert run(world, [row()], dry_run=True).ok
    assert not Cadre.history.model.objects.exists()
    assert not Cadre.segments.through.objects.exists()


@pytest.mark.parametrize(
    "cell", ["31/02/1995", "00/08/1995", "15/13/1995", "15/08/0000", "15-08-95", "1x/08/1995"]
)
def test_an_impossible_birth_date_is_refused_with_the_date_message(world, locus, cell):
    outcome = run(world, [row(**{"Tanggal Lahir": cell})])
    assert not outcome.ok
    assert any(e.column == "Tanggal Lahir" and "tidak valid" in e.message for e in outcome.errors), messages(
        outcome
    )
    assert not Cadre.objects.exists()


def test_birth_dates_in_every_accepted_form_are_read(world, locus):
    birth = dt.date(1995, 8, 15)
    rows = [
        row(serial=11, birth=birth, **{"Tanggal Lahir": "15/08/1995"}),
        row(serial=12, birth=birth, **{"Tanggal Lahir": "15-08-1995"}),
        row(serial=13, birth=birth, **{"Tanggal Lahir": "1995-08-15"}),
    ]
    outcome = run(world, rows)
    assert outcome.ok, messages(outcome)
    assert set(Cadre.objects.values_list("birth_date", flat=True)) == {birth}


def test_text_needing_escapes_is_written_as_read_and_the_history_row_repeats_every_field(world, locus):
    address = "Jl. Garis\\Miring\tRT 01 \\N"
    outcome = run(world, [row(**{"Alamat": address, "Pekerjaan": "Guru\\Honorer"})])
    assert outcome.ok, messages(outcome)
    cadre = Cadre.objects.get()
    (record,) = cadre.history.all()
    assert (cadre.address, cadre.occupation) == (address, "Guru\\Honorer")
    copied = [f.attname for f in record._meta.concrete_fields if not f.attname.startswith("history_")]
    assert len(copied) > 20
    for name in copied:
        assert getattr(record, name) == getattr(cadre, name), name


def test_each_row_gets_its_own_new_cadre_with_the_model_defaults(world, locus):
    from cadre.resources import CadreResource

    resource = CadreResource(actor=world.users["tanggamus_staff"], programme_year=locus.programme_year)
    first, second, plain = resource.new_cadre(), resource.new_cadre(), Cadre()
    assert first.verification is not second.verification
    assert first._state.adding and first.pk is None
    fields = [f.attname for f in Cadre._meta.concrete_fields]
    assert [getattr(first, name) for name in fields] == [getattr(plain, name) for name in fields]


def test_the_recruitment_date_comes_from_the_row_the_file_or_the_decree_and_the_preview_says_which(
    world, locus
):
    """Entered in a later year, a 2021 roster is judged on 2021's dates, never on today."""
    assert locus.decree_date == dt.date(2021, 6, 7)
    dated = row(**{"Tanggal Rekrutmen": "01/09/2021"})
    undated = row(**{"Tanggal Rekrutmen": ""})
    columns = [*COLUMNS, "Tanggal Rekrutmen"]

    def rows_run(rows, **kwargs):
        return cadres_import(
            actor=world.users["tanggamus_staff"],
            data=csv_bytes(rows, columns),
            filename="kader.csv",
            dry_run=True,
            locus_code=GUNUNG_KASIH,
            year=2021,
            **kwargs,
        )

    outcome = rows_run([dated, undated])
    assert outcome.ok, messages(outcome)
    assert outcome.notes == {3: ["Tanggal rekrutmen 07/06/2021 (tanggal SK lokus)."]}
    outcome = rows_run([dated, undated], recruited_on=dt.date(2021, 8, 17))
    assert outcome.notes == {3: ["Tanggal rekrutmen 17/08/2021 (tanggal untuk seluruh berkas)."]}
    # 16 on the decree's date, though an adult today: refused, naming the date the age was judged on.
    young = row(birth=dt.date(2004, 6, 10), **{"Tanggal Rekrutmen": ""})
    outcome = rows_run([young])
    assert [e.column for e in outcome.errors] == ["Tanggal Lahir"] and "07/06/2021" in outcome.errors[
        0
    ].message
    outcome = rows_run([row(**{"Tanggal Rekrutmen": "02/01/2022"})])
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "Tanggal Rekrutmen")]
    assert "di luar tahun program 2021" in outcome.errors[0].message
    outcome = rows_run([dated], recruited_on=dt.date(2020, 12, 31))
    assert messages(outcome) == [
        "Tanggal rekrutmen 31/12/2020 untuk seluruh berkas di luar tahun program 2021."
    ]
    saved = cadres_import(
        actor=world.users["tanggamus_staff"],
        data=csv_bytes([dated, undated], columns),
        filename="kader.csv",
        dry_run=False,
        locus_code=GUNUNG_KASIH,
        year=2021,
    )
    assert saved.saved
    assert sorted(Cadre.objects.values_list("recruited_on", flat=True)) == [
        dt.date(2021, 6, 7),
        dt.date(2021, 9, 1),
    ]


def test_recruited_on_on_the_command_line(world, locus, tmp_path):
    path = tmp_path / "kader.csv"
    path.write_bytes(csv_bytes([row()]))
    arguments = ("import_cadres", str(path), "--locus", GUNUNG_KASIH, "--year", "2021")
    with pytest.raises(CommandError, match="tanggal"):
        call_command(*arguments, "--recruited-on", "12/03/21")
    call_command(*arguments, "--recruited-on", "20/07/2021")
    assert Cadre.objects.get().recruited_on == dt.date(2021, 7, 20)
