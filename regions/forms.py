"""The village field of forms: a village typed as its Kemendagri code or its name."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from regions.querysets import is_code_term, normalize_code_term


class VillageField(forms.ModelChoiceField):
    """A village typed as its Kemendagri code (with or without dots) or as its exact name when that name is
    unique among the choices. The choices are what the form's user may act on (ScopedFormMixin)."""

    default_error_messages = {
        "invalid_choice": _(
            "Desa/kelurahan “%(value)s” tidak ditemukan di wilayah kerja Anda. Pilih dari saran atau tulis "
            "kode Kemendagri-nya (mis. 18.06.11.2016)."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"autocomplete": "off", "placeholder": _("Ketik nama atau kode desa")}),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        value = " ".join(str(value or "").split())
        if value in self.empty_values:
            return None
        if is_code_term(value):
            village = self.queryset.filter(code=normalize_code_term(value)).first()
        else:
            matches = list(self.queryset.filter(name__iexact=value)[:2])
            if len(matches) > 1:
                raise ValidationError(
                    _("Ada lebih dari satu desa bernama “%(value)s”. Pilih dari saran atau tulis kodenya."),
                    code="ambiguous",
                    params={"value": value},
                )
            village = matches[0] if matches else None
        if village is None:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        return village
