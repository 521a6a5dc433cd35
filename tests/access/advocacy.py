"""Access to the advocacy pages.

In jurisdiction: an engagement of KPU Kabupaten Tanggamus, seen by KPU RI, KPU Provinsi Lampung and KPU
Tanggamus; out of jurisdiction: one of KPU Kabupaten Flores Timur, seen by KPU RI, KPU Provinsi NTT and KPU
Flores Timur. Outside the jurisdiction an engagement does not exist (404); a role that may not do the page's
action gets 403 wherever it is; and so does every office but its own for a change (a province reads its
regency's engagement, it does not write it), and KPU RI for a new one (it lobbies no regional government).
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.choices import OfficeLevel
from activities.choices import AttachmentKind
from activities.services.advocacy import advocacy_document_add
from tests.access import LOGGED_IN, Rule, actors_where
from tests.access.loci import PDF, SEES_FLOTIM, SEES_TANGGAMUS, scoped
from tests.activities.factories_advocacy import PLACES, engagement
from tests.factories import ACTOR_SPECS

WHERE = {"in": "tanggamus", "out": "flotim"}
NATIONAL_OFFICE = actors_where(lambda level, key, role: level == OfficeLevel.NATIONAL)


def _not_of(where: str) -> set[str]:
    """Every actor but the users of the engagement's own office."""
    key = PLACES[WHERE[where]][1]
    return actors_where(lambda level, region, role: region != key)


def engagement_kwargs(where: str):
    return lambda world: {"pk": engagement(world, WHERE[where]).pk}


def document_kwargs(where: str):
    def build(world):
        record = engagement(world, WHERE[where])
        document = advocacy_document_add(
            actor=world.users[PLACES[WHERE[where]][2]],
            engagement=record,
            kind=AttachmentKind.DOCUMENT,
            title="Proposal anggaran DP3",
            upload=SimpleUploadedFile("proposal.pdf", PDF, "application/pdf"),
        )
        return {"pk": document.pk}

    return build


def _rule(action: str, kwargs, *, own_office_only: bool = False) -> Rule:
    return Rule(
        expect=scoped(action, SEES_TANGGAMUS, refused=_not_of("in") if own_office_only else frozenset()),
        kwargs=kwargs("in"),
        out_kwargs=kwargs("out"),
        expect_out=scoped(action, SEES_FLOTIM, refused=_not_of("out") if own_office_only else frozenset()),
    )


ACCESS = {
    "activities:advocacy_list": Rule(expect=LOGGED_IN),
    "activities:advocacy_create": Rule(expect=scoped("add", set(ACTOR_SPECS), refused=NATIONAL_OFFICE)),
    "activities:advocacy_detail": _rule("view", engagement_kwargs),
    "activities:advocacy_document": _rule("view", document_kwargs),
    "activities:advocacy_update": _rule("change", engagement_kwargs, own_office_only=True),
    "activities:advocacy_decide": _rule("change", engagement_kwargs, own_office_only=True),
    "activities:advocacy_document_add": _rule("change", engagement_kwargs, own_office_only=True),
}
