"""Exports of cadres: scoped to the user, NIKs masked unless a permitted user states a reason (then logged),
text cells escaped against formula injection; the export command and the web export; the import template."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from cadre.checks import mask_nik
from cadre.choices import NikAccessAction
from cadre.exports import cadres_export
from cadre.imports import cadres_import
from cadre.models import Cadre, NikAccess
from cadre.services import cadre_register
from tests.cadre.factories import cadre_data
from tests.locus.factories import LocusFactory

REASON = "Verifikasi data pemilih oleh KPU"


@pytest.fixture
def cadres(world):
    here = LocusFactory(village=world.gunung_kasih)
    there = LocusFactory(village=world.flotim_village)
    siti, _ = cadre_register(
        actor=world.users["tanggamus_staff"],
        locus=here,
        data=cadre_data(world.gunung_kasih.code, serial=11, full_name='=HYPERLINK("http://x")'),
    )
    other, _ = cadre_register(
        actor=world.users["flotim_admin"],
        locus=there,
        data=cadre_data(world.flotim_village.code, serial=12, full_name="Maria Kewa", segments=()),
    )
    return siti, other


def read_csv(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def grant_full_nik(user):
    user.user_permissions.add(Permission.objects.get(codename="view_full_nik"))
    return type(user).objects.get(pk=user.pk)  # fresh permission cache


def test_export_is_scoped_masked_and_escaped(world, cadres):
    siti, _other = cadres
    content, count = cadres_export(actor=world.users["tanggamus_viewer"], fmt="csv")
    rows = read_csv(content)
    assert count == 1 and len(rows) == 1
    assert rows[0]["NIK"] == mask_nik(siti.nik) != siti.nik
    assert rows[0]["Nama Lengkap"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["No. HP"] == "081234567890"
    assert rows[0]["Kode Desa Lokus"] == "18.06.11.2016"
    assert not NikAccess.objects.exists()


def test_an_xlsx_export_escapes_formulas(world, cadres):
    from openpyxl import load_workbook

    content, _count = cadres_export(actor=world.users["national_admin"], fmt="xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ['\'=HYPERLINK("http://x")', "Maria Kewa"]


def test_full_niks_need_the_permission_and_a_reason_and_are_logged(world, cadres):
    siti, _other = cadres
    with pytest.raises(PermissionDenied):
        cadres_export(actor=world.users["tanggamus_admin"], fmt="csv", reason=REASON)
    user = grant_full_nik(world.users["tanggamus_admin"])
    with pytest.raises(ValidationError):
        cadres_export(actor=user, fmt="csv", reason="karena")
    content, _count = cadres_export(actor=user, fmt="csv", reason=REASON)
    assert read_csv(content)[0]["NIK"] == siti.nik
    log = NikAccess.objects.get()
    assert (log.cadre, log.user, log.action, log.reason) == (siti, user, NikAccessAction.EXPORT, REASON)


def test_an_export_imports_again_unchanged(world, cadres):
    siti, _other = cadres
    user = grant_full_nik(world.users["lampung_admin"])
    content, _count = cadres_export(actor=user, fmt="csv", reason=REASON)
    outcome = cadres_import(actor=user, data=content, filename="ekspor.csv", dry_run=False, year=2021)
    # The escaped name cell reads back as it was: nothing changes.
    assert (outcome.new, outcome.updated, outcome.unchanged, outcome.errors) == (0, 0, 1, [])
    assert Cadre.objects.count() == 2


def test_the_export_command(world, cadres, tmp_path):
    siti, _other = cadres
    path = tmp_path / "kader.csv"
    call_command("export_cadres", "--year", "2021", "--locus", "18.06.11.2016", "-o", str(path))
    rows = read_csv(path.read_bytes())
    assert [r["NIK"] for r in rows] == [mask_nik(siti.nik)]
    with pytest.raises(CommandError, match="--reason"):
        call_command("export_cadres", "--year", "2021", "-o", str(path), "--full-nik")
    with pytest.raises(CommandError, match="izin"):
        call_command(
            "export_cadres",
            "--year",
            "2021",
            "-o",
            str(path),
            "--full-nik",
            "--reason",
            REASON,
            "--user",
            "tanggamus-admin",
        )
    grant_full_nik(world.users["tanggamus_admin"])
    call_command(
        "export_cadres",
        "--year",
        "2021",
        "-o",
        str(path),
        "--full-nik",
        "--reason",
        REASON,
        "--user",
        "tanggamus-admin",
    )
    assert [r["NIK"] for r in read_csv(path.read_bytes())] == [siti.nik]
    assert NikAccess.objects.filter(action=NikAccessAction.EXPORT).count() == 1


def test_the_web_export_follows_the_filters_and_logs_full_niks(client, world, cadres):
    siti, _other = cadres
    client.force_login(world.users["lampung_staff"])
    response = client.get(reverse("cadre:cadre_export"), {"format": "csv", "lokus": siti.locus_id})
    assert response["Content-Type"].startswith("text/csv")
    assert [r["NIK"] for r in read_csv(response.content)] == [mask_nik(siti.nik)]
    assert client.get(reverse("cadre:cadre_export"), {"format": "pdf"}).status_code == 404
    assert client.post(reverse("cadre:cadre_export"), {"alasan": REASON}).status_code == 403
    grant_full_nik(world.users["lampung_staff"])
    client.force_login(world.users["lampung_staff"])  # a holder of full NIKs signs in with the second step
    response = client.post(reverse("cadre:cadre_export") + "?", {"alasan": REASON, "format": "csv"})
    assert [r["NIK"] for r in read_csv(response.content)] == [siti.nik]
    assert NikAccess.objects.filter(user=world.users["lampung_staff"]).count() == 1


def test_the_template_example_row_passes_the_checks(client, world):
    LocusFactory(village=world.gunung_kasih)
    client.force_login(world.users["tanggamus_staff"])
    for fmt in ("xlsx", "csv"):
        response = client.get(reverse("cadre:import_template", kwargs={"fmt": fmt}))
        outcome = cadres_import(
            actor=world.users["tanggamus_staff"],
            data=response.content,
            filename=f"templat.{fmt}",
            dry_run=True,
            year=2021,
        )
        assert outcome.ok and outcome.new == 1, [str(e) for e in outcome.errors]
    assert client.get(reverse("cadre:import_template", kwargs={"fmt": "pdf"})).status_code == 404
