"""Forms of the evidence pages: the ranking filter, the spreadsheet upload and the programme year.

Input shape only: the rules live in ``locus.services``; the region filter only accepts regions inside the
user's jurisdiction (``policy(user).allows_in_region``) and offers only those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from kernel.scoping.jurisdiction import NATIONAL, PROVINCE, REGENCY
from kernel.scoping.policy import policy
from locus.choices import LocusCategory
from locus.models import District, Election, ProgrammeYear, Province, Regency, Segment
from locus.selectors.loci import default_election, latest_locus_year
from regions.choices import VillageKind

# --- ranking ------------------------------------------------------------------------------------------------

REGION_CODE = re.compile(r"^[0-9]{2}(?:\.[0-9]{2}){0,2}$")  # a province, regency or district code
REGION_MODELS = {1: Province, 2: Regency, 3: District}


@dataclass(frozen=True)
class RegionSelect:
    """One of the three region selects of the ranking filter (province, regency/city, district)."""

    label: str
    all_label: str
    options: list  # (code, name)
    selected: str
    fixed: bool  # the user's jurisdiction decides it: shown, but not changeable


def _region_chain(values: list[str]) -> str:
    """The deepest of the submitted region codes that lies inside the ones above it.

    The three selects all submit ``wilayah``; when a higher level changes, the lower selects may still hold
    a region of the old one, which is then ignored."""
    current = ""
    for value in values:
        value = value.strip()
        if not value:
            continue
        if current and not value.startswith(f"{current}."):
            break
        current = value
    return current


class RankingForm(forms.Form):
    """The filter of the candidate ranking, bound to the query string with the defaults filled in.

    Years and elections are read once each and offered as plain choices (a model choice field would query
    again to render and to clean)."""

    tahun = forms.ChoiceField(label=_("Tahun program"))
    kategori = forms.ChoiceField(label=_("Kategori"), choices=LocusCategory.choices)
    pemilu = forms.ChoiceField(label=_("Data pemilu/pemilihan"), required=False)
    jenis = forms.ChoiceField(
        label=_("Jenis"), choices=[("", _("Semua jenis")), *VillageKind.choices], required=False
    )
    lokus = forms.BooleanField(label=_("Tampilkan yang sudah menjadi lokus"), required=False)
    wilayah = forms.CharField(label=_("Wilayah"), required=False)

    def __init__(self, query, *, user):
        self.user = user
        self.access = policy(user)
        self.jurisdiction = self.access.jurisdiction  # the shape of the region selects
        self.years = {str(year.year): year for year in ProgrammeYear.objects.order_by("-year")}
        self.elections = {election.code: election for election in Election.objects.order_by("-held_on")}
        data = query.copy()
        if not data.get("kategori"):
            data["kategori"] = LocusCategory.LOW_TURNOUT
        if not data.get("tahun") and self.years:
            latest = latest_locus_year(user=user)
            data["tahun"] = str(latest) if str(latest) in self.years else next(iter(self.years))
        year = self.years.get(data.get("tahun") or "")
        if "pemilu" not in data and year is not None:
            election = default_election(year, category=data.get("kategori"), user=user)
            if election is not None:
                data["pemilu"] = election.code
        super().__init__(data)
        self.fields["tahun"].choices = [(key, str(year.year)) for key, year in self.years.items()]
        self.fields["pemilu"].choices = [("", _("Tanpa data pemilu"))] + [
            (code, election.name) for code, election in self.elections.items()
        ]
        for name in ("tahun", "pemilu", "jenis"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["lokus"].widget.attrs["class"] = "form-check-input"

    def clean_tahun(self) -> ProgrammeYear:
        return self.years[self.cleaned_data["tahun"]]

    def clean_pemilu(self) -> Election | None:
        return self.elections.get(self.cleaned_data.get("pemilu") or "")

    @property
    def root_code(self) -> str:
        """The region the user's jurisdiction is ("" for the whole country)."""
        if self.jurisdiction.level == REGENCY:
            return self.jurisdiction.regency_code or ""
        if self.jurisdiction.level == PROVINCE:
            return self.jurisdiction.province_code or ""
        return ""

    def clean_wilayah(self) -> str:
        code = _region_chain(self.data.getlist("wilayah"))
        if not code:
            return ""
        root = self.root_code
        if root and (root == code or root.startswith(f"{code}.")):
            return ""  # the whole jurisdiction (or a region above it): no narrowing
        if not REGION_CODE.match(code):
            raise forms.ValidationError(_("Pilih provinsi, kabupaten/kota atau kecamatan dari daftar."))
        model = REGION_MODELS[code.count(".") + 1]
        if not model.objects.current().filter(code=code).exists():
            raise forms.ValidationError(_("Wilayah dengan kode %(code)s tidak dikenal.") % {"code": code})
        if not self.access.allows_in_region("view", code):
            raise forms.ValidationError(
                _("Wilayah %(code)s berada di luar wilayah kerja Anda; pilih wilayah dari daftar.")
                % {"code": code}
            )
        return code

    @cached_property
    def region_code(self) -> str:
        """The region the ranking is narrowed to ("" for the whole jurisdiction); only after is_valid()."""
        return self.cleaned_data.get("wilayah", "") if hasattr(self, "cleaned_data") else ""

    def region_selects(self) -> list[RegionSelect]:
        """The province, regency and district selects, each offering only regions in the jurisdiction."""
        chosen = self.region_code or self.root_code
        parts = chosen.split(".") if chosen else []
        province = parts[0] if parts else ""
        regency = ".".join(parts[:2]) if len(parts) >= 2 else ""
        district = ".".join(parts[:3]) if len(parts) >= 3 else ""
        level = self.jurisdiction.level
        selects = []
        if level == NATIONAL:
            provinces = Province.objects.current().values_list("code", "name")
        else:
            provinces = Province.objects.filter(code=self.jurisdiction.province_code).values_list(
                "code", "name"
            )
        selects.append(
            RegionSelect(
                _("Provinsi"), _("Semua provinsi"), list(provinces), province, fixed=level != NATIONAL
            )
        )
        if regency or province:
            regencies = (
                Regency.objects.restrict(self.user, "view")
                .current()
                .filter(province_id=province)
                .values_list("code", "name")
            )
            selects.append(
                RegionSelect(
                    _("Kabupaten/kota"),
                    _("Semua kabupaten/kota"),
                    list(regencies),
                    regency,
                    fixed=level == REGENCY,
                )
            )
        if regency:
            districts = (
                District.objects.restrict(self.user, "view")
                .current()
                .filter(regency_id=regency)
                .values_list("code", "name")
            )
            selects.append(
                RegionSelect(_("Kecamatan"), _("Semua kecamatan"), list(districts), district, fixed=False)
            )
        return selects


# --- spreadsheet imports ------------------------------------------------------------------------------------

# --- programme years ----------------------------------------------------------------------------------------


class ProgrammeYearForm(forms.ModelForm):
    segments = forms.ModelMultipleChoiceField(
        label=_("Unsur pemilih yang dapat dipilih"),
        queryset=Segment.objects.all(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        required=False,
    )
    required_segments = forms.ModelMultipleChoiceField(
        label=_("Unsur pemilih yang wajib terwakili"),
        queryset=Segment.objects.all(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        required=False,
        help_text=_("Harus termasuk unsur yang dapat dipilih."),
    )

    class Meta:
        model = ProgrammeYear
        fields = [
            "aim",
            "description",
            "roster_size",
            "min_women_percent",
            "planned_sessions",
            "segments",
            "required_segments",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in ("segments", "required_segments"):
                continue
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
        self.fields["min_women_percent"].widget.attrs.update(min=0, max=100)
