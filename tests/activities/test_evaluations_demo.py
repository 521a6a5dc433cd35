"""The demo's targets and evaluations: Palembang's 400, Tanggamus' 50, an approved and a draft evaluation;
idempotent."""

from __future__ import annotations

from django.core.management import call_command

from activities.choices import EvaluationStatus
from activities.models import LocusEvaluation, Target
from activities.selectors.targets import office_target_progress


def test_seed_demo_loads_targets_and_evaluations_once(demo_regions):
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    targets = {
        t.office.name: t for t in Target.objects.select_related("office").filter(programme_year_id=2021)
    }
    # 16 loci × 8 sessions, counted per locus as the dashboards count them (was 8 sessions, read once).
    assert (targets["KPU Kota Palembang"].cadres, targets["KPU Kota Palembang"].sessions) == (400, 128)
    assert (targets["KPU Kabupaten Tanggamus"].cadres, targets["KPU Kabupaten Tanggamus"].sessions) == (
        50,
        16,
    )
    assert "KPU Provinsi Lampung" in targets
    assert Target.objects.count() == 3
    evaluations = {e.locus.village.name: e for e in LocusEvaluation.objects.select_related("locus__village")}
    assert evaluations["Gunung Kasih"].status == EvaluationStatus.APPROVED
    assert evaluations["Gunung Kasih"].figures["cadres_active"] == 25
    assert evaluations["Sukabanjar"].status == EvaluationStatus.DRAFT
    assert len(evaluations) == 2
    tanggamus = office_target_progress(office=targets["KPU Kabupaten Tanggamus"].office, year=2021)
    assert tanggamus["cadres"] >= 50
