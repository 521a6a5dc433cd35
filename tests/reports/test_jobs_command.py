"""``generate_report``: the same task code in-process; writes the file, or exits non-zero with the reason."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.system import SYSTEM_USERNAME
from reports.models import JobStatus, ReportJob
from tests.locus.factories import LocusFactory
from tests.reports.jobs_support import (
    job_builders,  # noqa: F401 (the fixture of pytestmark)
)

pytestmark = pytest.mark.usefixtures("job_builders")


def test_the_command_writes_the_report_as_the_system_user(world, tmp_path, capsys):
    LocusFactory(village=world.gunung_kasih)
    LocusFactory(village=world.flotim_village)
    output = tmp_path / "lokus.csv"
    call_command("generate_report", "uji-lokus", "--year", "2021", "--scope", "18", "--format", "csv",
                 "-o", str(output))  # fmt: skip
    content = output.read_text()
    assert "18.06.11.2016" in content and "53.06.03.1001" not in content
    job = ReportJob.objects.get()
    assert job.requested_by.username == SYSTEM_USERNAME and job.status == JobStatus.SUCCEEDED
    assert str(output) in capsys.readouterr().out


def test_the_command_finds_the_locus_by_village_code_and_year(world, tmp_path):
    locus = LocusFactory(village=world.gunung_kasih)
    output = tmp_path / "profil.csv"
    call_command("generate_report", "uji-profil", "--locus", "18.06.11.2016", "--year", "2021",
                 "--format", "csv", "-o", str(output), "--user", "tanggamus-staff")  # fmt: skip
    assert ReportJob.objects.get().locus == locus
    assert "Gunung Kasih" in output.read_text()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["uji-lokus", "--year", "2021", "--scope", "18"], "Tidak ada lokus"),  # the builder's ReportError
        (["uji-rusak", "--year", "2021"], "kesalahan internal"),
        (["uji-lokus", "--year", "2021", "--scope", "53", "--user", "lampung-admin"], "di luar wilayah"),
        (
            ["uji-profil", "--year", "2021", "--locus", "53.06.03.1001", "--user", "lampung-admin"],
            "Lokus desa",
        ),
        (["uji-lokus", "--year", "2021", "--user", "tidak-ada"], "tidak ada"),
    ],
)
def test_the_command_fails_with_the_reason(world, tmp_path, arguments, message):
    LocusFactory(village=world.flotim_village)
    output = tmp_path / "laporan.csv"
    with pytest.raises(CommandError, match=message):
        call_command("generate_report", *arguments, "--format", "csv", "-o", str(output))
    assert not output.exists()


def test_the_command_exits_non_zero(world, tmp_path, capsys):
    from django.core.management import execute_from_command_line

    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "generate_report", "tidak-ada", "--year", "2021",
                                   "--format", "csv", "-o", str(tmp_path / "x.csv")])  # fmt: skip
    assert exit_.value.code == 1
    assert "Jenis laporan ini tidak dikenal" in capsys.readouterr().err


def test_an_unwritable_output_is_refused_before_anything_is_built(world, tmp_path):
    LocusFactory(village=world.gunung_kasih)
    with pytest.raises(CommandError, match="tidak dapat ditulis"):
        call_command("generate_report", "uji-lokus", "--year", "2021", "--format", "csv",
                     "-o", str(tmp_path / "no-such-folder" / "lokus.csv"))  # fmt: skip
    assert not ReportJob.objects.exists()
