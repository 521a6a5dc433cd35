"""The locus profile PDF: the locus' path, roster with masked NIKs, trainings, activities, evaluation."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from cadre.checks import mask_nik
from reports.builders import BUILDERS, ReportError
from reports.builders.locus_profile import build_locus_profile

from .factories_builders import known_data, report_request


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_locus_profile_needs_a_locus():
    assert BUILDERS["locus-profile"].needs == ("locus_id",)


def test_the_profile_holds_the_locus_roster_masked_trainings_and_figures(world, tmp_path):
    data = known_data(world)
    locus = data["gunung_kasih"]
    request = report_request(
        world.users["tanggamus_viewer"], "locus-profile", "pdf", tmp_path, locus_id=locus.pk
    )
    built = build_locus_profile(request)
    assert built.filename == "profil-lokus-2021-18.06.11.2016.pdf"
    text = pdf_text(request.output_path)
    for expected in (
        "KOMISI PEMILIHAN UMUM",
        "Lampung",
        "Kabupaten Tanggamus",
        "Pugung",
        "Gunung Kasih",
        "Partisipasi Rendah",
        "Materi sesi 1",
        "Sosialisasi anti hoaks",
        "Kader aktif",
    ):
        assert expected in text, expected
    woman = data["women"][0]
    assert mask_nik(woman.nik) in text and woman.nik not in text
    assert "Waibalun" not in text


def test_a_locus_outside_the_jurisdiction_is_not_found(world, tmp_path):
    data = known_data(world)
    user = world.users["tanggamus_viewer"]
    with pytest.raises(ReportError, match="Lokus tidak ditemukan"):
        build_locus_profile(
            report_request(user, "locus-profile", "pdf", tmp_path, locus_id=data["waibalun"].pk)
        )
    with pytest.raises(ReportError, match="Pilih lokus"):
        build_locus_profile(report_request(user, "locus-profile", "pdf", tmp_path))
