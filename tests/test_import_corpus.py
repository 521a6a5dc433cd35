"""The import corpus (``tests/import_corpus/files.py``) through the real imports, against the database.

Every file's outcome is pinned. An accepted file is read (a dry run: every row new, its warnings, nothing
saved), then imported, and every value stored is compared with what its author typed. A refused file is
refused, dry run or not, with exactly the errors listed (row, column), each message saying what to do;
nothing is saved, no row whose cell was refused is previewed as new and the preview shows no 16-digit run.

The files LibreOffice makes (``.xls``, ``.ods``, a CSV saved as XLSX…) are converted once per session, and
kept in pytest's cache between runs while the generator is unchanged; without LibreOffice they fail in CI
(``SIDP3_REQUIRE_SERVICES`` or ``CI`` set) and are skipped elsewhere.

The round trips: the office's own exports (cadres as XLSX and CSV, NIKs masked or full; loci) re-imported
unedited change nothing, row for row; replaced and resigned cadres are skipped with a note.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cadre.choices import CadreStatus
from cadre.exports import cadres_export
from cadre.imports import cadres_import
from cadre.models import Cadre
from kernel.imports import build_preview
from locus import rules
from locus.choices import LocusStatus
from locus.exports import loci_export
from locus.models import ElectionIndicator, Locus, Village
from locus.services.imports import indicators_import, loci_import
from tests.cadre.factories import CadreFactory
from tests.conftest import _services_required
from tests.import_corpus import files
from tests.import_corpus.files import CORPUS, EXPORT_RECRUITED, LOCI, YEAR, CorpusFile, Kader, kader
from tests.locus.factories import LocusFactory

SOFFICE = os.environ.get("SIDP3_SOFFICE", "soffice")
REASON = "Pemutakhiran daftar kader DP3 2021"
SIXTEEN_DIGITS = re.compile(r"(?<!\d)\d{16}(?!\d)")


# --- the corpus, written once per session -------------------------------------------------------------------


def _soffice() -> str | None:
    executable = SOFFICE if os.path.isabs(SOFFICE) else shutil.which(SOFFICE)
    return executable if executable and os.access(executable, os.X_OK) else None


def _converter(executable: str, home: Path):
    def convert(paths: list[Path], infilter: str | None, target: str, outdir: Path) -> dict[Path, Path]:
        command = [executable, f"-env:UserInstallation={(home / 'profile').as_uri()}", "--headless"]
        command += ["--norestore", "--nolockcheck"]
        command += [f"--infilter={infilter}"] if infilter else []
        command += ["--convert-to", target, "--outdir", str(outdir), *map(str, paths)]
        result = subprocess.run(  # noqa: S603 (our own arguments)
            command, capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": str(home)}
        )
        extension = target.split(":")[0]
        converted = {path: outdir / f"{path.stem}.{extension}" for path in paths}
        missing = [path.name for path, out in converted.items() if not out.exists()]
        assert not missing, f"LibreOffice did not convert {missing}: {result.stdout} {result.stderr}"
        return converted

    return convert


@pytest.fixture(scope="session")
def corpus(request, tmp_path_factory) -> dict[str, Path]:
    """Every corpus file, by name; LibreOffice's conversions kept in pytest's cache while the generator (and
    openpyxl) are the same."""
    executable = _soffice()
    generator = Path(files.__file__).read_bytes()
    key = hashlib.sha256(generator + openpyxl.__version__.encode() + str(executable).encode()).hexdigest()[
        :16
    ]
    cache = getattr(request.config, "cache", None)  # None with -p no:cacheprovider
    cached = Path(cache.mkdir("import-corpus")) / key if cache is not None else None
    if executable and cached and all((cached / entry.name).exists() for entry in CORPUS):
        return {entry.name: cached / entry.name for entry in CORPUS}
    folder = tmp_path_factory.mktemp("import-corpus")
    home = tmp_path_factory.mktemp("soffice")
    paths = files.write_corpus(folder, _converter(executable, home) if executable else None)
    if executable and cached:
        for stale in cached.parent.iterdir():  # an older generator's files
            shutil.rmtree(stale, ignore_errors=True)
        cached.mkdir(parents=True, exist_ok=True)
        for name, path in paths.items():
            shutil.copyfile(path, cached / name)
    return paths


def corpus_file(corpus: dict[str, Path], entry: CorpusFile) -> bytes:
    if entry.name not in corpus:
        reason = f"{entry.name} is made by LibreOffice ({SOFFICE}; Debian: apt-get install libreoffice-calc)"
        if _services_required():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return corpus[entry.name].read_bytes()


# --- the world the files are imported into ------------------------------------------------------------------


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def grant_full_nik(user):
    user.user_permissions.add(Permission.objects.get(codename="view_full_nik"))
    return type(user).objects.get(pk=user.pk)  # fresh permission cache


def make_loci() -> dict[str, Locus]:
    """The loci of 2021 in Tanggamus a roster is imported into: designated, their decree of 7 June 2021."""
    return {code: LocusFactory(village=Village.objects.get(code=code), year=YEAR) for code in LOCI}


def put_on_record(
    kaders, loci, *, status=CadreStatus.APPOINTED, recruited_on=EXPORT_RECRUITED
) -> list[Cadre]:
    cadres = []
    for one in kaders:
        values = dict(one.stored)
        segments = values.pop("segments")
        locus = loci[values.pop("locus")]
        values.pop("recruited_on")
        cadres.append(
            CadreFactory(
                locus=locus, status=status, recruited_on=recruited_on, segments=sorted(segments), **values
            )
        )
    return cadres


def run(world, entry: CorpusFile, data: bytes, *, dry_run: bool):
    if entry.kind == "loci":
        return loci_import(
            actor=world.users["lampung_admin"], data=data, filename=entry.name, dry_run=dry_run
        )
    if entry.kind == "indicators":
        return indicators_import(
            actor=world.users["lampung_commissioner"], data=data, filename=entry.name, dry_run=dry_run
        )
    return cadres_import(
        actor=world.users["tanggamus_admin"],
        data=data,
        filename=entry.name,
        dry_run=dry_run,
        locus_code=entry.locus,
        year=YEAR,
    )


def stored_cadre(cadre: Cadre) -> dict:
    return {
        "nik": cadre.nik,
        "full_name": cadre.full_name,
        "sex": cadre.sex,
        "birth_place": cadre.birth_place,
        "birth_date": cadre.birth_date,
        "address": cadre.address,
        "domicile_village_id": cadre.domicile_village_id,
        "phone": cadre.phone,
        "email": cadre.email,
        "education": cadre.education,
        "occupation": cadre.occupation,
        "segments": {segment.code for segment in cadre.segments.all()},
        "disability": cadre.disability,
        "nonpartisan": cadre.nonpartisan,
        "locus": cadre.locus.village_id,
        "recruited_on": cadre.recruited_on,
    }


def expected_cadre(one: Kader, loci: dict[str, Locus]) -> dict:
    """What the author typed, as SIDP3 stores it; a row without a recruitment date takes the programme's."""
    expected = dict(one.stored)
    if expected["recruited_on"] is None:
        expected["recruited_on"], _source = rules.default_recruitment_date(
            year=YEAR, today=timezone.localdate(), decree_date=loci[expected["locus"]].decree_date
        )
    return expected


