"""The shape of the API's writes: JSON types, nothing more. Every rule about the values, and its message, is
the service's (the same call the page makes); what is refused here is a value of the wrong type, in
Indonesian, naming the field (``{"nik": ["nik harus teks …"]}``).

Fields the service checks are optional here (empty by default), so that a missing value is answered with the
service's own message, as on the page."""

from __future__ import annotations

from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class StrictCharField(serializers.CharField):
    """Text and only text: a JSON number is refused, never turned into text. A NIK, a phone or a code sent as
    a number has lost what made it one (a leading 0, digits beyond a float's precision): the wrong NIKs this
    system once held were numbers."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


@extend_schema_field({"type": "number", "nullable": True})
class NumberField(serializers.Field):
    """A JSON number or null, passed on as it is: its range and precision are the service's rules."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        return data

    def to_representation(self, value):
        return value


@extend_schema_field(OpenApiTypes.INT)
class WholeNumberField(serializers.Field):
    """A JSON whole number, passed on as it is (the service says whether it may be 0, negative…)."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return data

    def to_representation(self, value):
        return value


def _messages(name: str, field) -> dict[str, str]:
    """Indonesian messages naming ``name`` for the errors ``field`` can raise. DRF fills ``{…}`` itself."""
    messages = {
        "required": _("%(field)s wajib dikirim."),
        "null": _("%(field)s tidak boleh null."),
        "blank": _("%(field)s tidak boleh kosong."),
        "empty": _("%(field)s tidak boleh kosong."),
        "not_a_list": _("%(field)s harus daftar (array JSON)."),
        "not_a_dict": _("%(field)s harus objek JSON."),
        "max_length": _("%(field)s paling banyak {max_length} karakter."),
        "invalid_choice": _("%(field)s: “{input}” bukan pilihan yang tersedia."),
        "min_value": _("%(field)s harus {min_value} atau lebih."),
        "max_string_length": _("%(field)s harus bilangan bulat."),
        "datetime": _("%(field)s harus tanggal berformat YYYY-MM-DD."),
    }
    if isinstance(field, serializers.EmailField):
        messages["invalid"] = _("Alamat surel tidak valid.")
    elif isinstance(field, serializers.CharField):
        messages["invalid"] = _("%(field)s harus teks (string JSON); angka atau nilai lain tidak diterima.")
    elif isinstance(field, serializers.BooleanField):
        messages["invalid"] = _("%(field)s harus true atau false.")
    elif isinstance(field, serializers.DateField):
        messages["invalid"] = _("%(field)s harus tanggal berformat YYYY-MM-DD.")
    elif isinstance(field, serializers.IntegerField | WholeNumberField):
        messages["invalid"] = _("%(field)s harus bilangan bulat.")
    elif isinstance(field, serializers.UUIDField):
        messages["invalid"] = _("%(field)s harus UUID.")
    elif isinstance(field, serializers.FileField):
        messages["invalid"] = messages["no_name"] = _("%(field)s harus berkas (multipart/form-data).")
    elif isinstance(field, NumberField):
        messages["invalid"] = _("%(field)s harus angka atau null.")
    elif isinstance(field, serializers.Serializer):
        messages["invalid"] = _("%(field)s: setiap baris harus objek JSON.")
    # Keys a field does not raise are harmless; its own messages are all replaced.
    return {key: message % {"field": name} for key, message in messages.items()}


class InputSerializer(serializers.Serializer):
    """A write's input: each field's messages in Indonesian, naming the field (and a list's items by the
    list's name), made when the fields are built, in the request's language."""

    default_error_messages = {"invalid": gettext_lazy("Isi permintaan harus objek JSON.")}

    def get_fields(self):
        fields = super().get_fields()
        for name, field in fields.items():
            _name_messages(field, name)
            child = getattr(field, "child", None)
            if child is not None:
                _name_messages(child, name)
        return fields


def _name_messages(field, name: str) -> None:
    field.error_messages.update(_messages(name, field))
    # DRF put the length limit's message in its validator when the field was made: made again here.
    for validator in field.validators:
        if isinstance(validator, MaxLengthValidator):
            validator.message = field.error_messages["max_length"].format(max_length=validator.limit_value)
