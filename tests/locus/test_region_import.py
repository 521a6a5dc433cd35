"""import_regions and the region-import service: adding, renaming, retiring and restoring Kemendagri codes.

The fixtures are real places: Lampung / Kabupaten Tanggamus / Pugung / Gunung Kasih, Kota Bandar Lampung, and
Merauke, which moved from Papua (91.01) to Papua Selatan (93.01) when Papua was split in 2022. The 2020 file
is written like the Kemendagri 2020 list (upper-case names, header row, commas); the 2025 file has a byte
order mark, semicolons and no header.
"""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

from kernel.localtime import TimeZone
from locus.models import District, Province, Regency, RegionImport, Village
from locus.services.region_import import (
    RegionImportError,
    RegionSource,
    lokal_region_rows,
    read_region_csv,
    readers,
    region_file_source,
    region_import,
)
from regions.choices import DistrictKind, RegencyKind, VillageKind

DATA = Path(__file__).parent / "data"
CSV_2020 = DATA / "kemendagri_2020.csv"
CSV_2025 = DATA / "kemendagri_2025.csv"
MODELS = (Province, Regency, District, Village)

pytestmark = pytest.mark.django_db


def import_file(path: Path, today: date | None = None):
    return region_import(rows=read_region_csv(path), source_label=str(path), today=today)


def counts(summary, level: str) -> dict[str, int]:
    c = summary.levels[level]
    return {
        "added": c.added,
        "renamed": c.renamed,
        "retired": c.retired,
        "restored": c.restored,
        "unchanged": c.unchanged,
        "corrected": c.corrected,
    }


def level_counts(added=0, renamed=0, retired=0, restored=0, unchanged=0, corrected=0) -> dict[str, int]:
    return locals()


def current_codes(model) -> set[str]:
    return set(model.objects.current().values_list("code", flat=True))


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "wilayah.csv"
    path.write_text(text, encoding=encoding)
    return path


def test_first_import_adds_every_row_with_kinds_time_zones_and_parents():
    summary = import_file(CSV_2020)

    assert counts(summary, "province") == level_counts(added=2)
    assert counts(summary, "regency") == level_counts(added=3)
    assert counts(summary, "district") == level_counts(added=3)
    assert counts(summary, "village") == level_counts(added=5)
    assert Province.objects.get(code="18").time_zone == TimeZone.WIB
    assert Province.objects.get(code="91").time_zone == TimeZone.WIT
    assert Regency.objects.get(code="18.06").kind == RegencyKind.KABUPATEN  # "KAB. TANGGAMUS"
    assert Regency.objects.get(code="18.71").kind == RegencyKind.KOTA  # "KOTA BANDAR LAMPUNG"
    assert District.objects.get(code="18.06.11").kind == DistrictKind.KECAMATAN
    assert District.objects.get(code="91.01.01").kind == DistrictKind.DISTRIK
    gunung_kasih = Village.objects.get(code="18.06.11.2016")
    assert (gunung_kasih.name, gunung_kasih.kind) == ("Gunung Kasih", VillageKind.DESA)
    assert gunung_kasih.district.regency.province.code == "18"
    assert Village.objects.get(code="18.71.01.1003").kind == VillageKind.KELURAHAN
    assert not Village.objects.filter(retired_at__isnull=False).exists()


