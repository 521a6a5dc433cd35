"""Access to the coordination meeting pages.

In jurisdiction: a meeting of KPU Kabupaten Tanggamus (seen and changed by KPU RI, KPU Provinsi Lampung and
KPU Tanggamus). Out of jurisdiction: KPU Provinsi NTT's rakor, which KPU Kabupaten Flores Timur attended:
Flores Timur sees it, its minutes and its attachments but may not change it (404, as anyone outside the
organiser's jurisdiction); the follow-up assigned to Flores Timur is the one thing it may update. A role that
may not do the page's action gets 403 wherever the meeting is.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from activities.choices import AttachmentKind
from activities.services.meetings import meeting_attachment_add
from tests.access import LOGGED_IN, Rule, actors_where
from tests.access.loci import SEES_FLOTIM, SEES_TANGGAMUS, scoped
from tests.activities.factories_meetings import PDF, ntt_rakor, tanggamus_meeting

# The organiser's jurisdiction of the NTT rakor: KPU RI and KPU Provinsi NTT (not Flores Timur).
CHANGES_NTT = actors_where(lambda level, key, role: key in (None, "ntt"))
BUILDERS = {"in": (tanggamus_meeting, "tanggamus_staff"), "out": (ntt_rakor, "ntt_admin")}


def _meeting(world, where: str):
    build, _actor = BUILDERS[where]
    return build(world)


def meeting_kwargs(where: str):
    return lambda world: {"pk": _meeting(world, where).pk}


def attachment_kwargs(where: str):
    def build(world):
        meeting = _meeting(world, where)
        attachment = meeting_attachment_add(
            actor=world.users[BUILDERS[where][1]],
            meeting=meeting,
            kind=AttachmentKind.DOCUMENT,
            title="Daftar hadir",
            upload=SimpleUploadedFile("daftar-hadir.pdf", PDF, "application/pdf"),
        )
        return {"pk": attachment.pk}

    return build


def follow_up_kwargs(where: str):
    return lambda world: {"pk": _meeting(world, where).follow_ups.get().pk}


def _rule(action: str, kwargs, *, out_sees=SEES_FLOTIM) -> Rule:
    return Rule(
        expect=scoped(action, SEES_TANGGAMUS),
        kwargs=kwargs("in"),
        out_kwargs=kwargs("out"),
        expect_out=scoped(action, out_sees),
    )


ACCESS = {
    "activities:meeting_list": Rule(expect=LOGGED_IN),
    "activities:meeting_calendar": Rule(expect=LOGGED_IN),
    "activities:follow_up_list": Rule(expect=LOGGED_IN),
    "activities:meeting_create": Rule(expect=scoped("add", actors_where(lambda *spec: True))),
    # Participants (Flores Timur in the NTT rakor) see the meeting, its minutes and attachments ...
    "activities:meeting_detail": _rule("view", meeting_kwargs),
    "activities:meeting_minutes_pdf": _rule("view", meeting_kwargs),
    "activities:meeting_attachment": _rule("view", attachment_kwargs),
    # ... but changing stays with the organiser's jurisdiction.
    "activities:meeting_update": _rule("change", meeting_kwargs, out_sees=CHANGES_NTT),
    "activities:meeting_delete": _rule("delete", meeting_kwargs, out_sees=CHANGES_NTT),
    "activities:meeting_attachment_create": _rule("change", meeting_kwargs, out_sees=CHANGES_NTT),
    "activities:meeting_attachment_delete": _rule("change", attachment_kwargs, out_sees=CHANGES_NTT),
    # The office responsible for a follow-up updates its status, even of its province's rakor.
    "activities:follow_up_status": _rule("change", follow_up_kwargs),
}
