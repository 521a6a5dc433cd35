"""Forms of the training pages: input shape only. The rules (planned sessions, one number per locus and year,
one regency, attendance only for the session's cadres, scores 0–100) live in
``activities.services.trainings``; the views put its errors on these fields."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from activities.choices import AttendanceStatus, Mode
from activities.models import TrainingSession
from activities.services.trainings import AttendanceRow
from kernel.forms import IndonesianDateField, style
from kernel.scoping.mixins import ScopedFormMixin
from locus.choices import RECRUITING_LOCUS_STATUSES
from locus.models import Locus, ProgrammeYear

TIME_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S"]


class LocusChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Locus) -> str:
        return f"{obj.village.name} · {obj.regency.name} ({obj.programme_year_id})"


class TrainingSessionForm(ScopedFormMixin, forms.Form):
    """A session: the loci (of one regency), its number in the year's plan, topic, mode and local times."""

    scope_action = "add"

    programme_year = forms.ModelChoiceField(
        label=_("Tahun program"),
        queryset=ProgrammeYear.objects.order_by("-year"),
        empty_label=None,
        error_messages={"required": _("Pilih tahun program.")},
    )
    loci = LocusChoices(
        label=_("Lokus"),
        queryset=Locus.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Satu sesi dapat melayani beberapa lokus dari satu kabupaten/kota."),
        error_messages={"required": _("Pilih sekurang-kurangnya satu lokus.")},
    )
    session_number = forms.IntegerField(
        label=_("Sesi ke"),
        min_value=1,
        max_value=100,
        error_messages={"required": _("Nomor sesi wajib diisi (mulai dari 1).")},
    )
    topic = forms.CharField(
        label=_("Materi"), max_length=255, error_messages={"required": _("Materi wajib diisi.")}
    )
    module = forms.CharField(label=_("Modul"), max_length=255, required=False)
    facilitators = forms.CharField(
        label=_("Fasilitator"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Satu nama per baris."),
    )
    mode = forms.ChoiceField(
        label=_("Cara pelaksanaan"),
        choices=Mode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih cara pelaksanaan: daring, luring atau hybrid.")},
    )
    date = IndonesianDateField(
        label=_("Tanggal"), error_messages={"required": _("Tanggal sesi wajib diisi.")}
    )
    start_time = forms.TimeField(
        label=_("Jam mulai"),
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Jam mulai wajib diisi."), "invalid": _("Tulis jam seperti 09.00.")},
    )
    end_time = forms.TimeField(
        label=_("Jam selesai"),
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Jam selesai wajib diisi."), "invalid": _("Tulis jam seperti 12.00.")},
    )
    venue = forms.CharField(label=_("Tempat"), max_length=255, required=False)
    meeting_link = forms.URLField(
        label=_("Tautan pertemuan daring"),
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Tautan tidak valid; awali dengan https://.")},
    )
    notes = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    held = forms.BooleanField(
        label=_("Sudah dilaksanakan"), required=False, help_text=_("Centang setelah sesi berlangsung.")
    )

    def __init__(self, *args, session: TrainingSession | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        loci = (
            self.fields["loci"]
            .queryset.select_related("village", "regency")
            .filter(status__in=RECRUITING_LOCUS_STATUSES)
            .order_by("-programme_year_id", "regency__name", "village__name")
        )
        if session is not None:
            loci = loci.filter(programme_year_id=session.programme_year_id) | Locus.objects.restrict(
                self.user
            ).filter(pk__in=session.loci.values("pk")).select_related("village", "regency")
            del self.fields["programme_year"]
        self.fields["loci"].queryset = loci.distinct()
        plans = ProgrammeYear.objects.order_by("-year").values_list("year", "planned_sessions")
        if session is not None:
            plans = plans.filter(year=session.programme_year_id)
        self.fields["session_number"].help_text = gettext("Sesi yang direncanakan: %(plans)s.") % {
            "plans": "; ".join(
                gettext("%(planned)s sesi pada %(year)s") % {"planned": planned, "year": year}
                for year, planned in plans
            )
        }
        style(self)

    @staticmethod
    def initial_for(session: TrainingSession) -> dict:
        zone = ZoneInfo(session.time_zone)
        starts, ends = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
        return {
            "loci": list(session.loci.all()),
            "session_number": session.session_number,
            "topic": session.topic,
            "module": session.module,
            "facilitators": session.facilitators,
            "mode": session.mode,
            "date": starts.date(),
            "start_time": starts.time().replace(second=0, microsecond=0),
            "end_time": ends.time().replace(second=0, microsecond=0),
            "venue": session.venue,
            "meeting_link": session.meeting_link,
            "notes": session.notes,
            "held": session.held,
        }

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {name: d.get(name) for name in self.fields if name != "programme_year"}


# --- the attendance screen ----------


def _plain(score):
    """A score as a person writes it: 85 rather than 85.00, 85.5 rather than 85.50."""
    if score is None:
        return None
    return score.quantize(1) if score == score.to_integral_value() else score.normalize()


def _field_name(column: str, pk: int) -> str:
    return f"{column}-{pk}"


class AttendanceForm(forms.Form):
    """One row per cadre of the session (``sheet``, from ``attendance_sheet``): present / absent / excused
    and optional pre- and post-test scores. Fields are ``status-<pk>``, ``pre-<pk>``, ``post-<pk>`` and
    ``note-<pk>``; a ``status-<pk>`` in the POST for a cadre not on the sheet is passed on, for the service
    to refuse."""

    def __init__(self, *args, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        for row in sheet:
            cadre, record = row.cadre, row.attendance
            pk = cadre.pk
            name = cadre.full_name.replace("%", "%%")
            self.fields[_field_name("status", pk)] = forms.ChoiceField(
                label=gettext("Kehadiran %(name)s") % {"name": cadre.full_name},
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect(attrs={"class": "btn-check", "autocomplete": "off"}),
                required=False,
                initial=record.status if record else None,
            )
            for column, label, value in (
                ("pre", gettext("Nilai pre-test"), record.pre_score if record else None),
                ("post", gettext("Nilai post-test"), record.post_score if record else None),
            ):
                message = gettext("%(column)s %(name)s harus angka antara 0 dan 100.") % {
                    "column": label,
                    "name": name,
                }
                self.fields[_field_name(column, pk)] = forms.DecimalField(
                    label=gettext("%(column)s %(name)s") % {"column": label, "name": cadre.full_name},
                    min_value=0,
                    max_value=100,
                    decimal_places=2,
                    max_digits=5,
                    required=False,
                    localize=True,
                    initial=_plain(value),
                    widget=forms.TextInput(
                        attrs={"class": "form-control score", "inputmode": "decimal", "autocomplete": "off"}
                    ),
                    error_messages={
                        "invalid": message,
                        "min_value": message,
                        "max_value": message,
                        "max_digits": message,
                        "max_decimal_places": gettext("%(column)s %(name)s paling banyak dua angka desimal.")
                        % {"column": label, "name": name},
                        "max_whole_digits": message,
                    },
                )
            self.fields[_field_name("note", pk)] = forms.CharField(
                label=gettext("Keterangan %(name)s") % {"name": cadre.full_name},
                max_length=255,
                required=False,
                initial=record.note if record else "",
                widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
            )

    def clean(self):
        cleaned = super().clean()
        for row in self.sheet:
            pk = row.cadre.pk
            if not cleaned.get(_field_name("status", pk)) and _field_name("status", pk) not in self.errors:
                self.add_error(
                    _field_name("status", pk),
                    gettext("Pilih kehadiran %(name)s.") % {"name": row.cadre.full_name},
                )
        return cleaned

    def rows_for_display(self):
        """(sheet row, status field, pre field, post field, note field) for the template."""
        return [
            (
                row,
                self[_field_name("status", row.cadre.pk)],
                self[_field_name("pre", row.cadre.pk)],
                self[_field_name("post", row.cadre.pk)],
                self[_field_name("note", row.cadre.pk)],
            )
            for row in self.sheet
        ]

    def rows(self) -> list[AttendanceRow]:
        d = self.cleaned_data
        rows = [
            AttendanceRow(
                cadre_id=row.cadre.pk,
                status=d.get(_field_name("status", row.cadre.pk)) or "",
                pre_score=d.get(_field_name("pre", row.cadre.pk)),
                post_score=d.get(_field_name("post", row.cadre.pk)),
                note=d.get(_field_name("note", row.cadre.pk)) or "",
            )
            for row in self.sheet
        ]
        known = {row.cadre.pk for row in self.sheet}
        for key in self.data:
            column, _sep, pk = key.partition("-")
            if column == "status" and pk.isdecimal() and int(pk) not in known:
                rows.append(AttendanceRow(cadre_id=int(pk), status=str(self.data.get(key))))
        return rows