def test_second_import_renames_adds_retires_and_restores():
    import_file(CSV_2020)
    # Way Jaha was left out of an earlier list and retired then; the 2025 list has it again.
    Village.objects.filter(code="18.06.11.2017").update(retired_at=date(2023, 1, 2))
    today = date(2025, 7, 1)

    summary = import_file(CSV_2025, today=today)

    assert counts(summary, "province") == level_counts(added=1, renamed=2)
    assert counts(summary, "regency") == level_counts(added=2, renamed=2, retired=1)
    assert counts(summary, "district") == level_counts(added=2, retired=1, unchanged=2)
    assert counts(summary, "village") == level_counts(added=4, retired=2, restored=1, unchanged=2)
    assert summary.changed == 3 + 5 + 3 + 7

    assert Province.objects.get(code="18").name == "Lampung"
    assert Regency.objects.get(code="18.06").name == "Kabupaten Tanggamus"
    assert Regency.objects.get(code="18.71").kind == RegencyKind.KOTA
    # Merauke moved to Papua Selatan: the old codes stay, retired today, so old records still resolve.
    assert Regency.objects.get(code="91.01").retired_at == today
    assert District.objects.get(code="91.01.01").retired_at == today
    assert set(Village.objects.filter(retired_at=today).values_list("code", flat=True)) == {
        "91.01.01.1002",
        "91.01.01.2001",
    }
    assert Village.objects.get(code="18.06.11.2017").retired_at is None
    assert Province.objects.get(code="93").time_zone == TimeZone.WIT
    assert Regency.objects.get(code="93.01").province_id == "93"
    assert District.objects.get(code="91.03.01").kind == DistrictKind.DISTRIK
    assert Village.objects.get(code="91.03.01.3007").kind == VillageKind.DESA_ADAT
    assert Village.objects.get(code="93.01.01.1002").kind == VillageKind.KELURAHAN
    assert Village.objects.get(code="93.01.01.2001").kind == VillageKind.DESA
    assert current_codes(Village) == {
        "18.06.11.2016",
        "18.06.11.2017",
        "18.06.11.2020",
        "18.71.01.1003",
        "91.03.01.3007",
        "93.01.01.1002",
        "93.01.01.2001",
    }


def test_retired_codes_point_to_the_codes_that_replace_them():
    import_file(CSV_2020)
    import_file(CSV_2025, today=date(2025, 7, 1))

    merauke = Regency.objects.get(code="91.01")
    assert merauke.successor_id == "93.01"  # "KAB. MERAUKE" became "Kabupaten Merauke" in Papua Selatan
    assert merauke.current_successor().name == "Kabupaten Merauke"
    assert District.objects.get(code="91.01.01").successor_id == "93.01.01"
    assert Village.objects.get(code="91.01.01.1002").current_successor().code == "93.01.01.1002"
    assert Village.objects.get(code="91.01.01.2001").successor_id == "93.01.01.2001"
    assert Province.objects.get(code="93").successor_id is None

    # Going back to the 2020 list puts 91.01 in force again: it loses its successor, 93.01 points back.
    import_file(CSV_2020, today=date(2025, 8, 1))
    assert Regency.objects.get(code="91.01").successor_id is None
    assert Regency.objects.get(code="93.01").successor_id == "91.01"


def test_reimport_changes_nothing_and_keeps_the_retirement_date():
    import_file(CSV_2020)
    import_file(CSV_2025, today=date(2025, 7, 1))

    summary = import_file(CSV_2025, today=date(2025, 8, 1))

    assert summary.changed == 0
    assert counts(summary, "village") == level_counts(unchanged=7)
    assert Regency.objects.get(code="91.01").retired_at == date(2025, 7, 1)


def test_a_retired_code_that_reappears_is_restored():
    import_file(CSV_2020)
    import_file(CSV_2025, today=date(2025, 7, 1))

    summary = import_file(CSV_2020, today=date(2025, 8, 1))

    assert counts(summary, "regency") == level_counts(renamed=2, retired=2, restored=1)
    assert counts(summary, "village") == level_counts(retired=4, restored=2, unchanged=3)
    assert Regency.objects.get(code="91.01").retired_at is None
    assert Regency.objects.get(code="93.01").retired_at == date(2025, 8, 1)
    assert Province.objects.get(code="18").name == "LAMPUNG"


def test_a_kind_that_does_not_follow_from_the_code_is_corrected():
    import_file(CSV_2020)
    Village.objects.filter(code="18.71.01.1003").update(kind=VillageKind.DESA)

    summary = import_file(CSV_2020)

    assert counts(summary, "village") == level_counts(unchanged=4, corrected=1)
    assert Village.objects.get(code="18.71.01.1003").kind == VillageKind.KELURAHAN


def test_headerless_comma_file_with_undotted_codes(tmp_path):
    path = write(tmp_path, "18,Lampung\n1806,Kabupaten Tanggamus\n180611,Pugung\n1806112016,Gunung Kasih\n")

    rows = read_region_csv(path)
    import_file(path)

    assert [code for _line, code, _name in rows] == ["18", "18.06", "18.06.11", "18.06.11.2016"]
    assert Village.objects.get(code="18.06.11.2016").district_id == "18.06.11"


