"""The minutes (*notulen*) of one coordination meeting as PDF: the very file the meeting page offers
(``activities.selectors.meetings.minutes_pdf``, one layout for both), for a meeting the requester may see."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.selectors.meetings import meeting_queryset, minutes_filename, minutes_pdf

from . import CONTENT_TYPES, BuiltReport, ReportError, ReportRequest, ReportType, register


def build_minutes(request: ReportRequest) -> BuiltReport:
    if request.format != "pdf":
        raise ReportError(
            _("Format %(format)s tidak tersedia untuk laporan ini.") % {"format": request.format}
        )
    if not request.meeting_id:
        raise ReportError(_("Pilih rapat koordinasi untuk notulen."))
    meeting = meeting_queryset().restrict(request.user, "view").filter(pk=request.meeting_id).first()
    if meeting is None:
        raise ReportError(_("Rapat koordinasi tidak ditemukan."))
    request.progress(20)
    request.output_path.write_bytes(minutes_pdf(meeting))
    request.progress(100)
    return BuiltReport(filename=minutes_filename(meeting), content_type=CONTENT_TYPES["pdf"])


MINUTES = register(
    ReportType(
        code="minutes",
        label=gettext_lazy("Notulen rapat koordinasi"),
        formats=("pdf",),
        build=build_minutes,
        needs=("meeting_id",),
    )
)
