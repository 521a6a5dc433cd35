"""Form widgets shared by the apps."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class PlainSelect(forms.Select):
    """A ``<select>`` written in Python rather than through one template render per option, for the long
    choice lists of the filters (the country's 514 regencies: about 200 ms of a list page through Django's
    templates, a few ms here). The markup is the one ``django/forms/widgets/select.html`` writes."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    "" if option["value"] is None else str(option["value"]),
                    flatatt(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
            if group_name:
                parts.append(mark_safe("</optgroup>"))  # noqa: S308 (a constant)
        parts.append(mark_safe("</select>"))  # noqa: S308 (a constant)
        return mark_safe("".join(parts))  # noqa: S308 (every part escaped by format_html)
