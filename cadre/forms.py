"""Forms of the cadre pages: input shape only. The rules (identity, age, village, segments, roster size, order
of the steps) live in ``cadre.services`` and ``cadre.checks``; the views put the services' errors on these
fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kernel.forms import IndonesianDateField, StyledForm, reason_field, style
from kernel.scoping.mixins import ScopedFormMixin
from kernel.uploads import ACCEPT_DOCUMENT
from locus.models import Locus, Village
from regions.forms import VillageField

from .checks import mask_nik
from .choices import VERIFICATION_ITEMS, Education, Sex
from .models import Cadre
from .services import DISABILITY_SEGMENT, CadreData, segment_rules_text


class CadreForm(ScopedFormMixin, forms.Form):
    """A cadre's data, for registration, correction and replacement. ``locus`` gives the segments to
    choose from (its programme year's). With ``cadre`` (a correction) the NIK is never shown: left empty,
    it stays."""

    nik = forms.CharField(
        label=_("NIK"),
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("16 digit sesuai KTP-el."),
        error_messages={"required": _("NIK wajib diisi.")},
    )
    full_name = forms.CharField(
        label=_("Nama lengkap"), max_length=150, error_messages={"required": _("Nama lengkap wajib diisi.")}
    )
    sex = forms.ChoiceField(
        label=_("Jenis kelamin"),
        choices=Sex.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih jenis kelamin.")},
    )
    birth_place = forms.CharField(
        label=_("Tempat lahir"), max_length=100, error_messages={"required": _("Tempat lahir wajib diisi.")}
    )
    birth_date = IndonesianDateField(
        label=_("Tanggal lahir"), error_messages={"required": _("Tanggal lahir wajib diisi.")}
    )
    address = forms.CharField(
        label=_("Alamat"),
        max_length=255,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Alamat wajib diisi.")},
    )
    domicile_village = VillageField(
        label=_("Desa domisili"),
        queryset=Village.objects.all(),
        help_text=_("Kode Kemendagri atau nama desa; semestinya desa lokus."),
        error_messages={"required": _("Desa domisili wajib diisi.")},
    )
    phone = forms.CharField(
        label=_("Nomor HP/WhatsApp"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "placeholder": "0812-3456-7890"}),
    )
    email = forms.EmailField(
        label=_("Surel"), required=False, error_messages={"invalid": _("Alamat surel tidak valid.")}
    )
    education = forms.ChoiceField(
        label=_("Pendidikan terakhir"), choices=[("", "—"), *Education.choices], required=False
    )
    occupation = forms.CharField(label=_("Pekerjaan"), max_length=100, required=False)
    segments = forms.MultipleChoiceField(
        label=_("Unsur pemilih"), widget=forms.CheckboxSelectMultiple, required=False
    )
    disability = forms.CharField(
        label=_("Jenis disabilitas"),
        max_length=100,
        required=False,
        help_text=_("Wajib untuk unsur Penyandang Disabilitas."),
    )
    nonpartisan = forms.BooleanField(
        label=_(
            "Menyatakan tidak menjadi anggota atau berafiliasi dengan partai politik atau peserta pemilu"
        ),
        required=False,
    )
    nonpartisan_statement = forms.FileField(
        label=_("Surat pernyataan bukan anggota parpol (tidak wajib)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT_DOCUMENT}),
        help_text=_("PDF, JPG atau PNG. Bila halaman ini menampilkan kesalahan, pilih berkasnya lagi."),
    )
    interest_ppk = forms.BooleanField(label=_("Berminat menjadi PPK"), required=False)
    interest_pps = forms.BooleanField(label=_("Berminat menjadi PPS"), required=False)
    interest_kpps = forms.BooleanField(label=_("Berminat menjadi KPPS"), required=False)
    recruited_on = IndonesianDateField(
        label=_("Tanggal rekrutmen"),
        required=False,
        help_text=_(
            "Usia kader dinilai pada tanggal ini. Kosongkan: hari ini bila dalam tahun program lokus, selain "
            "itu tanggal SK lokus."
        ),
    )

    def __init__(self, *args, locus: Locus, cadre: Cadre | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.locus, self.cadre = locus, cadre
        segments = locus.programme_year.segments.all() if locus.programme_year_id else []
        self.fields["segments"].choices = [(s.code, s.label) for s in segments]
        self.fields["segments"].help_text = segment_rules_text()
        self.disability_segment = DISABILITY_SEGMENT
        if cadre is not None:
            nik = self.fields["nik"]
            nik.required = False
            nik.help_text = _(
                "Tercatat %(masked)s. Kosongkan bila tidak diubah; isi 16 digit untuk memperbaiki."
            ) % {"masked": mask_nik(cadre.nik)}
            self.fields["nonpartisan_statement"].help_text = _(
                "Kosongkan bila surat pernyataan yang tersimpan tidak diganti."
            )
        style(self)

    @staticmethod
    def initial_for(cadre: Cadre) -> dict:
        """The values of a cadre for its correction form: everything but the NIK."""
        return {
            "full_name": cadre.full_name,
            "sex": cadre.sex,
            "birth_place": cadre.birth_place,
            "birth_date": cadre.birth_date,
            "address": cadre.address,
            "domicile_village": cadre.domicile_village_id,
            "phone": cadre.phone,
            "email": cadre.email,
            "education": cadre.education,
            "occupation": cadre.occupation,
            "segments": [s.code for s in cadre.segments.all()],
            "disability": cadre.disability,
            "nonpartisan": cadre.nonpartisan,
            "interest_ppk": cadre.interest_ppk,
            "interest_pps": cadre.interest_pps,
            "interest_kpps": cadre.interest_kpps,
            "recruited_on": cadre.recruited_on,
        }

    def cadre_data(self) -> CadreData:
        d = self.cleaned_data
        nik = (d.get("nik") or "").strip()
        if not nik and self.cadre is not None:
            nik = self.cadre.nik
        village = d.get("domicile_village")
        return CadreData(
            nik=nik,
            full_name=d["full_name"],
            sex=d["sex"],
            birth_place=d["birth_place"],
            birth_date=d["birth_date"],
            address=d["address"],
            domicile_village_code=village.code if village else "",
            phone=d.get("phone", ""),
            email=d.get("email", ""),
            education=d.get("education", ""),
            occupation=d.get("occupation", ""),
            segment_codes=list(d.get("segments") or []),
            disability=d.get("disability", ""),
            nonpartisan=bool(d.get("nonpartisan")),
            interest_ppk=bool(d.get("interest_ppk")),
            interest_pps=bool(d.get("interest_pps")),
            interest_kpps=bool(d.get("interest_kpps")),
            recruited_on=d.get("recruited_on") or (self.cadre.recruited_on if self.cadre else None),
        )


# --- the recruitment steps ----------


class StepForm(StyledForm):
    """The form of a recruitment step (or of a reason to see a full NIK)."""


class VerifyForm(StepForm):
    """The verification checklist: one box per item of the juknis."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in VERIFICATION_ITEMS:
            self.fields[key] = forms.BooleanField(label=label, required=False)
        style(self)

    def checklist(self) -> dict[str, bool]:
        return {key: bool(self.cleaned_data.get(key)) for key, _label in VERIFICATION_ITEMS}


class InterviewForm(StepForm):
    interview_notes = forms.CharField(
        label=_("Catatan wawancara"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Termasuk pemeriksaan latar belakang: tidak berafiliasi dengan partai politik."),
        error_messages={"required": _("Catatan wawancara wajib diisi.")},
    )
    interviewed_on = IndonesianDateField(
        label=_("Tanggal wawancara"), error_messages={"required": _("Tanggal wawancara wajib diisi.")}
    )


class AppointForm(StepForm):
    decree_number = forms.CharField(
        label=_("Nomor SK penetapan"),
        max_length=120,
        error_messages={"required": _("Nomor SK penetapan wajib diisi.")},
    )
    decree_date = IndonesianDateField(
        label=_("Tanggal SK penetapan"), error_messages={"required": _("Tanggal SK penetapan wajib diisi.")}
    )


class ConfirmForm(StepForm):
    """A step without input (activation)."""


class ReasonForm(StepForm):
    status_reason = reason_field(_("Alasan"), _("Alasan wajib diisi."))


class RevealNikForm(StepForm):
    reason = forms.CharField(
        label=_("Alasan melihat NIK lengkap"),
        min_length=10,
        max_length=255,
        widget=forms.TextInput(attrs={"placeholder": _("mis. pencocokan data dengan KTP-el untuk SK")}),
        error_messages={
            "required": _("Tuliskan alasan melihat NIK lengkap (minimal 10 karakter)."),
            "min_length": _("Tuliskan alasan melihat NIK lengkap (minimal 10 karakter)."),
        },
    )


class NikAccessPeriodForm(StyledForm):
    """The personal-data access report of one officer: the period (both ends optional and included) and, on
    the report's first page, the officer's user name."""

    pengguna = forms.CharField(
        label=_("Nama pengguna petugas"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("mis. staf-tanggamus")}),
    )
    dari = IndonesianDateField(label=_("Dari tanggal"), required=False)
    sampai = IndonesianDateField(label=_("Sampai tanggal"), required=False)

    def __init__(self, *args, officer_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if officer_required:
            self.fields["pengguna"].required = True
            self.fields["pengguna"].error_messages["required"] = _("Isi nama pengguna petugas.")
        else:
            del self.fields["pengguna"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("dari"), cleaned.get("sampai")
        if start and end and end < start:
            self.add_error("sampai", _("Tanggal 'sampai' tidak boleh sebelum tanggal 'dari'."))
        return cleaned
