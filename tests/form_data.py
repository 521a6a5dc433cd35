"""What a browser posts for a rendered form: each field's current value (its initial value on a fresh page,
the submitted one on a page shown again) formatted by its widget, hidden fields and formsets' management
forms included. A test takes a page's form from its context, changes what the user would change, and posts
the rest as it stands, the way an officer edits a record."""

from __future__ import annotations

from django import forms


def form_data(form: forms.BaseForm) -> dict[str, object]:
    data: dict[str, object] = {}
    for bound in form:
        widget = bound.field.widget
        if isinstance(widget, forms.FileInput):
            continue  # a browser never sends a stored file back
        value = bound.value()
        if isinstance(widget, forms.CheckboxInput):
            if widget.check_test(value):
                data[bound.html_name] = "on"
            continue
        formatted = widget.format_value(value)
        if formatted is not None:
            data[bound.html_name] = formatted
    return data


def formset_data(formset: forms.BaseFormSet) -> dict[str, object]:
    data = form_data(formset.management_form)
    for form in formset.forms:
        data.update(form_data(form))
    return data


def page_data(context, form_name: str = "form", formsets: str | None = None) -> dict[str, object]:
    """The form of a page's context (and the formsets under ``context[formsets]``, a dict or a list)."""
    data = form_data(context[form_name])
    if formsets:
        group = context[formsets]
        for formset in group.values() if isinstance(group, dict) else group:
            data.update(formset_data(formset))
    return data
