"""Access to the loci pages.

In jurisdiction: a locus in Gunung Kasih (Kabupaten Tanggamus, Lampung), seen by KPU RI, KPU Provinsi
Lampung and KPU Kabupaten Tanggamus. Out of jurisdiction: a locus in Waibalun (Kabupaten Flores Timur, NTT),
seen by KPU RI, KPU Provinsi NTT and KPU Kabupaten Flores Timur. A role that may not do the page's action gets
403 wherever the locus is; a locus outside the jurisdiction does not exist for anyone else (404); a step the
user's office may not take (a regency office designating) is a 403.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.choices import OfficeLevel
from kernel.scoping.policy import ACTIONS_BY_ROLE
from locus.choices import DocumentKind, LocusCategory
from locus.models import ProgrammeYear
from locus.services.loci import locus_document_add, locus_propose
from tests.access import LOGGED_IN, Rule, actors_where, table
from tests.factories import ACTOR_SPECS

SEES_TANGGAMUS = actors_where(lambda level, key, role: key in (None, "lampung", "tanggamus"))
SEES_FLOTIM = actors_where(lambda level, key, role: key in (None, "ntt", "flotim"))
REGENCY_OFFICES = actors_where(lambda level, key, role: level == OfficeLevel.REGENCY)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def may(action: str) -> set[str]:
    return actors_where(lambda level, key, role: action in ACTIONS_BY_ROLE[role])


def scoped(action: str, sees: set[str], *, refused: set[str] = frozenset()) -> dict[str, int]:
    """200 where the role may ``action`` and the jurisdiction holds the locus; 403 for a role that may not
    (or an office in ``refused``); 404 for a role that may, outside the jurisdiction."""
    allowed = may(action)
    expected = table(default=403)
    for actor in ACTOR_SPECS:
        if actor not in allowed:
            expected[actor] = 403
        elif actor not in sees:
            expected[actor] = 404
        else:
            expected[actor] = 403 if actor in refused else 200
    return expected


def _locus(world, where: str):
    village, proposer = {
        "in": (world.gunung_kasih, "tanggamus_staff"),
        "out": (world.flotim_village, "flotim_commissioner"),
    }[where]
    return locus_propose(
        actor=world.users[proposer],
        village=village,
        programme_year=ProgrammeYear.objects.get(year=2021),
        category=LocusCategory.LOW_TURNOUT,
        rationale="Partisipasi Pemilu 2019 terendah di kecamatannya.",
    )


def locus_kwargs(where: str):
    return lambda world: {"pk": _locus(world, where).pk}


def step_kwargs(where: str, step: str):
    return lambda world: {"pk": _locus(world, where).pk, "step": step}


def document_kwargs(where: str):
    def build(world):
        locus = _locus(world, where)
        document = locus_document_add(
            actor=locus.proposed_by,
            locus=locus,
            kind=DocumentKind.OTHER,
            title="Berita acara pemetaan",
            upload=SimpleUploadedFile("berita-acara.pdf", PDF, "application/pdf"),
        )
        return {"pk": document.pk}

    return build


def _scoped_rule(action: str, kwargs, *, refused_in=frozenset(), refused_out=frozenset()) -> Rule:
    return Rule(
        expect=scoped(action, SEES_TANGGAMUS, refused=refused_in),
        kwargs=kwargs("in"),
        out_kwargs=kwargs("out"),
        expect_out=scoped(action, SEES_FLOTIM, refused=refused_out),
    )


ACCESS = {
    "locus:locus_list": Rule(expect=LOGGED_IN),
    "locus:locus_export": Rule(expect=LOGGED_IN),
    "locus:locus_create": Rule(expect=scoped("add", set(ACTOR_SPECS))),
    "locus:village_options": Rule(expect=scoped("add", set(ACTOR_SPECS))),
    "locus:locus_detail": _scoped_rule("view", locus_kwargs),
    # Only while proposed: the locus of the rule is a fresh proposal.
    "locus:locus_update": _scoped_rule("change", locus_kwargs),
    # Designating a proposal: a province office or KPU RI; a regency office may not (403).
    "locus:locus_transition": _scoped_rule(
        "decide",
        lambda where: step_kwargs(where, "tetapkan"),
        refused_in=REGENCY_OFFICES,
        refused_out=REGENCY_OFFICES,
    ),
    "locus:document_create": _scoped_rule("change", locus_kwargs),
    "locus:document_download": _scoped_rule("view", document_kwargs),
}
