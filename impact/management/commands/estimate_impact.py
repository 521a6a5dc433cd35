"""Compute the programme's effect on turnout now, in this process (the worker's code, without the queue):

    python manage.py estimate_impact --year 2021 --election pemilu-2024
    python manage.py estimate_impact            # every estimate that can be made

Prints the national figure of each estimate computed. An estimate that cannot be made (an unknown year or
election, an election held before the year began, no earlier election of its kind) exits non-zero with the
reason.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from impact.choices import FigureLevel
from impact.models import ImpactFigure
from impact.services.estimates import estimate_compute
from impact.services.freshness import estimable_pairs


class Command(BaseCommand):
    help = _("Menghitung dampak program terhadap partisipasi pemilih sekarang (tanpa antrean).")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help=_("tahun program, mis. 2021"))
        parser.add_argument("--election", help=_("kode pemilu/pemilihan sesudah program, mis. pemilu-2024"))
        parser.add_argument("--draws", type=int, help=_("jumlah pengambilan ulang bootstrap (bawaan 1.000)"))
        parser.add_argument("--seed", type=int, help=_("benih acak"))

    def handle(self, *args, **options):
        year, election = options["year"], options["election"]
        if (year is None) != (election is None):
            raise CommandError(_("Sebutkan --year dan --election bersama, atau tidak keduanya."))
        pairs = [(year, election)] if year is not None else estimable_pairs()
        if not pairs:
            self.stdout.write(
                _("Belum ada dampak yang dapat dihitung (lokus ditetapkan dan hasil dua pemilu).")
            )
        for pair_year, code in pairs:
            try:
                estimate = estimate_compute(
                    year=pair_year, election=code, draws=options["draws"], seed=options["seed"]
                )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            national = ImpactFigure.objects.filter(
                estimate=estimate, level=FigureLevel.NATIONAL, category=""
            ).first()
            self.stdout.write(_summary(estimate, national))


def _number(value) -> str:
    return "—" if value is None else f"{value:+.2f}"


def _summary(estimate, figure) -> str:
    text = _(
        "DP3 %(year)s, %(election)s dibanding %(baseline)s: %(matched)s dari %(loci)s lokus "
        "berpembanding, %(controls)s desa pembanding; selisih %(effect)s poin (95%%: %(low)s s.d. "
        "%(high)s); %(seconds)s detik."
    ) % {
        "year": estimate.programme_year_id,
        "election": estimate.election_id,
        "baseline": estimate.baseline_id,
        "matched": figure.matched if figure else 0,
        "loci": figure.loci if figure else 0,
        "controls": figure.controls if figure else 0,
        "effect": _number(figure.effect if figure else None),
        "low": _number(figure.low if figure else None),
        "high": _number(figure.high if figure else None),
        "seconds": f"{estimate.seconds:.2f}",
    }
    if estimate.illustrative:
        text += " " + _("(data ilustrasi)")
    return text
