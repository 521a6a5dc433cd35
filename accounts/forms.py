"""Forms of the accounts app: input shape only. The rules live in services.py."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kernel.forms import IndonesianDateField
from kernel.localtime import local_moment
from kernel.scoping.mixins import ScopedFormMixin
from regions.models import Province, Regency

from .choices import OFFICER_ROLE_CHOICES, APIAccess, OfficeLevel
from .models import Office
from .services import check_username_format, normalize_phone_number, office_levels_for


class BootstrapMixin:
    """Bootstrap 5 classes on every widget, and ``is-invalid`` on the fields that have errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect)):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def add_error(self, field, error):
        super().add_error(field, error)
        # Also for errors found later (by a service, after the form was valid).
        for name in self._errors or {}:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                    widget.attrs["aria-invalid"] = "true"


class LoginForm(BootstrapMixin, auth_forms.AuthenticationForm):
    username = forms.CharField(
        label=_("Nama pengguna"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil. "
            "Setelah 5 kali gagal, akun dikunci selama 30 menit."
        ),
        "inactive": _("Akun ini nonaktif. Hubungi administrator kantor Anda."),
    }


class NewPasswordLabelsMixin:
    """The same words on every password form of SIDP3 ("kata sandi", as on the sign-in page)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            "old_password": _("Kata sandi lama"),
            "new_password1": _("Kata sandi baru"),
            "new_password2": _("Ulangi kata sandi baru"),
        }
        for name, label in labels.items():
            if name in self.fields:
                self.fields[name].label = label
        if "new_password1" in self.fields:
            self.fields["new_password1"].help_text = password_rules_text()
        if "new_password2" in self.fields:
            self.fields["new_password2"].help_text = _("Ketik kata sandi yang sama sekali lagi.")


def password_rules_text() -> str:
    """The rules of AUTH_PASSWORD_VALIDATORS in one Indonesian sentence, with their minimum length."""
    min_length = next(
        (
            validator.min_length
            for validator in password_validation.get_default_password_validators()
            if isinstance(validator, password_validation.MinimumLengthValidator)
        ),
        8,
    )
    return _(
        "Minimal %(count)d karakter, tidak terlalu umum, tidak hanya angka, dan tidak mirip nama pengguna, "
        "nama atau surel Anda."
    ) % {"count": min_length}


class PasswordChangeForm(NewPasswordLabelsMixin, BootstrapMixin, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(BootstrapMixin, auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label=_("Surel"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class SetPasswordForm(NewPasswordLabelsMixin, BootstrapMixin, auth_forms.SetPasswordForm):
    pass


class GroupedRegencyIterator(forms.models.ModelChoiceIterator):
    """Regencies grouped under their province (``<optgroup>``), in code order."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        queryset = self.queryset.select_related("province").order_by("code")
        for province, regencies in groupby(queryset, key=lambda regency: regency.province):
            yield (str(province), [self.choice(regency) for regency in regencies])


class RegencyChoiceField(forms.ModelChoiceField):
    iterator = GroupedRegencyIterator