def test_quoted_names_blank_lines_and_windows_1252(tmp_path):
    text = 'kode;nama\r\n18;Lampung\r\n\r\n18.06;"Kabupaten Tanggamus; Pekon"\r\n18.06.11;Pugung\r\n'
    text += "18.06.11.2016;Gunung Kasih \\ Baru\r\n18.06.11.2017;Gunung Kasíh\r\n"
    path = write(tmp_path, text, encoding="cp1252")

    rows = read_region_csv(path)
    import_file(path)

    assert [line for line, _code, _name in rows] == [2, 4, 5, 6, 7]  # the header is row 1, row 3 is blank
    assert Regency.objects.get(code="18.06").name == "Kabupaten Tanggamus; Pekon"
    assert Village.objects.get(code="18.06.11.2016").name == "Gunung Kasih \\ Baru"
    assert Village.objects.get(code="18.06.11.2017").name == "Gunung Kasíh"


def test_bad_rows_refuse_the_whole_file_naming_each_row(tmp_path):
    path = write(
        tmp_path,
        "kode,nama\n"
        "18,Lampung\n"
        "18.06,Kabupaten Tanggamus\n"
        "18.6.11,Pugung\n"  # row 4: malformed code
        "18.06.12,\n"  # row 5: empty name
        "18.06.99.2001,Sukamaju\n"  # row 6: its district 18.06.99 is nowhere
        "18.06.12.4001,Sukajaya\n",  # row 7: a village segment starts with 1, 2 or 3
    )

    with pytest.raises(CommandError) as refused:
        call_command("import_regions", file=str(path), stdout=StringIO(), stderr=StringIO())

    message = str(refused.value)
    assert "tidak ada yang disimpan" in message
    assert "Baris 4: kode “18.6.11” tidak sah" in message
    assert "Baris 5: nama untuk kode 18.06.12 kosong" in message
    assert "Baris 6: induk 18.06.99 dari kode 18.06.99.2001 tidak ada" in message
    assert "Baris 7: kode “18.06.12.4001” tidak sah" in message
    assert message.index("Baris 4") < message.index("Baris 5") < message.index("Baris 6")
    assert all(not model.objects.exists() for model in MODELS)


def test_a_refused_file_leaves_the_existing_tree_untouched(tmp_path):
    import_file(CSV_2020)
    path = write(tmp_path, "18;Lampung\n18.06;Kabupaten Tanggamus\n18.06.12.2001;Tugu Papak\n")

    with pytest.raises(RegionImportError) as refused:
        import_file(path)

    assert refused.value.errors == [
        "Baris 3: induk 18.06.12 dari kode 18.06.12.2001 tidak ada di sumber maupun di basis data."
    ]
    assert Province.objects.get(code="18").name == "LAMPUNG"
    assert not Regency.objects.filter(retired_at__isnull=False).exists()


def test_a_parent_already_in_the_database_is_enough(tmp_path):
    import_file(CSV_2020)
    path = write(tmp_path, "18.06.11.2018,Banjar Agung Ilir\n")

    summary = import_file(path, today=date(2025, 7, 1))

    assert Village.objects.get(code="18.06.11.2018").district_id == "18.06.11"
    assert counts(summary, "village") == level_counts(added=1, retired=5)


def test_the_same_code_twice_with_different_names_is_refused(tmp_path):
    path = write(tmp_path, "18,Lampung\n18,Lampung\n18,Lampung Raya\n")

    with pytest.raises(RegionImportError) as refused:
        import_file(path)

    assert refused.value.errors == ["Baris 3: kode 18 sudah muncul di baris 1 dengan nama lain."]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "tidak memuat satu pun baris wilayah"),
        ("kode,nama\n", "tidak memuat satu pun baris wilayah"),
        ("18,Lampung,Sumatera\n", "Baris 1: lebih dari dua kolom"),
    ],
)
def test_files_without_rows_or_with_extra_columns_are_refused(tmp_path, text, error):
    with pytest.raises(RegionImportError) as refused:
        read_region_csv(write(tmp_path, text))
    assert error in refused.value.errors[0]


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("import_regions", file=str(tmp_path / "tidak-ada.csv"), stdout=StringIO())


