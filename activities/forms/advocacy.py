"""Forms of the advocacy pages: input shape only. The rules (whose engagements, the budget committed against
the budget asked, the dates) live in ``activities.services.advocacy``; the views put its errors on these
fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.choices import AdvocacyKind, AdvocacyParty, AdvocacyStatus, AttachmentKind
from activities.models import AdvocacyEngagement
from activities.services.advocacy import EngagementData
from kernel.forms import IndonesianDateField, RupiahField, style
from kernel.uploads import ACCEPT_DOCUMENT
from locus.models import ProgrammeYear


class EngagementForm(forms.Form):
    """What the office entered about an engagement (the party's answer is ``DecisionForm``'s)."""

    programme_year = forms.ModelChoiceField(
        label=_("Tahun program"),
        queryset=ProgrammeYear.objects.order_by("-year"),
        help_text=_("Tahun program DP3 yang didukung atau didanai."),
        error_messages={
            "required": _("Pilih tahun program DP3 yang didukung."),
            "invalid_choice": _("Pilih tahun program dari daftar."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Bentuk kegiatan"),
        choices=[("", "—"), *AdvocacyKind.choices],
        error_messages={"required": _("Pilih bentuk kegiatan.")},
    )
    party_kind = forms.ChoiceField(
        label=_("Pihak"),
        choices=[("", "—"), *AdvocacyParty.choices],
        error_messages={"required": _("Pilih pihak yang dilibatkan.")},
    )
    party_name = forms.CharField(
        label=_("Nama pihak"),
        max_length=200,
        help_text=_("Mis. DPRD Kota Palembang, Bappeda Provinsi Sulawesi Tengah."),
        error_messages={"required": _("Tulis nama pihak, mis. DPRD Kota Palembang.")},
    )
    held_on = IndonesianDateField(
        label=_("Tanggal"), error_messages={"required": _("Tanggal kegiatan wajib diisi.")}
    )
    title = forms.CharField(
        label=_("Judul"), max_length=255, error_messages={"required": _("Judul kegiatan wajib diisi.")}
    )
    summary = forms.CharField(
        label=_("Ringkasan"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Apa yang disampaikan dan disepakati, siapa yang hadir."),
    )
    budget_asked = RupiahField(
        label=_("Anggaran diajukan (Rp)"),
        required=False,
        help_text=_("Bilangan bulat rupiah, mis. 150.000.000. Kosong: tidak ada anggaran yang diajukan."),
    )
    note = forms.CharField(
        label=_("Keterangan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Mis. siklus anggaran yang diikuti (APBD murni atau perubahan), nomor surat."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)

    @staticmethod
    def initial_for(engagement: AdvocacyEngagement) -> dict:
        return {
            "programme_year": engagement.programme_year_id,
            "kind": engagement.kind,
            "party_kind": engagement.party_kind,
            "party_name": engagement.party_name,
            "held_on": engagement.held_on,
            "title": engagement.title,
            "summary": engagement.summary,
            "budget_asked": engagement.budget_asked,
            "note": engagement.note,
        }

    def engagement_data(self) -> EngagementData:
        data = self.cleaned_data
        return EngagementData(
            programme_year=data["programme_year"],
            kind=data["kind"],
            party_kind=data["party_kind"],
            party_name=data["party_name"],
            held_on=data["held_on"],
            title=data["title"],
            summary=data["summary"],
            budget_asked=data["budget_asked"],
            note=data["note"],
        )


class DecisionForm(forms.Form):
    """The party's answer: approved (with the budget it committed), refused, or still awaited."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=AdvocacyStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih status pengajuan.")},
    )
    decided_on = IndonesianDateField(
        label=_("Tanggal keputusan"),
        required=False,
        help_text=_("Hari pihak menyetujui atau menolak (mis. tanggal surat atau penetapan APBD)."),
    )
    budget_committed = RupiahField(
        label=_("Anggaran disetujui (Rp)"),
        required=False,
        help_text=_("Hanya bila disetujui; paling banyak sebesar anggaran yang diajukan."),
    )
    decision_note = forms.CharField(
        label=_("Catatan keputusan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mis. nomor surat jawaban, pos anggaran, alasan penolakan."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)

    @staticmethod
    def initial_for(engagement: AdvocacyEngagement) -> dict:
        return {
            "status": engagement.status,
            "decided_on": engagement.decided_on,
            "budget_committed": engagement.budget_committed,
            "decision_note": engagement.decision_note,
        }


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis"), choices=AttachmentKind.choices, initial=AttachmentKind.DOCUMENT
    )
    title = forms.CharField(
        label=_("Judul"),
        max_length=200,
        help_text=_("Mis. Proposal anggaran DP3 2022, Undangan FGD, Nota kesepahaman."),
        error_messages={"required": _("Judul dokumen wajib diisi.")},
    )
    file = forms.FileField(
        label=_("Berkas"),
        widget=forms.FileInput(attrs={"accept": ACCEPT_DOCUMENT}),
        help_text=_("Dokumen PDF atau foto/pindaian JPG/PNG."),
        error_messages={"required": _("Pilih berkas yang diunggah.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)
