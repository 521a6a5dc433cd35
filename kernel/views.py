"""Pieces of class-based views that the apps' views share."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.views.generic.detail import SingleObjectMixin


class UserFormMixin:
    """A form that takes the signed-in user (``user=``): scoped choices and checks."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class ObjectFormMixin(SingleObjectMixin):
    """A form about one object, loaded (and restricted by ``get_queryset``) before GET and POST; ``refuse``
    may answer instead of the form (the object is not in a state for it). A form for one status only names
    it in ``required_status``: any other status goes back to the object's page with
    ``wrong_status_message``."""

    required_status = None
    wrong_status_message = ""

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.refuse() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.refuse() or super().post(request, *args, **kwargs)

    def refuse(self):
        """A response instead of the form when the object is not in a state for it, else None."""
        if self.required_status is not None and self.object.status != self.required_status:
            messages.warning(self.request, self.wrong_status_message)
            return redirect(self.object)
        return None


@dataclass(frozen=True)
class Step:
    """A step of a record through its stages: its slug in the URL, the status it leads to, its label, its
    form and the service that performs it (``perform(actor, record, form or its cleaned data)``); the role
    action it needs where steps differ (``action``), whether its button warns (``danger``) and the form
    fields that the service's error names stand for (``field_map``)."""

    slug: str
    target: str
    label: str
    form_class: type
    perform: Callable
    action: str = "change"
    danger: bool = False
    field_map: dict[str, str] = field(default_factory=dict)


class StepMixin:
    """A page for one step of a record through its stages, named by the URL's ``step`` among ``steps`` (slug →
    a step with its ``form_class``, ``label`` and ``target`` status): an unknown step is a 404. The page shows
    the target status by its label in ``status_choices`` and the record's breadcrumbs from
    ``object_crumbs(record, *current)``."""

    steps: dict = {}
    status_choices = None  # the record's status TextChoices
    object_crumbs = None  # staticmethod(record, *current) -> list of (label, url)
    transitions: dict = {}  # status -> the statuses a record may move to from it
    wrong_step_message = ""  # "… berstatus %(current)s tidak dapat diubah menjadi %(target)s."

    @cached_property
    def step(self):
        step = self.steps.get(self.kwargs["step"])
        if step is None:
            raise Http404
        return step

    def get_form_class(self):
        return self.step.form_class

    def refuse(self):
        """Back to the record's page when its status does not lead to the step's target."""
        record, target = self.object, self.step.target
        if target not in self.transitions[record.status]:
            messages.warning(
                self.request,
                self.wrong_step_message
                % {"current": record.get_status_display(), "target": self.status_choices(target).label},
            )
            return redirect(record)
        return super().refuse()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            step=self.step,
            target_label=self.status_choices(self.step.target).label,
            crumbs=self.object_crumbs(self.object, (str(self.step.label), "")),
            **kwargs,
        )