def text_of_preview(preview) -> str:
    parts = [*preview.headers, *preview.errors, *preview.warnings]
    for row in preview.rows:
        parts += [str(cell) for cell in row.cells] + list(row.errors) + list(row.notes)
    return "\n".join(str(part) for part in parts)


def _counts(kind: str) -> int:
    return {"cadres": Cadre, "loci": Locus, "indicators": ElectionIndicator}[kind].objects.count()


# --- every file of the corpus -------------------------------------------------------------------------------


@pytest.mark.parametrize("entry", CORPUS, ids=[entry.name for entry in CORPUS])
def test_each_file_is_accepted_with_every_value_kept_or_refused_naming_row_column_and_remedy(
    world, corpus, entry
):
    data = corpus_file(corpus, entry)
    loci = make_loci() if entry.kind == "cadres" else {}
    on_record = put_on_record(entry.on_record, loci)
    if entry.name == "export-full-nik.csv":
        # The file is the office's export, byte for byte.
        exporter = grant_full_nik(world.users["tanggamus_admin"])
        assert cadres_export(actor=exporter, fmt="csv", reason=REASON)[0] == data
    before = _counts(entry.kind)

    checked = run(world, entry, data, dry_run=True)
    preview = build_preview(checked)
    assert not SIXTEEN_DIGITS.search(text_of_preview(preview)), "a NIK is shown unmasked"
    assert not checked.saved and _counts(entry.kind) == before
    warnings = [w for fragment in entry.warnings for w in checked.warnings if fragment in w]
    assert len(warnings) == len(entry.warnings) == len(checked.warnings), checked.warnings

    if not entry.accepted:
        for outcome in (checked, run(world, entry, data, dry_run=False)):
            assert [(e.row, e.column) for e in outcome.errors] == [(r, c) for r, c, _ in entry.errors], [
                str(e) for e in outcome.errors
            ]
            for error, (_row, _column, remedy) in zip(outcome.errors, entry.errors, strict=True):
                assert remedy in error.message, str(error)
            assert not outcome.saved
        assert _counts(entry.kind) == before
        refused_rows = {row for row, _column, _remedy in entry.errors if row is not None}
        assert not [r.number for r in preview.rows if r.number in refused_rows and r.status == "new"]
        if entry.rows is None:  # the file could not be read as a table: no row is shown
            assert checked.table is None and preview.rows == []
        else:
            # The rows whose cells are refused are neither new, updated nor unchanged.
            assert len(checked.table) == entry.rows
            assert checked.new + checked.updated + checked.unchanged == entry.rows - len(refused_rows)
        if on_record:
            # Nothing read from the file is new: the rows are the cadres on record, their NIKs refused.
            assert (checked.new, checked.updated) == (0, 0)
            assert [stored_cadre(c) for c in Cadre.objects.order_by("pk")] == [
                stored_cadre(c) for c in on_record
            ]
        return

    assert checked.ok, [str(e) for e in checked.errors]
    count = len(entry.kaders or entry.records)
    if on_record:
        assert (checked.new, checked.updated, checked.unchanged) == (0, 0, count)
    else:
        assert (checked.new, checked.updated, checked.unchanged) == (count, 0, 0)
        assert [r.status for r in preview.rows] == ["new"] * count
    assert len(checked.table) == count
    outcome = run(world, entry, data, dry_run=False)
    assert outcome.ok and outcome.saved
    assert _counts(entry.kind) == before + (0 if on_record else count)

    if entry.kind == "cadres":
        defaulted = [one for one in entry.kaders if one.stored["recruited_on"] is None and not on_record]
        assert sum(len(notes) for notes in outcome.notes.values()) == len(defaulted), outcome.notes
        stored = {c.nik: stored_cadre(c) for c in Cadre.objects.select_related("locus")}
        expected = {one.nik: expected_cadre(one, loci) for one in entry.kaders}
        if on_record:
            expected = {nik: dict(value, recruited_on=EXPORT_RECRUITED) for nik, value in expected.items()}
        assert stored == expected
    elif entry.kind == "loci":
        for record in entry.records:
            locus = Locus.objects.get(village_id=record["village_id"], programme_year_id=YEAR)
            assert {name: getattr(locus, name) for name in record} == record
    else:
        for record in entry.records:
            indicator = ElectionIndicator.objects.get(
                region_code=record["region_code"], election_id=record["election_id"]
            )
            values = {name: getattr(indicator, name) for name in record}
            for name in ("turnout_percent", "ikp_score"):
                values[name] = None if values[name] is None else str(values[name])
            assert values == record


