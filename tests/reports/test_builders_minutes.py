"""The minutes report: the meeting page's minutes PDF, for whoever may see the meeting."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from reports.builders import BUILDERS, ReportError
from reports.builders.minutes import build_minutes
from tests.activities.factories_meetings import ntt_rakor

from .factories_builders import report_request


def test_minutes_pdf_holds_the_meeting_title_for_a_participant(world, tmp_path):
    assert BUILDERS["minutes"].needs == ("meeting_id",)
    meeting = ntt_rakor(world)
    request = report_request(world.users["flotim_admin"], "minutes", "pdf", tmp_path, meeting_id=meeting.pk)
    built = build_minutes(request)
    assert built.filename == "notulen-rakor-dp3-provinsi-ntt.pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(request.output_path).pages)
    assert "NOTULEN RAPAT KOORDINASI" in text and "Rakor DP3 Provinsi NTT" in text


def test_minutes_of_a_meeting_out_of_reach_are_not_found(world, tmp_path):
    meeting = ntt_rakor(world)
    with pytest.raises(ReportError, match="tidak ditemukan"):
        build_minutes(
            report_request(world.users["tanggamus_admin"], "minutes", "pdf", tmp_path, meeting_id=meeting.pk)
        )
