"""Access to the evaluation and target pages.

In jurisdiction: an evaluation of a locus in Gunung Kasih (Tanggamus, Lampung) and KPU Kabupaten Tanggamus'
target; out of jurisdiction: the same in Waibalun (Flores Timur, NTT). A role that may not do the page's
action gets 403 wherever the record is; outside the jurisdiction the record does not exist (404). A step of
another level is a 403 too: a province office or KPU RI drafting, submitting or deleting; a regency office
approving or returning.
"""

from __future__ import annotations

from accounts.choices import OfficeLevel
from activities.choices import Assessment, EvaluationStage
from activities.models import Target
from activities.services.evaluations import evaluation_create, evaluation_submit
from locus.models import ProgrammeYear
from tests.access import LOGGED_IN, Rule, actors_where, table
from tests.access.loci import REGENCY_OFFICES, SEES_FLOTIM, SEES_TANGGAMUS, may, scoped
from tests.activities.factories_evaluations import locus_at
from tests.factories import office_for

NOT_REGENCY = actors_where(lambda level, key, role: level != OfficeLevel.REGENCY)
PLACES = {
    "in": ("gunung_kasih", "tanggamus_commissioner", "tanggamus"),
    "out": ("flotim_village", "flotim_commissioner", "flotim"),
}


def _evaluation(world, where: str, *, submitted: bool = False):
    village, actor, _regency = PLACES[where]
    actor = world.users[actor]
    evaluation = evaluation_create(
        actor=actor,
        locus=locus_at(getattr(world, village)),
        stage=EvaluationStage.END,
        assessment=Assessment.GOOD,
        findings="Kader aktif.",
    )
    return evaluation_submit(actor=actor, evaluation=evaluation) if submitted else evaluation


def evaluation_kwargs(where: str, *, submitted: bool = False):
    return lambda world: {"pk": _evaluation(world, where, submitted=submitted).pk}


def locus_kwargs(where: str):
    return lambda world: {"pk": locus_at(getattr(world, PLACES[where][0])).pk}


def target_kwargs(where: str):
    def build(world):
        office = office_for(OfficeLevel.REGENCY, getattr(world, PLACES[where][2]))
        target = Target.objects.create(
            office=office, programme_year=ProgrammeYear.objects.get(year=2021), cadres=50
        )
        return {"pk": target.pk}

    return build


def _rule(action: str, kwargs, *, refused=frozenset(), **kwargs_options) -> Rule:
    return Rule(
        expect=scoped(action, SEES_TANGGAMUS, refused=refused),
        kwargs=kwargs("in", **kwargs_options),
        out_kwargs=kwargs("out", **kwargs_options),
        expect_out=scoped(action, SEES_FLOTIM, refused=refused),
    )


def _allowed(action: str) -> dict[str, int]:
    allowed = may(action)
    return table(default=403, **dict.fromkeys(allowed, 200))


ACCESS = {
    "activities:evaluation_list": Rule(expect=LOGGED_IN),
    "activities:evaluation_detail": _rule("view", evaluation_kwargs),
    "activities:evaluation_create": _rule("add", locus_kwargs, refused=NOT_REGENCY),
    "activities:evaluation_update": _rule("change", evaluation_kwargs, refused=NOT_REGENCY),
    "activities:evaluation_submit": _rule("decide", evaluation_kwargs, refused=NOT_REGENCY),
    "activities:evaluation_delete": _rule("delete", evaluation_kwargs, refused=NOT_REGENCY),
    "activities:evaluation_approve": _rule(
        "decide", evaluation_kwargs, refused=REGENCY_OFFICES, submitted=True
    ),
    "activities:evaluation_return": _rule(
        "decide", evaluation_kwargs, refused=REGENCY_OFFICES, submitted=True
    ),
    "activities:target_list": Rule(expect=LOGGED_IN),
    "activities:target_create": Rule(expect=_allowed("change")),
    "activities:target_update": _rule("change", target_kwargs),
}