def test_the_template_numbered_rows_are_not_rows(world, corpus):
    entry = files.BY_NAME["pre-numbered.xlsx"]
    make_loci()
    outcome = run(world, entry, corpus_file(corpus, entry), dry_run=True)
    assert outcome.ok and outcome.new == 2 and len(outcome.table) == 2 and not outcome.warnings


def test_the_web_preview_shows_no_nik_whether_the_header_is_found_or_not(client, world, corpus):
    locus = make_loci()[files.GUNUNG_KASIH]
    url = reverse("cadre:cadre_import")
    client.force_login(world.users["tanggamus_admin"])
    for name in ("title-rows.xlsx", "no-header.xlsx", "header-too-low.xlsx", "nik-number.xlsx"):
        data = corpus_file(corpus, files.BY_NAME[name])
        upload = SimpleUploadedFile(name, data)
        response = client.post(url, {"langkah": "unggah", "tahun": YEAR, "lokus": locus.pk, "berkas": upload})
        assert response.status_code == 302, name
        page = client.get(url).content.decode()
        assert not SIXTEEN_DIGITS.search(page), name
        assert "1806115203900010" not in page and "180611520390" not in page
        accepted = files.BY_NAME[name].accepted
        assert bool(re.search(r"Impor \d+ baris sekarang", page)) == accepted, name
        client.post(url, {"langkah": "batal"})
    assert not Cadre.objects.exists()