def test_command_prints_a_summary_per_level_and_progress():
    out, err = StringIO(), StringIO()
    call_command("import_regions", file=str(CSV_2020), stdout=out, stderr=err)
    out2, err2 = StringIO(), StringIO()
    call_command("import_regions", file=str(CSV_2025), stdout=out2, stderr=err2, verbosity=0)

    summary = out.getvalue()
    for word in ("Provinsi", "Kabupaten/Kota", "Kecamatan", "Desa/Kelurahan", "Ditambahkan", "Berganti nama"):
        assert word in summary
    for word in ("Dihentikan", "Dipulihkan", "Tidak berubah"):
        assert word in summary
    assert "Impor wilayah selesai: 13 perubahan disimpan." in summary
    assert "Membandingkan 13 baris sumber" in err.getvalue()
    assert "Desa/Kelurahan: 5 baris di sumber, 5 perubahan." in err.getvalue()
    assert err2.getvalue() == ""  # -v0 silences progress
    jakarta_today = timezone.localdate(timezone=ZoneInfo("Asia/Jakarta"))
    assert Regency.objects.get(code="91.01").retired_at == jakarta_today
    assert "dihentikan per" in out2.getvalue()


def test_command_help_is_in_indonesian():
    from locus.management.commands.import_regions import Command

    help_text = Command().create_parser("manage.py", "import_regions").format_help()

    assert "Mengimpor wilayah Kemendagri" in help_text
    assert "berkas CSV format Kemendagri" in help_text


def test_embedded_tree_is_the_2025_list():
    rows = lokal_region_rows()
    by_code = {code: name for _line, code, name in rows}

    assert len(rows) == len(by_code) == 38 + 514 + 7285 + 83762
    assert by_code["18.06.11.2016"] == "Gunung Kasih"
    assert by_code["53.06"] == "Kabupaten Flores Timur"
    assert by_code["93.01"] == "Kabupaten Merauke"


def _index_and_foreign_key_definitions() -> set[tuple[str, str]]:
    tables = [model._meta.db_table for model in MODELS]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
            "UNION SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid::regclass::text = ANY(%s)",
            [tables, tables],
        )
        return set(cursor.fetchall())


@pytest.mark.postgres
def test_full_embedded_tree_on_postgresql():
    before = _index_and_foreign_key_definitions()
    out = StringIO()

    call_command("import_regions", stdout=out, stderr=StringIO())

    assert [model.objects.current().count() for model in MODELS] == [38, 514, 7285, 83762]
    assert Village.objects.get(code="18.06.11.2016").name == "Gunung Kasih"
    assert Regency.objects.get(code="53.06").name == "Kabupaten Flores Timur"
    assert Village.objects.get(code="65.01.05.2006").name == "Gunung Sari"
    assert Village.objects.get(code="91.03.01.3007").kind == VillageKind.DESA_ADAT
    assert District.objects.get(code="91.03.01").kind == DistrictKind.DISTRIK
    assert Province.objects.get(code="53").time_zone == TimeZone.WITA
    # The load into empty tables rebuilt the indexes and foreign keys it dropped, exactly as they were.
    assert _index_and_foreign_key_definitions() == before
    assert "83.762" in out.getvalue()

    again = StringIO()
    call_command("import_regions", stdout=again, stderr=StringIO())
    assert "tidak ada perubahan" in again.getvalue()


@pytest.mark.postgres
def test_bulk_load_inside_a_transaction_with_pending_constraint_checks():
    """A caller's own deferred foreign-key checks must not stop the bulk load from altering tables."""
    regencies_only = [(None, "18", "Lampung"), (None, "18.06", "Kabupaten Tanggamus")]
    region_import(rows=regencies_only, source_label="x")  # its foreign-key check on 18.06 is still pending

    without_villages = [row for row in lokal_region_rows() if len(row[1]) < 13]
    summary = region_import(rows=without_villages, source_label="x")

    assert counts(summary, "district") == level_counts(added=7285)  # loaded into an empty table
    assert District.objects.current().count() == 7285
    assert District.objects.get(code="18.06.11").regency.name == "Kabupaten Tanggamus"


# --- The same source again: known to change nothing without comparing (PostgreSQL: the write counter) ---


def import_source(path: Path, **kwargs):
    return region_import(source=region_file_source(path), **kwargs)


