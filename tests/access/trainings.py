"""Access to the training and socialisation activity pages.

In jurisdiction: an active locus in Gunung Kasih (Tanggamus, Lampung) with an active cadre, a session held
there and an activity with a photo; out of jurisdiction: the same in Waibalun (Flores Timur, NTT). A role
that may not do the page's action gets 403 wherever the record is; outside the jurisdiction the record does
not exist (404). Deleting is for commissioners and administrators; reviewing a cadre's report (accept,
return) for whoever may change the activity."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from activities.services.outreach import activity_photo_add
from tests.access import LOGGED_IN, Rule
from tests.access.loci import SEES_FLOTIM, SEES_TANGGAMUS, scoped
from tests.activities.factories_evaluations import locus_at
from tests.activities.factories_trainings import activity, cadre, session
from tests.factories import ACTOR_SPECS

PLACES = {"in": ("gunung_kasih", "tanggamus_staff"), "out": ("flotim_village", "flotim_admin")}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _place(world, where: str):
    village, actor = PLACES[where]
    locus = locus_at(getattr(world, village))
    member = locus.cadres.first() or cadre(locus, "Kader Uji")
    return locus, member, world.users[actor]


def locus_kwargs(where):
    return lambda world: {"pk": _place(world, where)[0].pk}


def cadre_kwargs(where):
    return lambda world: {"pk": _place(world, where)[1].pk}


def session_kwargs(where):
    def build(world):
        locus, _member, actor = _place(world, where)
        return {"pk": session(actor, [locus]).pk}

    return build


def _activity(world, where):
    locus, member, actor = _place(world, where)
    return activity(actor, locus, [member]), actor


def activity_kwargs(where):
    return lambda world: {"pk": _activity(world, where)[0].pk}


def reported_kwargs(where):
    """An activity reported by a cadre of the locus, awaiting review."""

    def build(world):
        locus, member, actor = _place(world, where)
        return {"pk": activity(actor, locus, [member], reported_by=member).pk}

    return build


def photo_kwargs(where):
    def build(world):
        record, actor = _activity(world, where)
        upload = SimpleUploadedFile("foto.png", PNG, "image/png")
        return {"pk": activity_photo_add(actor=actor, activity=record, upload=upload, title="Foto").pk}

    return build


def _rule(action: str, kwargs) -> Rule:
    return Rule(
        expect=scoped(action, SEES_TANGGAMUS),
        kwargs=kwargs("in"),
        out_kwargs=kwargs("out"),
        expect_out=scoped(action, SEES_FLOTIM),
    )


ACCESS = {
    "activities:training_list": Rule(expect=LOGGED_IN),
    "activities:training_create": Rule(expect=scoped("add", set(ACTOR_SPECS))),
    "activities:training_detail": _rule("view", session_kwargs),
    "activities:training_update": _rule("change", session_kwargs),
    "activities:training_delete": _rule("delete", session_kwargs),
    "activities:training_check_in_qr": _rule("change", session_kwargs),
    "activities:training_attendance": _rule("change", session_kwargs),
    "activities:training_locus": _rule("view", locus_kwargs),
    "activities:training_cadre": _rule("view", cadre_kwargs),
    "activities:activity_list": Rule(expect=LOGGED_IN),
    "activities:activity_create": _rule("add", locus_kwargs),
    "activities:activity_detail": _rule("view", activity_kwargs),
    "activities:activity_update": _rule("change", activity_kwargs),
    "activities:activity_delete": _rule("delete", activity_kwargs),
    "activities:activity_photo_add": _rule("change", activity_kwargs),
    "activities:activity_accept": _rule("change", reported_kwargs),
    "activities:activity_return": _rule("change", reported_kwargs),
    "activities:activity_photo": _rule("view", photo_kwargs),
}
