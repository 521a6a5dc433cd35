"""The programme years: ``ProgrammeYearListView``/``DetailView`` (every signed-in user), ``UpdateView`` and
``MilestoneScheduleView`` (KPU RI administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView

from locus.forms.evidence import ProgrammeYearForm
from locus.forms.milestones import MilestoneScheduleForm, date_name
from locus.models import ProgrammeYear
from locus.selectors.programme import programme_year_history
from locus.services.milestones import milestone_schedule, milestone_schedule_set, milestone_slots
from locus.services.programme import may_update_programme_year, programme_year_update
from locus.views.loci import loci_crumb

# --- programme years ----------------------------------------------------------------------------------------


def _years_crumb() -> tuple[str, str]:
    return (_("Tahun program"), reverse("locus:programmeyear_list"))


class ProgrammeYearListView(LoginRequiredMixin, ListView):
    template_name = "locus/programmeyear_list.html"
    context_object_name = "years"

    def get_queryset(self):
        return ProgrammeYear.objects.prefetch_related("segments", "required_segments").order_by("-year")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            may_update=may_update_programme_year(self.request.user),
            crumbs=[loci_crumb(), (_("Tahun program"), "")],
            **kwargs,
        )


class ProgrammeYearDetailView(LoginRequiredMixin, DetailView):
    template_name = "locus/programmeyear_detail.html"
    context_object_name = "programme_year"
    pk_url_kwarg = "year"

    def get_queryset(self):
        return ProgrammeYear.objects.prefetch_related("segments", "required_segments")

    def get_context_data(self, **kwargs):
        year = self.object
        required = {segment.code for segment in year.required_segments.all()}
        return super().get_context_data(
            segments=[(segment, segment.code in required) for segment in year.segments.all()],
            milestones=milestone_schedule(year),
            history=programme_year_history(year),
            may_update=may_update_programme_year(self.request.user),
            crumbs=[loci_crumb(), _years_crumb(), (str(year), "")],
            **kwargs,
        )


class ProgrammeYearUpdateView(LoginRequiredMixin, FormView):
    """KPU RI administrators set up a programme year; every other role gets 403."""

    template_name = "locus/programmeyear_form.html"
    form_class = ProgrammeYearForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_update_programme_year(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object(self) -> ProgrammeYear:
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(ProgrammeYear, pk=self.kwargs["year"])
        return self._object

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_object()}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            year = programme_year_update(
                actor=self.request.user,
                programme_year=self.get_object(),
                aim=data["aim"],
                description=data["description"],
                roster_size=data["roster_size"],
                min_women_percent=data["min_women_percent"],
                planned_sessions=data["planned_sessions"],
                segments=data["segments"],
                required_segments=data["required_segments"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, _("Perubahan %(year)s disimpan.") % {"year": year})
        return redirect(year.get_absolute_url())

    def get_context_data(self, **kwargs):
        year = self.get_object()
        return super().get_context_data(
            programme_year=year,
            crumbs=[loci_crumb(), _years_crumb(), (str(year), year.get_absolute_url()), (_("Ubah"), "")],
            **kwargs,
        )


class MilestoneScheduleView(ProgrammeYearUpdateView):
    """KPU RI administrators set when each milestone of the year falls due for every locus; every other role
    gets 403."""

    template_name = "locus/milestone_schedule_form.html"
    form_class = MilestoneScheduleForm

    def get_form_kwargs(self):
        year = self.get_object()
        kwargs = FormView.get_form_kwargs(self)
        kwargs["slots"] = milestone_slots(year)
        kwargs["initial_schedule"] = {
            slot.key: milestone for slot, milestone in milestone_schedule(year) if milestone
        }
        return kwargs

    def form_valid(self, form):
        year = self.get_object()
        try:
            milestone_schedule_set(actor=self.request.user, programme_year=year, schedule=form.schedule())
        except ValidationError as error:
            for key, errors in error.message_dict.items():
                slot = next((s for s in form.slots if s.key == key), None)
                form.add_error(date_name(slot) if slot else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, _("Jadwal tonggak %(year)s disimpan.") % {"year": year})
        return redirect(f"{year.get_absolute_url()}#tonggak")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["crumbs"][-1] = (_("Jadwal tonggak"), "")
        return context
