"""Election results per village: the sum of a village's polling stations (TPS) for one election.

The file an office loads lists every TPS (region code, TPS number, registered voters, voters who came, valid
and invalid votes); what is kept is the village's sum, from which districts and regencies are summed by query.
Turnout is never stored: it is ``voters / (registered + additional)``, derived wherever it is shown
(``VillageResult.turnout``, ``locus.selectors.results``).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kernel.scoping import ScopedQuerySet, ScopeLookups
from regions.models import Village

from .programme import Election


class VillageResult(models.Model):
    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, related_name="village_results", verbose_name=_("pemilu/pemilihan")
    )
    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="+", verbose_name=_("desa/kelurahan")
    )
    # The village's district, regency and province codes, kept with the row: results are summed and scoped by
    # them without joining the region tree.
    district_code = models.CharField(_("kode kecamatan"), max_length=8, editable=False)
    regency_code = models.CharField(_("kode kabupaten/kota"), max_length=5, editable=False)
    province_code = models.CharField(_("kode provinsi"), max_length=2, editable=False)
    polling_stations = models.PositiveIntegerField(_("jumlah TPS"))
    registered = models.PositiveIntegerField(_("pemilih terdaftar (DPT)"))
    additional = models.PositiveIntegerField(
        _("pemilih tambahan (DPTb dan DPK)"),
        default=0,
        help_text=_("Pemilih yang tidak ada di DPT tetapi memberikan suara (DPTb, DPK)."),
    )
    voters = models.PositiveIntegerField(_("pengguna hak pilih"))
    valid_votes = models.PositiveIntegerField(_("suara sah"))
    invalid_votes = models.PositiveIntegerField(_("suara tidak sah"))
    illustrative = models.BooleanField(
        _("data ilustrasi"),
        default=False,
        help_text=_("Angka buatan untuk demo dan pelatihan, bukan hasil resmi."),
    )

    objects = ScopedQuerySet.as_manager()
    scope_lookups = ScopeLookups(province="province_code", regency="regency_code")

    class Meta:
        verbose_name = _("hasil pemilu desa/kelurahan")
        verbose_name_plural = _("hasil pemilu desa/kelurahan")
        constraints = [
            models.UniqueConstraint(fields=["election", "village"], name="one_result_per_village_election"),
            models.CheckConstraint(
                condition=Q(voters__lte=F("registered") + F("additional")),
                name="result_voters_within_registered",
            ),
            models.CheckConstraint(
                condition=Q(valid_votes__lte=F("voters") - F("invalid_votes")),
                name="result_votes_within_voters",
            ),
        ]
        indexes = [
            models.Index(fields=["election", "regency_code"], name="result_election_regency"),
        ]

    def __str__(self) -> str:
        return f"{self.village_id} · {self.election_id}"

    def save(self, *args, **kwargs):
        code = self.village_id
        self.district_code, self.regency_code, self.province_code = code[:8], code[:5], code[:2]
        super().save(*args, **kwargs)

    @property
    def electorate(self) -> int:
        """Everyone who could vote here: the DPT and the voters added on the day (DPTb, DPK)."""
        return self.registered + self.additional

    @property
    def turnout(self) -> float | None:
        """Turnout in percent (``voters / electorate``), or None for a village without voters on record."""
        return 100 * self.voters / self.electorate if self.electorate else None
