"""Forms of the coordination meeting pages: input shape only. The rules (jurisdiction, invitations, times,
venue or link, responsible offices) live in ``activities.services.meetings``; the views put the services'
errors on these fields. Every office choice is restricted to the user's jurisdiction."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Office
from activities.choices import AttachmentKind, FollowUpStatus, Mode
from activities.models import CoordinationMeeting
from activities.services.meetings import (
    INVITE_ALL_PROVINCES,
    INVITE_ALL_REGENCIES,
    AgendaRow,
    AttendeeRow,
    FollowUpRow,
    MeetingData,
    SpeakerRow,
)
from kernel.forms import IndonesianDateField, style
from kernel.scoping.jurisdiction import NATIONAL, PROVINCE
from kernel.scoping.mixins import ScopedFormMixin
from kernel.scoping.policy import policy
from kernel.uploads import ACCEPT_DOCUMENT
from locus.models import ProgrammeYear

TIME_INPUT_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S"]


class TimeField(forms.TimeField):
    widget = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    default_error_messages = {"invalid": _("Jam tidak dikenali. Tulis seperti 09.00 atau 09:00.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", TIME_INPUT_FORMATS)
        super().__init__(**kwargs)


class OfficeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class OfficeMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def _offices(user):
    return Office.objects.restrict(user, "view").select_related("province").order_by("level", "name")


class MeetingForm(ScopedFormMixin, forms.Form):
    """A meeting's own fields. Times are on the organiser's clock (WIB/WITA/WIT of its province)."""

    organiser = OfficeChoiceField(
        label=_("Penyelenggara"),
        queryset=Office.objects.none(),
        error_messages={"required": _("Penyelenggara wajib dipilih.")},
    )
    title = forms.CharField(
        label=_("Judul rapat"), max_length=255, error_messages={"required": _("Judul rapat wajib diisi.")}
    )
    programme_year = forms.ModelChoiceField(
        label=_("Tahun program"),
        queryset=ProgrammeYear.objects.order_by("-year"),
        required=False,
        empty_label=_("Tidak terkait tahun program"),
    )
    start_date = IndonesianDateField(
        label=_("Tanggal mulai"), error_messages={"required": _("Tanggal mulai wajib diisi.")}
    )
    start_time = TimeField(label=_("Jam mulai"), error_messages={"required": _("Jam mulai wajib diisi.")})
    end_date = IndonesianDateField(
        label=_("Tanggal selesai"),
        required=False,
        help_text=_("Kosongkan bila rapat selesai di hari yang sama."),
    )
    end_time = TimeField(label=_("Jam selesai"), error_messages={"required": _("Jam selesai wajib diisi.")})
    mode = forms.ChoiceField(
        label=_("Cara pelaksanaan"),
        choices=Mode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih cara pelaksanaan.")},
    )
    venue = forms.CharField(
        label=_("Tempat"), max_length=255, required=False, help_text=_("Untuk rapat luring atau hybrid.")
    )
    meeting_link = forms.URLField(
        label=_("Tautan rapat"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Untuk rapat daring atau hybrid (Zoom, Google Meet, …)."),
        error_messages={"invalid": _("Tautan tidak sah; tulis lengkap seperti https://…")},
    )
    participants = OfficeMultipleChoiceField(
        label=_("Kantor peserta"),
        queryset=Office.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    invite_all = forms.ChoiceField(label=_("Undang sekaligus"), required=False, choices=())
    summary = forms.CharField(label=_("Ringkasan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    minutes = forms.CharField(
        label=_("Notulen (pembahasan)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Format Markdown: baris kosong memisahkan paragraf, <code>- </code> untuk daftar, "
            "<code>**tebal**</code>, <code>*miring*</code>, <code>## Judul</code>. "
            "Gambar dari alamat internet tidak ditampilkan di halaman maupun di PDF notulen; "
            "lampirkan foto sebagai lampiran rapat."
        ),
    )
    conclusions = forms.CharField(
        label=_("Kesimpulan"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    minutes_taker = forms.CharField(label=_("Notulis"), max_length=150, required=False)
    signatory_name = forms.CharField(label=_("Nama penanda tangan"), max_length=150, required=False)
    signatory_position = forms.CharField(label=_("Jabatan penanda tangan"), max_length=150, required=False)
    signed_place = forms.CharField(
        label=_("Tempat penandatanganan"),
        max_length=100,
        required=False,
        help_text=_("Kota tempat notulen ditandatangani (mis. Kupang). Kosong: nama wilayah penyelenggara."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.user
        self.fields["organiser"].queryset = (
            Office.objects.restrict(user, "add").select_related("province").order_by("level", "name")
        )
        self.fields["participants"].queryset = _offices(user)
        level = policy(user).level
        choices = [("", _("Tidak"))]
        if level in (NATIONAL, PROVINCE):
            choices.append((INVITE_ALL_REGENCIES, _("Semua KPU Kabupaten/Kota di provinsi penyelenggara")))
        if level == NATIONAL:
            choices.append((INVITE_ALL_PROVINCES, _("Semua KPU Provinsi")))
        self.fields["invite_all"].choices = choices
        if len(choices) == 1:
            del self.fields["invite_all"]
        style(self)

    @classmethod
    def initial_for(cls, meeting: CoordinationMeeting) -> dict:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(meeting.time_zone)
        starts, ends = meeting.starts_at.astimezone(zone), meeting.ends_at.astimezone(zone)
        return {
            "organiser": meeting.organiser_id,
            "title": meeting.title,
            "programme_year": meeting.programme_year_id,
            "start_date": starts.date(),
            "start_time": starts.time(),
            "end_date": ends.date() if ends.date() != starts.date() else None,
            "end_time": ends.time(),
            "mode": meeting.mode,
            "venue": meeting.venue,
            "meeting_link": meeting.meeting_link,
            "participants": list(meeting.participants.values_list("pk", flat=True)),
            "summary": meeting.summary,
            "minutes": meeting.minutes,
            "conclusions": meeting.conclusions,
            "minutes_taker": meeting.minutes_taker,
            "signatory_name": meeting.signatory_name,
            "signatory_position": meeting.signatory_position,
            "signed_place": meeting.signed_place,
        }

    def meeting_data(self, rows: dict) -> MeetingData:
        data = self.cleaned_data
        start_date = data["start_date"]
        end_date = data.get("end_date") or start_date
        return MeetingData(
            organiser=data["organiser"],
            title=data["title"],
            programme_year=data.get("programme_year"),
            starts_local=dt.datetime.combine(start_date, data["start_time"]),
            ends_local=dt.datetime.combine(end_date, data["end_time"]),
            mode=data["mode"],
            venue=data.get("venue", ""),
            meeting_link=data.get("meeting_link", ""),
            participants=list(data.get("participants") or []),
            invite_all=data.get("invite_all", ""),
            summary=data.get("summary", ""),
            minutes=data.get("minutes", ""),
            conclusions=data.get("conclusions", ""),
            minutes_taker=data.get("minutes_taker", ""),
            signatory_name=data.get("signatory_name", ""),
            signatory_position=data.get("signatory_position", ""),
            signed_place=data.get("signed_place", ""),
            **rows,
        )


# --- the rows of a meeting (inline formsets) ----------


class RowForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        style(self)
        for field in self.fields.values():
            field.widget.attrs["class"] += (
                " form-control-sm"
                if "form-control" in field.widget.attrs.get("class", "")
                else " form-select-sm"
            )


class AttendeeForm(RowForm):
    name = forms.CharField(label=_("Nama"), max_length=150)
    position = forms.CharField(label=_("Jabatan"), max_length=150, required=False)
    office = OfficeChoiceField(
        label=_("Kantor KPU"), queryset=Office.objects.none(), required=False, empty_label=_("—")
    )
    institution = forms.CharField(
        label=_("Instansi lain"),
        max_length=150,
        required=False,
        help_text=_("Bila bukan kantor KPU peserta (mis. KPU RI, pemerintah desa)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = _offices(self.user)

    def row(self) -> AttendeeRow:
        data = self.cleaned_data
        return AttendeeRow(
            pk=data.get("id"),
            name=data["name"],
            position=data.get("position", ""),
            office=data.get("office"),
            institution=data.get("institution", ""),
        )


class AgendaForm(RowForm):
    title = forms.CharField(label=_("Acara"), max_length=255)
    starts_at = forms.DateTimeField(
        label=_("Mulai"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H.%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("Tanggal dan jam tidak dikenali.")},
    )
    notes = forms.CharField(label=_("Catatan"), required=False)

    def row(self) -> AgendaRow:
        data = self.cleaned_data
        starts = data.get("starts_at")
        return AgendaRow(
            pk=data.get("id"),
            title=data["title"],
            # the organiser's clock: the value as typed, without the server's zone
            starts_local=starts.replace(tzinfo=None) if starts else None,
            notes=data.get("notes", ""),
        )


class SpeakerForm(RowForm):
    name = forms.CharField(label=_("Nama"), max_length=150)
    position = forms.CharField(label=_("Jabatan"), max_length=150, required=False)
    topic = forms.CharField(label=_("Materi"), max_length=255, required=False)

    def row(self) -> SpeakerRow:
        data = self.cleaned_data
        return SpeakerRow(
            pk=data.get("id"),
            name=data["name"],
            position=data.get("position", ""),
            topic=data.get("topic", ""),
        )


class FollowUpForm(RowForm):
    description = forms.CharField(label=_("Tindak lanjut"), max_length=2000)
    responsible = OfficeChoiceField(label=_("Penanggung jawab"), queryset=Office.objects.none())
    due_on = IndonesianDateField(label=_("Batas waktu"))
    status = forms.ChoiceField(label=_("Status"), choices=FollowUpStatus.choices, initial=FollowUpStatus.OPEN)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = _offices(self.user)

    def row(self) -> FollowUpRow:
        data = self.cleaned_data
        return FollowUpRow(
            pk=data.get("id"),
            description=data["description"],
            responsible=data["responsible"],
            due_on=data["due_on"],
            status=data["status"],
        )


def _formset(form_class):
    return forms.formset_factory(form_class, extra=1, can_delete=True, max_num=200, validate_max=True)


# (prefix, form class, the MeetingData field, the related name on the meeting)
ROW_FORMSETS = (
    ("attendees", _formset(AttendeeForm), "attendees"),
    ("agenda", _formset(AgendaForm), "agenda"),
    ("speakers", _formset(SpeakerForm), "speakers"),
    ("follow_ups", _formset(FollowUpForm), "follow_ups"),
)


def row_initial(meeting: CoordinationMeeting) -> dict[str, list[dict]]:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(meeting.time_zone)
    return {
        "attendees": [
            {
                "id": r.pk,
                "name": r.name,
                "position": r.position,
                "office": r.office_id,
                "institution": r.institution,
            }
            for r in meeting.attendees.order_by("order", "pk")
        ],
        "agenda": [
            {
                "id": r.pk,
                "title": r.title,
                "starts_at": r.starts_at.astimezone(zone).replace(tzinfo=None) if r.starts_at else None,
                "notes": r.notes,
            }
            for r in meeting.agenda_items.order_by("order", "pk")
        ],
        "speakers": [
            {"id": r.pk, "name": r.name, "position": r.position, "topic": r.topic}
            for r in meeting.speakers.order_by("order", "pk")
        ],
        "follow_ups": [
            {
                "id": r.pk,
                "description": r.description,
                "responsible": r.responsible_id,
                "due_on": r.due_on,
                "status": r.status,
            }
            for r in meeting.follow_ups.order_by("due_on", "pk")
        ],
    }


def build_formsets(*, user, data=None, initial: dict | None = None) -> dict:
    initial = initial or {}
    return {
        prefix: formset_class(data, prefix=prefix, initial=initial.get(prefix), form_kwargs={"user": user})
        for prefix, formset_class, _name in ROW_FORMSETS
    }


def formset_rows(formsets: dict) -> dict:
    """The rows of valid formsets, in order, without the deleted and the empty new ones. A row that was on
    the page already counts even when nobody touched it: the service deletes the rows it is not given."""
    rows = {}
    for prefix, _formset_class, name in ROW_FORMSETS:
        formset = formsets[prefix]
        existing = formset.initial_form_count()
        rows[name] = [
            form.row()
            for index, form in enumerate(formset.forms)
            if (index < existing or form.has_changed())
            and form.cleaned_data
            and not form.cleaned_data.get("DELETE")
        ]
    return rows


# --- the other forms ----------


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), choices=AttachmentKind.choices)
    title = forms.CharField(
        label=_("Judul"), max_length=200, error_messages={"required": _("Judul lampiran wajib diisi.")}
    )
    file = forms.FileField(
        label=_("Berkas"),
        widget=forms.FileInput(attrs={"accept": ACCEPT_DOCUMENT}),
        help_text=_("Foto JPG/PNG atau dokumen PDF."),
        error_messages={"required": _("Pilih berkas yang diunggah.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class FollowUpStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=FollowUpStatus.choices)
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class ConfirmForm(forms.Form):
    """A confirmation without input (deleting)."""