# --- round trips --------------------------------------------------------------------------------------------

ROSTER = {
    files.GUNUNG_KASIH: (
        kader(2001, locus=files.GUNUNG_KASIH),
        kader(2010, sex="L", birth=dt.date(1980, 10, 10), locus=files.GUNUNG_KASIH),  # a NIK ending in 0
        kader(
            2003,
            birth=dt.date(1998, 2, 2),
            locus=files.GUNUNG_KASIH,
            typed={},
            stored={
                "segments": {"perempuan", "penyandang-disabilitas"},
                "disability": "Tunadaksa",
                "education": "s1",
                "email": "",
                "phone": "",
            },
        ),
    ),
    files.SUKABANJAR: (
        kader(2101, village=files.SUKABANJAR, locus=files.SUKABANJAR),
        kader(2102, sex="L", village=files.SUKABANJAR, locus=files.SUKABANJAR, stored={"full_name": "=1+1"}),
    ),
}
REPLACED = kader(2004, birth=dt.date(1977, 7, 17), locus=files.GUNUNG_KASIH)
RESIGNED = kader(2005, sex="L", birth=dt.date(1969, 9, 9), locus=files.GUNUNG_KASIH)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("full_nik", [False, True], ids=["masked", "full-nik"])
def test_the_offices_own_cadre_export_reimports_unchanged_row_for_row(world, fmt, full_nik):
    loci = make_loci()
    live = [c for kaders in ROSTER.values() for c in put_on_record(kaders, loci)]
    put_on_record([REPLACED], loci, status=CadreStatus.REPLACED)
    put_on_record([RESIGNED], loci, status=CadreStatus.RESIGNED)
    before = [(stored_cadre(c), c.updated_at, c.history.count()) for c in Cadre.objects.order_by("pk")]
    exporter = grant_full_nik(world.users["tanggamus_admin"]) if full_nik else world.users["tanggamus_admin"]
    content, count = cadres_export(actor=exporter, fmt=fmt, reason=REASON if full_nik else "")
    assert count == len(live) + 2
    for dry_run in (True, False):
        outcome = cadres_import(
            actor=world.users["tanggamus_admin"],
            data=content,
            filename=f"kader.{fmt}",
            dry_run=dry_run,
            year=YEAR,
        )
        assert outcome.ok, [str(e) for e in outcome.errors]
        assert (outcome.new, outcome.updated, outcome.unchanged) == (0, 0, len(live))
        assert not outcome.warnings
        names = {row[outcome.table.headers.index("Nama Lengkap")]: row[-1] for row in outcome.table}
        left_alone = {names[REPLACED.stored["full_name"]], names[RESIGNED.stored["full_name"]]}
        assert outcome.skipped == left_alone
        assert outcome.notes == {
            names[REPLACED.stored["full_name"]]: ["Kader berstatus Diganti; baris ini dilewati."],
            names[RESIGNED.stored["full_name"]]: ["Kader berstatus Mengundurkan diri; baris ini dilewati."],
        }
        statuses = {row.number: row.status for row in build_preview(outcome).rows}
        assert sorted(statuses.values()) == ["skip"] * len(live) + ["skipped"] * 2
    after = [(stored_cadre(c), c.updated_at, c.history.count()) for c in Cadre.objects.order_by("pk")]
    assert after == before


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_loci_export_reimports_unchanged(world, fmt):
    LocusFactory(village=world.gunung_kasih, status=LocusStatus.PROPOSED, rationale="Partisipasi 58%")
    LocusFactory(
        village=Village.objects.get(code=files.SUKABANJAR),
        status=LocusStatus.DESIGNATED,
        decree_number="12/PP.06-Kpt/18/Prov/VI/2021",
    )
    before = list(Locus.objects.order_by("pk").values())
    loci = Locus.objects.select_related("village__district__regency__province").order_by("village_id")
    content = loci_export(loci, fmt=fmt)
    for dry_run in (True, False):
        outcome = loci_import(
            actor=world.users["lampung_admin"], data=content, filename=f"lokus.{fmt}", dry_run=dry_run
        )
        assert outcome.ok, [str(e) for e in outcome.errors]
        assert (outcome.new, outcome.updated, outcome.unchanged) == (0, 0, 2)
        assert not outcome.warnings, outcome.warnings
    assert list(Locus.objects.order_by("pk").values()) == before
