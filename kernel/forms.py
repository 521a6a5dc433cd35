"""Form helpers every app's forms share: Bootstrap classes on the widgets, the date field people type dates
into, the Rupiah field, a step's reason, and a service's ValidationError shown on the form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from kernel.money import parse_rupiah

# What the browser's date input sends (yyyy-mm-dd) and what people write (20/05/2021, 20-05-2021).
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]


def style(form: forms.Form) -> None:
    """Bootstrap classes on every widget."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class StyledForm(forms.Form):
    """A form with Bootstrap classes on its widgets (a step of a record through its stages, a reason)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


def reason_field(label, required_message) -> forms.CharField:
    """The reason a user gives for a step (a rejection, a cancellation, a resignation): required, a few
    lines."""
    return forms.CharField(
        label=label,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": required_message},
    )


def style_filters(form: forms.Form) -> None:
    """The small Bootstrap classes of a list's filter bar on every widget (replacing any other)."""
    for field in form.fields.values():
        field.widget.attrs["class"] = (
            "form-select form-select-sm"
            if isinstance(field.widget, forms.Select)
            else "form-control form-control-sm"
        )


class IndonesianDateField(forms.DateField):
    """A date from the browser's date picker (yyyy-mm-dd) or typed as dd/mm/yyyy."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    default_error_messages = {
        "invalid": _("Tanggal tidak dikenali. Tulis seperti 20/05/2021 (tanggal/bulan/tahun)."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        super().__init__(**kwargs)


def show_service_errors(form, error: ValidationError, *, field_map: dict[str, str] | None = None) -> None:
    """A service's ValidationError on the form: each message on the field it names (through ``field_map``
    where the service's name differs from the form's), the others above the form."""
    field_map = field_map or {}
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = field_map.get(name, name)
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, error)


class RupiahInput(forms.TextInput):
    """A Rupiah amount typed as digits, shown back grouped ("150.000.000"), with the phone's number pad."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int):
            return formats.number_format(value, force_grouping=True)
        return super().format_value(value)


class RupiahField(forms.IntegerField):
    """A whole Rupiah amount of 0 or more, typed with or without thousands separators ("150.000.000",
    "Rp 150000000"); blank is 0 unless the field is required."""

    widget = RupiahInput
    default_error_messages = {
        "invalid": _("Tulis jumlah rupiah sebagai bilangan bulat, mis. 150.000.000 (tanpa sen)."),
        "min_value": _("Jumlah rupiah tidak boleh kurang dari 0."),
        "max_value": _("Jumlah rupiah terlalu besar (maksimal Rp %(limit_value)s)."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 10**15)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None if self.required else 0
        if isinstance(value, int):
            return value
        amount = parse_rupiah(str(value))
        if amount is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return amount

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value):
        if value is None:
            return
        if value > self.max_value:
            raise ValidationError(
                self.error_messages["max_value"],
                code="max_value",
                params={"limit_value": formats.number_format(self.max_value, force_grouping=True)},
            )
        super().run_validators(value)
