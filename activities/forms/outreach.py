"""Forms of the socialisation activity pages: input shape only; the rules are in
``activities.services.outreach``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.choices import OutreachMethod, OutreachTopic
from activities.models import SocialisationActivity
from activities.services.outreach import ActivityData, segment_reach_field
from activities.services.trainings import ATTENDING_STATUSES
from cadre.models import Cadre
from kernel.forms import IndonesianDateField, style
from kernel.scoping.mixins import ScopedFormMixin
from kernel.uploads import ACCEPT_DOCUMENT
from locus.models import Locus, Segment, Village
from regions.forms import VillageField


class CadreChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Cadre) -> str:
        return obj.full_name


def _count(label, help_text="") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        initial=0,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
        error_messages={
            "required": _("Isi jumlahnya (0 bila tidak ada)."),
            "invalid": _("Jumlah harus bilangan bulat 0 atau lebih."),
            "min_value": _("Jumlah harus bilangan bulat 0 atau lebih."),
        },
    )


class ActivityForm(ScopedFormMixin, forms.Form):
    """An activity of ``locus``: its cadres, the village (default the locus village), method, topic, title,
    target segments and the people reached."""

    cadres = CadreChoices(
        label=_("Kader pelaksana"),
        queryset=Cadre.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih sekurang-kurangnya satu kader pelaksana.")},
    )
    held_on = IndonesianDateField(
        label=_("Tanggal"), error_messages={"required": _("Tanggal kegiatan wajib diisi.")}
    )
    village = VillageField(
        label=_("Desa/kelurahan tempat"),
        queryset=Village.objects.all(),
        help_text=_("Kode Kemendagri atau nama desa di kabupaten/kota lokus; kosongkan untuk desa lokus."),
        required=False,
    )
    method = forms.ChoiceField(
        label=_("Metode"),
        choices=[("", "—"), *OutreachMethod.choices],
        error_messages={"required": _("Pilih metode kegiatan.")},
    )
    topic = forms.ChoiceField(
        label=_("Tema"),
        choices=[("", "—"), *OutreachTopic.choices],
        error_messages={"required": _("Pilih tema kegiatan.")},
    )
    title = forms.CharField(
        label=_("Judul kegiatan"),
        max_length=255,
        error_messages={"required": _("Judul kegiatan wajib diisi.")},
    )
    target_segments = forms.MultipleChoiceField(
        label=_("Sasaran (unsur pemilih)"), widget=forms.CheckboxSelectMultiple, required=False
    )
    reached_men = _count(_("Laki-laki"))
    reached_women = _count(_("Perempuan"))
    reached_disabled = _count(_("Penyandang disabilitas"), _("Termasuk dalam laki-laki dan perempuan."))
    reached_first_time = _count(_("Pemilih pemula"), _("Termasuk dalam laki-laki dan perempuan."))
    notes = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, locus: Locus, **kwargs):
        super().__init__(*args, **kwargs)
        self.locus = locus
        self.fields["cadres"].queryset = (
            self.fields["cadres"]
            .queryset.filter(locus_id=locus.pk, status__in=ATTENDING_STATUSES)
            .only("pk", "full_name")
            .order_by("full_name")
        )
        self.fields["village"].queryset = Village.objects.filter(code__startswith=f"{locus.regency_id}.")
        segments = list(locus.programme_year.segments.all())
        self.fields["target_segments"].choices = [(s.code, s.label) for s in segments]
        # One number per segment of the programme year: the people of that segment reached.
        self.segment_codes = [s.code for s in segments]
        for segment in segments:
            field = _count(segment.label)
            field.required = False
            field.initial = None
            field.widget.attrs["placeholder"] = "0"
            field.error_messages.update(
                {
                    "invalid": _("%(segment)s: jumlah harus bilangan bulat 0 atau lebih.")
                    % {"segment": segment.label},
                    "min_value": _("%(segment)s: jumlah harus bilangan bulat 0 atau lebih.")
                    % {"segment": segment.label},
                }
            )
            self.fields[segment_reach_field(segment.code)] = field
        style(self)

    @property
    def segment_reach_fields(self) -> list:
        """The bound fields of the people reached per segment, in the year's order (for the template)."""
        return [self[segment_reach_field(code)] for code in self.segment_codes]

    @staticmethod
    def initial_for(activity: SocialisationActivity) -> dict:
        return {
            **{segment_reach_field(row.segment_id): row.people for row in activity.segment_reach.all()},
            "cadres": list(activity.cadres.all()),
            "held_on": activity.held_on,
            "village": activity.village_id,
            "method": activity.method,
            "topic": activity.topic,
            "title": activity.title,
            "target_segments": [s.code for s in activity.target_segments.all()],
            "reached_men": activity.reached_men,
            "reached_women": activity.reached_women,
            "reached_disabled": activity.reached_disabled,
            "reached_first_time": activity.reached_first_time,
            "notes": activity.notes,
        }

    def activity_data(self) -> ActivityData:
        d = self.cleaned_data
        segments = list(Segment.objects.filter(code__in=d.get("target_segments") or []))
        return ActivityData(
            cadres=list(d["cadres"]),
            held_on=d["held_on"],
            village=d.get("village"),
            method=d["method"],
            topic=d["topic"],
            title=d["title"],
            target_segments=segments,
            reached_men=d["reached_men"],
            reached_women=d["reached_women"],
            reached_disabled=d["reached_disabled"],
            reached_first_time=d["reached_first_time"],
            segment_reach={code: d.get(segment_reach_field(code)) or 0 for code in self.segment_codes},
            notes=d.get("notes", ""),
        )


class PhotoForm(forms.Form):
    field_order = ["file", "title"]

    title = forms.CharField(label=_("Keterangan"), max_length=200, required=False)
    file = forms.FileField(
        label=_("Foto atau laporan"),
        widget=forms.FileInput(attrs={"accept": ACCEPT_DOCUMENT}),
        help_text=_("JPG atau PNG, atau laporan PDF."),
        error_messages={"required": _("Pilih berkas foto atau laporan.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class ReturnForm(forms.Form):
    """The office's note returning a cadre's report (required: the service says so, naming the field)."""

    note = forms.CharField(
        label=_("Catatan pengembalian"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "required": True, "maxlength": 2000}),
        max_length=2000,
        help_text=_("Apa yang perlu diperbaiki kader; kader membacanya di aplikasinya."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)