def unreadable(path: Path) -> RegionSource:
    """The file's source, failing the test if its rows are parsed."""
    source = region_file_source(path)
    return RegionSource(source.label, source.digest, lambda: pytest.fail("the source was parsed"))


@pytest.mark.postgres
def test_the_same_file_over_untouched_tables_changes_nothing_and_is_not_even_read():
    import_source(CSV_2020)
    first = import_source(CSV_2025, today=date(2025, 7, 1))
    assert first.same_as is None and first.changed

    summary = region_import(source=unreadable(CSV_2025), today=date(2025, 8, 1))

    assert summary.same_as == RegionImport.objects.order_by("-pk").first()
    assert summary.changed == 0
    assert counts(summary, "province") == level_counts(unchanged=3)
    assert counts(summary, "village") == level_counts(unchanged=7)
    assert Regency.objects.get(code="91.01").retired_at == date(2025, 7, 1)


def _rename():
    Village.objects.filter(code="18.06.11.2016").update(name="Gunung Kasih Baru")


def _add():
    Village.objects.create(
        code="18.06.11.2099", name="Desa Baru", kind=VillageKind.DESA, district_id="18.06.11"
    )


def _delete_with_sql():
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM locus_village WHERE code = '93.01.01.2001'")


def _rolled_back():
    """A write that never committed still makes the next import compare: safe, only slower."""
    with pytest.raises(RuntimeError), transaction.atomic():
        _rename()
        raise RuntimeError


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("write", "village"),
    [
        (_rename, level_counts(renamed=1, unchanged=6)),
        (_add, level_counts(retired=1, unchanged=7)),
        (_delete_with_sql, level_counts(added=1, unchanged=6)),
        (_rolled_back, level_counts(unchanged=7)),
    ],
)
def test_any_write_to_the_region_tables_since_makes_the_import_compare_in_full(write, village):
    import_source(CSV_2025)
    write()

    summary = import_source(CSV_2025)

    assert summary.same_as is None
    assert counts(summary, "village") == village
    assert Village.objects.get(code="18.06.11.2016").name == "Gunung Kasih"
    assert Village.objects.get(code="93.01.01.2001").retired_at is None
    assert import_source(CSV_2025).same_as is not None  # and the next one is known again


@pytest.mark.postgres
def test_another_file_full_or_new_import_code_compare_in_full(monkeypatch):
    import_source(CSV_2025)
    assert import_source(CSV_2025, full=True).same_as is None
    assert import_source(CSV_2025).same_as is not None
    # The rows handed over in memory (tests, the demo) carry no digest: always compared.
    assert import_file(CSV_2025).same_as is None
    assert import_source(CSV_2025).same_as is None  # the last import was of those rows
    # A release that changes how rows are read or what follows from them compares once.
    monkeypatch.setattr(readers, "_code_digest", lambda: b"another release of the import")
    assert import_source(CSV_2025).same_as is None
    assert import_source(CSV_2025).same_as is not None
    # Another file.
    summary = import_source(CSV_2020)
    assert summary.same_as is None and summary.changed


@pytest.mark.postgres
def test_a_refused_file_is_not_remembered(tmp_path):
    import_source(CSV_2025)
    path = write(tmp_path, "18,Lampung\n18.06.99.2001,Desa tanpa induk\n")
    for _attempt in range(2):
        with pytest.raises(RegionImportError, match="induk 18.06.99"):
            import_source(path)
    assert RegionImport.objects.count() == 1


@pytest.mark.postgres
def test_command_says_at_once_that_nothing_changed_and_full_compares():
    call_command("import_regions", file=str(CSV_2025), stdout=StringIO(), stderr=StringIO())
    out, err = StringIO(), StringIO()
    call_command("import_regions", file=str(CSV_2025), stdout=out, stderr=err)
    assert "Sumber sama dengan impor" in err.getvalue()
    assert "Membandingkan" not in err.getvalue()
    assert "Impor wilayah selesai: tidak ada perubahan." in out.getvalue()
    assert "Tidak berubah" in out.getvalue()

    out, err = StringIO(), StringIO()
    call_command("import_regions", file=str(CSV_2025), full=True, stdout=out, stderr=err)
    assert "Membandingkan 18 baris sumber" in err.getvalue()
    assert "Impor wilayah selesai: tidak ada perubahan." in out.getvalue()
