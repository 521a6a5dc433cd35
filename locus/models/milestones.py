"""The milestones of a programme year: what KPU RI expects of every locus by when (mapping, SK, PKS,
recruitment complete, each planned training session, mid-term and final evaluation), each due on a fixed
date or a number of days after the locus' SK date. Whether a locus met one is never ticked by hand: it is
read from the locus' records (``reports.milestones``) and judged by ``locus.rules.milestone_light``."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from locus import rules
from locus.choices import MilestoneKind

from .programme import ProgrammeYear


class Milestone(models.Model):
    programme_year = models.ForeignKey(
        ProgrammeYear, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("tahun program")
    )
    kind = models.CharField(_("tonggak"), max_length=20, choices=MilestoneKind.choices)
    # The training session a ``pembekalan`` milestone is about (1 … the year's planned sessions).
    session_number = models.PositiveSmallIntegerField(
        _("sesi ke"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    due_date = models.DateField(_("tanggal tetap"), null=True, blank=True)
    offset_days = models.SmallIntegerField(
        _("hari setelah tanggal SK"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(-rules.MILESTONE_MAX_OFFSET),
            MaxValueValidator(rules.MILESTONE_MAX_OFFSET),
        ],
    )

    class Meta:
        verbose_name = _("tonggak lokus")
        verbose_name_plural = _("tonggak lokus")
        ordering = ["programme_year", "kind", "session_number"]
        constraints = [
            # Exactly one of a fixed date and an offset from the SK date.
            models.CheckConstraint(
                condition=Q(due_date__isnull=True, offset_days__isnull=False)
                | Q(due_date__isnull=False, offset_days__isnull=True),
                name="milestone_date_or_offset",
            ),
            # A session number on the training milestones, and only there.
            models.CheckConstraint(
                condition=Q(kind=MilestoneKind.TRAINING, session_number__isnull=False)
                | (~Q(kind=MilestoneKind.TRAINING) & Q(session_number__isnull=True)),
                name="milestone_session_on_training",
            ),
            models.UniqueConstraint(
                fields=["programme_year", "kind"],
                condition=~Q(kind=MilestoneKind.TRAINING),
                name="one_milestone_per_kind_per_year",
            ),
            models.UniqueConstraint(
                fields=["programme_year", "session_number"],
                condition=Q(kind=MilestoneKind.TRAINING),
                name="one_training_milestone_per_session",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_year_id} · {self.label}"

    @property
    def key(self) -> str:
        """``pembekalan-3`` for a session, the kind otherwise: the milestone's name on the schedule form."""
        return rules.milestone_key(self.kind, self.session_number)

    @property
    def label(self) -> str:
        return rules.milestone_label(self.kind, self.session_number)