class UserFormBase(BootstrapMixin, ScopedFormMixin, forms.Form):
    """Shared by the create and update forms. ``user`` is the administrator filling the form: the province
    and regency choices are restricted to their jurisdiction (``restrict(user, "manage")``), and the office
    levels to those they may create accounts for."""

    scope_action = "manage"

    first_name = forms.CharField(label=_("Nama depan"), max_length=150)
    last_name = forms.CharField(label=_("Nama belakang"), max_length=150, required=False)
    email = forms.EmailField(label=_("Surel"), max_length=254)
    position = forms.CharField(
        label=_("Jabatan"),
        max_length=150,
        required=False,
        help_text=_("Misalnya: Anggota Divisi Sosdiklih, Kasubag Parmas, Staf Teknis."),
    )
    phone = forms.CharField(
        label=_("Nomor HP"),
        max_length=20,
        required=False,
        help_text=_("Misalnya: 0812-3456-7890."),
        validators=[normalize_phone_number],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    role = forms.ChoiceField(label=_("Peran"), choices=OFFICER_ROLE_CHOICES)
    level = forms.ChoiceField(
        label=_("Tingkat kantor"), choices=OfficeLevel.choices, widget=forms.RadioSelect
    )
    province = forms.ModelChoiceField(
        label=_("Provinsi"),
        queryset=Province.objects.current(),
        required=False,
        empty_label=_("— pilih provinsi —"),
        error_messages={
            "invalid_choice": _("Provinsi ini tidak ada atau berada di luar wilayah kerja Anda.")
        },
    )
    regency = RegencyChoiceField(
        label=_("Kabupaten/kota"),
        queryset=Regency.objects.current(),
        required=False,
        empty_label=_("— pilih kabupaten/kota —"),
        error_messages={
            "invalid_choice": _("Kabupaten/kota ini tidak ada atau berada di luar wilayah kerja Anda.")
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        levels = office_levels_for(user)
        self.fields["level"].choices = [
            (value, label) for value, label in OfficeLevel.choices if value in levels
        ]
        self.fields["level"].error_messages["invalid_choice"] = _(
            "Anda tidak dapat membuat akun untuk kantor tingkat ini."
        )
        if "level" not in self.initial and len(levels) == 1:
            self.initial["level"] = levels[0]
        self.fields["province"].label_from_instance = lambda province: province.name
        self.fields["regency"].label_from_instance = lambda regency: regency.name

    def clean(self):
        cleaned = super().clean()
        level = cleaned.get("level")
        if level == OfficeLevel.PROVINCE and not cleaned.get("province") and "province" not in self.errors:
            self.add_error("province", _("Pilih provinsi kantor pengguna."))
        if level == OfficeLevel.REGENCY and not cleaned.get("regency") and "regency" not in self.errors:
            self.add_error("regency", _("Pilih kabupaten/kota kantor pengguna."))
        return cleaned

    @property
    def region(self):
        """The region of the chosen office level: None (KPU RI), a Province or a Regency."""
        level = self.cleaned_data.get("level")
        if level == OfficeLevel.PROVINCE:
            return self.cleaned_data.get("province")
        if level == OfficeLevel.REGENCY:
            return self.cleaned_data.get("regency")
        return None

    @staticmethod
    def initial_for_office(office) -> dict:
        if office is None:
            return {}
        return {
            "level": office.level,
            "province": office.province_id if office.level == OfficeLevel.PROVINCE else None,
            "regency": office.regency_id if office.level == OfficeLevel.REGENCY else None,
        }

    def region_field(self) -> str:
        """The field that names the office's region, where an error about the office belongs."""
        level = getattr(self, "cleaned_data", {}).get("level")
        return {OfficeLevel.PROVINCE: "province", OfficeLevel.REGENCY: "regency"}.get(level, "level")


class UserCreateForm(UserFormBase):
    username = forms.CharField(
        label=_("Nama pengguna"),
        max_length=150,
        help_text=_(
            "Huruf kecil, angka dan tanda hubung, misalnya: budi-santoso. Tidak dapat diubah kemudian."
        ),
        validators=[check_username_format],
        widget=forms.TextInput(
            attrs={"autocapitalize": "none", "autocomplete": "off", "spellcheck": "false"}
        ),
    )

    field_order = ["username", "first_name", "last_name", "email", "position", "phone", "role", "level"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No role is preselected: the administrator chooses one on purpose.
        self.fields["role"].choices = [("", _("— pilih peran —")), *OFFICER_ROLE_CHOICES]


class UserUpdateForm(UserFormBase):
    is_active = forms.BooleanField(
        label=_("Akun aktif"),
        required=False,
        help_text=_("Akun nonaktif tidak dapat masuk. Datanya tetap tersimpan."),
    )

    def __init__(self, *args, user, instance, **kwargs):
        from lokal.phone import parse_phone  # importing lokal loads its PII masker too: when needed

        self.instance = instance
        initial = {
            "first_name": instance.first_name,
            "last_name": instance.last_name,
            "email": instance.email,
            "position": instance.position,
            "phone": (parse_phone(instance.phone).national or instance.phone) if instance.phone else "",
            "role": instance.role,
            "is_active": instance.is_active,
            **self.initial_for_office(instance.office),
            **kwargs.pop("initial", {}),
        }
        super().__init__(*args, user=user, initial=initial, **kwargs)
        if instance.pk == user.pk:
            # Another administrator changes an administrator's own role, office and status.
            for name in ("role", "level", "province", "regency", "is_active"):
                self.fields[name].disabled = True
            self.fields["role"].help_text = _("Peran akun Anda sendiri diubah oleh administrator lain.")


class UserSetActiveForm(forms.Form):
    active = forms.TypedChoiceField(
        choices=[("1", _("Aktifkan")), ("0", _("Nonaktifkan"))], coerce=lambda value: value == "1"
    )


class TwoFactorCodeForm(BootstrapMixin, forms.Form):
    """The second step of signing in: the authenticator's code, or a backup code."""

    code = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=20,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "spellcheck": "false",
            }
        ),
        error_messages={"required": _("Tulis kode dari aplikasi autentikator.")},
    )


class ReminderSettingsForm(forms.Form):
    """The user's own choice of the weekly reminder e-mail (their profile page)."""

    weekly_reminders = forms.BooleanField(
        label=_("Kirimi saya surel pengingat mingguan"),
        required=False,
        help_text=_("Setiap Senin pukul 07.00 waktu kantor Anda: daftar hal yang menunggu tindakan Anda."),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input", "role": "switch"}),
    )


class APIClientForm(BootstrapMixin, ScopedFormMixin, forms.Form):
    """A new API client: its office (within the administrator's jurisdiction), name, access and how long it
    lasts (a number of days, or until a date). The rules (a unique name, at most a year) are the service's
    (api_clients.py)."""

    scope_action = "manage"
    UNTIL_DATE = "tanggal"
    LIFETIMES = [
        ("30", _("30 hari")),
        ("90", _("90 hari")),
        ("180", _("180 hari")),
        ("365", _("1 tahun")),
        (UNTIL_DATE, _("Sampai tanggal…")),
    ]

    name = forms.CharField(
        label=_("Nama klien"),
        max_length=100,
        help_text=_("Sistem atau pihak yang memakai token ini, misalnya “Gudang data KPU Provinsi”."),
        error_messages={"required": _("Nama klien wajib diisi.")},
    )
    office = forms.ModelChoiceField(label=_("Kantor"), queryset=Office.objects.none(), empty_label=None)
    access = forms.ChoiceField(
        label=_("Akses"),
        choices=APIAccess.choices,
        initial=APIAccess.READ,
        widget=forms.RadioSelect,
        help_text=_("Klien hanya membaca dan menulis data di wilayah kerja kantornya."),
    )
    lifetime = forms.ChoiceField(
        label=_("Masa berlaku"), choices=LIFETIMES, initial="90", widget=forms.RadioSelect
    )
    expires_on = IndonesianDateField(
        label=_("Berlaku sampai tanggal"),
        required=False,
        help_text=_("Hanya bila memilih “Sampai tanggal…”: token berlaku sampai akhir hari itu."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["office"].queryset = Office.objects.restrict(user, "manage").order_by(
            F("province_id").asc(nulls_first=True), F("regency_id").asc(nulls_first=True), "name"
        )

    def clean(self):
        data = super().clean()
        lifetime = data.get("lifetime")
        time_zone = self.user.time_zone
        if lifetime == self.UNTIL_DATE:
            day = data.get("expires_on")
            if day is None:
                if "expires_on" not in self.errors:
                    self.add_error("expires_on", _("Isi tanggal berakhirnya masa berlaku."))
            else:
                data["expires_at"] = local_moment(day + dt.timedelta(days=1), dt.time.min, time_zone)
        elif lifetime:
            data["expires_at"] = timezone.now() + dt.timedelta(days=int(lifetime))
        return data

    @property
    def expiry_field(self) -> str:
        """The field that names the expiry, for the service's errors."""
        return "expires_on" if self.data.get("lifetime") == self.UNTIL_DATE else "lifetime"
