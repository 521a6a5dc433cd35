"""Coordination meetings for tests, recorded through the services (rules, history, time zones)."""

from __future__ import annotations

import datetime as dt

from accounts.choices import OfficeLevel
from activities.choices import FollowUpStatus, Mode
from activities.services.meetings import (
    AgendaRow,
    AttendeeRow,
    FollowUpRow,
    MeetingData,
    SpeakerRow,
    meeting_create,
)
from tests.factories import office_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def meeting_data(organiser, **overrides) -> MeetingData:
    values = {
        "organiser": organiser,
        "title": "Rapat Koordinasi DP3",
        "starts_local": dt.datetime(2021, 11, 3, 9, 0),
        "ends_local": dt.datetime(2021, 11, 3, 12, 30),
        "mode": Mode.ONLINE,
        "meeting_link": "https://rapat.example.org/rakor",
    }
    values.update(overrides)
    return MeetingData(**values)


def ntt_rakor(world, *, actor=None, **overrides):
    """KPU Provinsi NTT's online rakor of 3 November 2021 with KPU Flores Timur: an attendee, a speaker, an
    agenda item, minutes, conclusions and a follow-up assigned to Flores Timur."""
    ntt = office_for(OfficeLevel.PROVINCE, world.ntt)
    flotim = office_for(OfficeLevel.REGENCY, world.flotim)
    values = {
        "title": "Rakor DP3 Provinsi NTT",
        "participants": [flotim],
        "minutes": "## Diskusi\nAdvokasi anggaran **DP3** dengan pemerintah daerah.",
        "conclusions": "Pelatihan fasilitator dalam tiga kelas.",
        "minutes_taker": "Petugas notulensi",
        "signatory_name": "Yosafat Koli",
        "signatory_position": "Anggota KPU Provinsi NTT",
        "attendees": [
            AttendeeRow("Yosafat Koli", "Anggota KPU Provinsi NTT", office=ntt),
            AttendeeRow("Sahran Raden", "Anggota KPU Provinsi Sulawesi Tengah", institution="KPU Sulteng"),
        ],
        "agenda": [AgendaRow("Laporan panitia", dt.datetime(2021, 11, 3, 9, 0)), AgendaRow("Diskusi")],
        "speakers": [SpeakerRow("Sahran Raden", "Anggota KPU Provinsi Sulawesi Tengah", "Advokasi anggaran")],
        "follow_ups": [
            FollowUpRow("Advokasi anggaran DP3", flotim, dt.date(2021, 12, 31), FollowUpStatus.IN_PROGRESS)
        ],
    }
    values.update(overrides)
    return meeting_create(actor=actor or world.users["ntt_admin"], data=meeting_data(ntt, **values))


def tanggamus_meeting(world, *, actor=None, **overrides):
    """KPU Kabupaten Tanggamus' meeting of 10 June 2021 with the village governments (in person)."""
    tanggamus = office_for(OfficeLevel.REGENCY, world.tanggamus)
    values = {
        "title": "Koordinasi DP3 dengan Pemerintah Pekon",
        "starts_local": dt.datetime(2021, 6, 10, 9, 0),
        "ends_local": dt.datetime(2021, 6, 10, 12, 0),
        "mode": Mode.IN_PERSON,
        "meeting_link": "",
        "venue": "Balai Pekon Gunung Kasih",
        "attendees": [
            AttendeeRow("Angga Lazuardi", "Ketua KPU Kabupaten Tanggamus", office=tanggamus),
            AttendeeRow("Ubaydillah", "Sekretaris Pekon", institution="Pemerintah Pekon Gunung Kasih"),
        ],
        "follow_ups": [FollowUpRow("Pembekalan kader", tanggamus, dt.date(2021, 8, 31))],
    }
    values.update(overrides)
    return meeting_create(
        actor=actor or world.users["tanggamus_staff"], data=meeting_data(tanggamus, **values)
    )
