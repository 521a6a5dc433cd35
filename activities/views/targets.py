"""Pages of targets: the list of the jurisdiction's targets with their progress, and the target form.

The list shows the targets of the user's office and of the offices in its jurisdiction (``Target.objects.
restrict``); the office choices of the form are restricted to the offices the user may change
(``Office.objects.restrict(user, "change")``), and ``activities.services.targets`` checks again."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView
from django.views.generic.detail import SingleObjectMixin

from activities.forms.targets import YEAR, TargetForm
from activities.models import Target
from activities.selectors import targets as selectors
from activities.services import targets as svc
from kernel.forms import show_service_errors
from kernel.scoping.mixins import RoleRequiredMixin, ScopedObjectMixin
from kernel.scoping.policy import policy
from locus.models import ProgrammeYear


def targets_crumb() -> tuple[str, str]:
    return (_("Target"), reverse("activities:target_list"))


class TargetListView(ScopedObjectMixin, ListView):
    """Targets of one programme year (``?tahun=``; the latest with a target by default) with progress bars."""

    model = Target
    template_name = "activities/target_list.html"
    context_object_name = "targets"
    paginate_by = 25

    def get_year(self) -> int | None:
        value = self.request.GET.get(YEAR, "")
        if value.isdecimal():
            return int(value)
        return selectors.latest_target_year(user=self.request.user)

    def get_queryset(self):
        self.year = self.get_year()
        return selectors.target_list(user=self.request.user, year=self.year)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            year=self.year,
            years=list(ProgrammeYear.objects.order_by("-year").values_list("year", flat=True)),
            rows=selectors.targets_with_progress(context["object_list"]),
            may_set=policy(self.request.user).may("change"),
            query_without_page=f"{YEAR}={self.year or ''}",
            crumbs=[(_("Target"), "")],
        )
        return context


class TargetCreateView(RoleRequiredMixin, FormView):
    scope_action = "change"
    template_name = "activities/target_form.html"
    form_class = TargetForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        user = self.request.user
        year = ProgrammeYear.objects.order_by("-year").values_list("year", flat=True).first()
        return {"office": user.office_id, "programme_year": year}

    def get_context_data(self, **kwargs):
        title = _("Tetapkan target")
        return super().get_context_data(
            title=title,
            crumbs=[targets_crumb(), (title, "")],
            cancel_url=reverse("activities:target_list"),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            target = svc.target_create(actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            show_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Target disimpan."))
        return redirect(f"{reverse('activities:target_list')}?{YEAR}={target.programme_year_id}")


class TargetUpdateView(ScopedObjectMixin, SingleObjectMixin, FormView):
    scope_action = "change"
    queryset = Target.objects.select_related("office", "programme_year")
    context_object_name = "target"
    template_name = "activities/target_form.html"
    form_class = TargetForm

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "with_office": False}

    def get_initial(self):
        t = self.object
        return {
            "cadres": t.cadres,
            "sessions": t.sessions,
            "people_reached": t.people_reached,
            "note": t.note,
        }

    def get_context_data(self, **kwargs):
        title = _("Ubah target")
        return super().get_context_data(
            title=title,
            crumbs=[targets_crumb(), (str(self.object), ""), (title, "")],
            cancel_url=f"{reverse('activities:target_list')}?{YEAR}={self.object.programme_year_id}",
            **kwargs,
        )

    def form_valid(self, form):
        try:
            target = svc.target_update(actor=self.request.user, target=self.object, **form.cleaned_data)
        except ValidationError as error:
            show_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Target diperbarui."))
        return redirect(f"{reverse('activities:target_list')}?{YEAR}={target.programme_year_id}")
