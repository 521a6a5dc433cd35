"""Pages of coordination meetings (rakor): the list with filters, the month calendar, a meeting's page (with
its history), the form with its rows, deletion, the minutes as PDF, attachments and follow-ups.

Every read goes through ``CoordinationMeeting.objects.restrict(user, action)`` (``ScopedObjectMixin`` or
``activities.selectors.meetings``): the offices that took part in a meeting see it; changing it stays with
the organiser's jurisdiction. Out of reach is a 404, an action the role may not do a 403. Every write goes
through ``activities.services.meetings``; its ValidationErrors land on the form field they name."""

from __future__ import annotations

import os

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView, View

from activities.filters import MeetingFilter
from activities.forms.meetings import (
    AttachmentForm,
    ConfirmForm,
    FollowUpStatusForm,
    MeetingForm,
    build_formsets,
    formset_rows,
    row_initial,
)
from activities.models import CoordinationMeeting, MeetingAttachment
from activities.selectors import meetings as selectors
from activities.services import meetings as services
from kernel.forms import show_service_errors
from kernel.scoping.mixins import RoleRequiredMixin, ScopedObjectMixin
from kernel.scoping.policy import policy
from kernel.views import ObjectFormMixin, UserFormMixin

# Service field → form field, where their names differ.
FIELD_MAP = {"starts_at": "start_time", "ends_at": "end_time"}


def meetings_crumb() -> tuple[str, str]:
    return (_("Rapat koordinasi"), reverse("activities:meeting_list"))


def meeting_crumbs(meeting: CoordinationMeeting, *current: tuple[str, str]) -> list[tuple[str, str]]:
    return [meetings_crumb(), (meeting.title, meeting.get_absolute_url()), *current]


class MeetingQuerysetMixin(ScopedObjectMixin):
    queryset = selectors.meeting_queryset()
    context_object_name = "meeting"


# --- list and calendar ----------


class MeetingListView(ScopedObjectMixin, ListView):
    """Meetings organised in the jurisdiction or attended by its offices, with filters, newest first."""

    model = CoordinationMeeting
    template_name = "activities/meeting_list.html"
    paginate_by = 25

    @cached_property
    def filterset(self) -> MeetingFilter:
        user = self.request.user
        return MeetingFilter(self.request.GET or None, queryset=selectors.meeting_list(user=user), user=user)

    def get_queryset(self):
        filterset = self.filterset
        if not filterset.is_bound:
            return filterset.queryset
        return filterset.qs if filterset.is_valid() else filterset.queryset.none()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter=self.filterset,
            meetings=selectors.with_when(context["object_list"]),
            query_without_page=query.urlencode(),
            may_add=policy(self.request.user).may("add"),
            crumbs=[(_("Rapat koordinasi"), "")],
        )
        return context


class MeetingCalendarView(LoginRequiredMixin, TemplateView):
    """A month of meetings, each on its organiser's local day(s); previous/next months by HTMX."""

    template_name = "activities/meeting_calendar.html"

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            return ["activities/_meeting_calendar.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        """The month asked for (``bulan=yyyy-mm``, or ``bulan=mm&tahun=yyyy`` from the picker); without one,
        the month of the latest meeting in the user's jurisdiction, or the current month if there is none."""
        today, user = timezone.localdate(), self.request.user
        asked = selectors.month_asked(
            self.request.GET.get("bulan", ""), year=self.request.GET.get("tahun", "")
        )
        year, month = asked or selectors.latest_meeting_month(user=user) or (today.year, today.month)
        previous, following = selectors.neighbour_months(year, month)
        months, years = selectors.calendar_picker(year, today=today)
        return super().get_context_data(
            weeks=selectors.meeting_calendar(user=user, year=year, month=month, today=today),
            month_title=selectors.calendar_title(year, month),
            shown_year=year,
            shown_month=month,
            picker_months=months,
            picker_years=years,
            previous_month=previous,
            next_month=following,
            this_month=f"{today.year:04d}-{today.month:02d}",
            weekdays=selectors.weekday_names(),
            crumbs=[meetings_crumb(), (_("Kalender"), "")],
            **kwargs,
        )


class FollowUpListView(LoginRequiredMixin, ListView):
    """Open (and, on request, done) follow-ups assigned to the offices of the user's jurisdiction."""

    template_name = "activities/meeting_follow_up_list.html"
    context_object_name = "follow_ups"
    paginate_by = 50

    @cached_property
    def include_done(self) -> bool:
        return self.request.GET.get("semua") == "1"

    @cached_property
    def overdue_only(self) -> bool:
        """``terlambat=1``: only the overdue ones the user's own office is responsible for (the action
        list's link)."""
        return self.request.GET.get("terlambat") == "1"

    def get_queryset(self):
        if self.overdue_only:
            return selectors.own_overdue_follow_ups(user=self.request.user, now=timezone.now())
        return selectors.follow_up_list(user=self.request.user, include_done=self.include_done)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        follow_ups = selectors.with_overdue(context["object_list"])
        settable = services.follow_ups_settable(self.request.user, follow_ups)
        for follow_up in follow_ups:
            follow_up.may_set_status = follow_up.pk in settable
        context.update(
            follow_ups=follow_ups,
            include_done=self.include_done,
            overdue_only=self.overdue_only,
            query_without_page="terlambat=1"
            if self.overdue_only
            else ("semua=1" if self.include_done else ""),
            crumbs=[meetings_crumb(), (_("Tindak lanjut"), "")],
        )
        return context


# --- one meeting ----------


class MeetingDetailView(MeetingQuerysetMixin, DetailView):
    template_name = "activities/meeting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting, user = self.object, self.request.user
        may_change = policy(user).allows("change", meeting)
        rows = selectors.meeting_rows(meeting)
        settable = services.follow_ups_settable(user, rows["follow_ups"])
        for follow_up in rows["follow_ups"]:
            follow_up.may_set_status = follow_up.pk in settable
        context.update(
            when=selectors.meeting_when(meeting),
            minutes_html=selectors.minutes_html(meeting.minutes),
            history=selectors.meeting_history(meeting),
            time_zone=meeting.time_zone,
            may_change=may_change,
            may_delete=policy(user).allows("delete", meeting),
            crumbs=[meetings_crumb(), (meeting.title, "")],
            **rows,
        )
        return context


class MeetingMinutesPdfView(MeetingQuerysetMixin, DetailView):
    """The minutes (notulen) as a PDF in the usual KPU layout, for whoever may see the meeting
    (``selectors.minutes_pdf``, which the minutes report shares)."""

    def render_to_response(self, context, **response_kwargs):
        meeting = self.object
        pdf = selectors.minutes_pdf(meeting)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{selectors.minutes_filename(meeting)}"'
        return response


class MeetingFormMixin(UserFormMixin):
    template_name = "activities/meeting_form.html"

    @cached_property
    def formsets(self) -> dict:
        data = self.request.POST if self.request.method == "POST" else None
        return build_formsets(user=self.request.user, data=data, initial=self.row_initial())

    def row_initial(self) -> dict:
        return {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(formsets=self.formsets, **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        form_valid = form.is_valid()
        # every formset validated (no short cut), so that each shows its errors
        formsets_valid = [formset.is_valid() for formset in self.formsets.values()]
        if not all(formsets_valid):
            form.add_error(
                None, _("Ada baris peserta, acara, narasumber atau tindak lanjut yang belum benar.")
            )
            return self.form_invalid(form)
        return self.form_valid(form) if form_valid else self.form_invalid(form)

    def form_valid(self, form):
        try:
            meeting = self.save(form.meeting_data(formset_rows(self.formsets)))
        except ValidationError as error:
            show_service_errors(form, error, field_map=FIELD_MAP)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(meeting)


class MeetingCreateView(MeetingFormMixin, RoleRequiredMixin, FormView):
    scope_action = "add"
    form_class = MeetingForm

    @property
    def success_message(self) -> str:
        return _("Rapat koordinasi dicatat.")

    def get_initial(self):
        return {"organiser": self.request.user.office_id}

    def get_context_data(self, **kwargs):
        title = _("Catat rapat koordinasi")
        return super().get_context_data(
            title=title,
            crumbs=[meetings_crumb(), (title, "")],
            cancel_url=reverse("activities:meeting_list"),
            **kwargs,
        )

    def save(self, data):
        return services.meeting_create(actor=self.request.user, data=data)


class MeetingObjectFormView(MeetingQuerysetMixin, ObjectFormMixin, FormView):
    """A form about one meeting, loaded through ``restrict(user, scope_action)`` first."""


class MeetingUpdateView(MeetingFormMixin, MeetingObjectFormView):
    scope_action = "change"
    form_class = MeetingForm

    @property
    def success_message(self) -> str:
        return _("Rapat koordinasi diperbarui.")

    def post(self, request, *args, **kwargs):
        # MeetingFormMixin.post (the form with its rows) comes before ObjectFormMixin.post in the MRO, so
        # the meeting is loaded here: through restrict(user, "change"), out of reach is a 404.
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        return MeetingForm.initial_for(self.object)

    def row_initial(self) -> dict:
        return row_initial(self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Ubah rapat koordinasi"),
            crumbs=meeting_crumbs(self.object, (_("Ubah"), "")),
            cancel_url=self.object.get_absolute_url(),
            **kwargs,
        )

    def save(self, data):
        return services.meeting_update(actor=self.request.user, meeting=self.object, data=data)


class MeetingDeleteView(MeetingObjectFormView):
    scope_action = "delete"
    form_class = ConfirmForm
    template_name = "activities/meeting_confirm_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            when=selectors.meeting_when(self.object),
            crumbs=meeting_crumbs(self.object, (_("Hapus"), "")),
            **kwargs,
        )

    def form_valid(self, form):
        services.meeting_delete(actor=self.request.user, meeting=self.object)
        messages.success(self.request, _("Rapat koordinasi dihapus."))
        return redirect("activities:meeting_list")


# --- attachments ----------


class MeetingAttachmentCreateView(MeetingObjectFormView):
    scope_action = "change"
    form_class = AttachmentForm
    template_name = "activities/meeting_attachment_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            when=selectors.meeting_when(self.object),
            crumbs=meeting_crumbs(self.object, (_("Tambah lampiran"), "")),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.meeting_attachment_add(
                actor=self.request.user,
                meeting=self.object,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            show_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Lampiran diunggah."))
        return redirect(self.object)


class MeetingAttachmentView(LoginRequiredMixin, View):
    """An attachment, only for users who may see its meeting (404 for anyone else); never a public link.
    Photos and PDFs open in the browser (``?unduh=1`` downloads)."""

    def get(self, request, pk):
        attachment = get_object_or_404(selectors.visible_attachments(user=request.user), pk=pk)
        try:
            handle = attachment.file.open("rb")
        except (FileNotFoundError, ValueError) as exc:
            raise Http404(_("Berkas lampiran ini tidak ditemukan di penyimpanan.")) from exc
        extension = os.path.splitext(attachment.file.name)[1].lower()
        filename = f"{slugify(attachment.title) or 'lampiran'}{extension}"
        response = FileResponse(
            handle,
            as_attachment=request.GET.get("unduh") == "1",
            filename=filename,
            content_type=attachment.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
        return response


class MeetingAttachmentDeleteView(RoleRequiredMixin, ObjectFormMixin, FormView):
    scope_action = "change"
    form_class = ConfirmForm
    template_name = "activities/meeting_attachment_confirm_delete.html"
    context_object_name = "attachment"

    def get_queryset(self):
        meetings = CoordinationMeeting.objects.restrict(self.request.user, "change")
        return MeetingAttachment.objects.filter(meeting__in=meetings).select_related("meeting")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            crumbs=meeting_crumbs(self.object.meeting, (_("Hapus lampiran"), "")), **kwargs
        )

    def form_valid(self, form):
        meeting = self.object.meeting
        services.meeting_attachment_delete(actor=self.request.user, attachment=self.object)
        messages.success(self.request, _("Lampiran dihapus."))
        return redirect(meeting)


# --- follow-ups ----------


class FollowUpStatusView(RoleRequiredMixin, FormView):
    """The status of one follow-up: for the organiser's jurisdiction and for the office responsible."""

    scope_action = "change"
    form_class = FollowUpStatusForm
    template_name = "activities/meeting_follow_up_status.html"

    @cached_property
    def follow_up(self):
        follow_up = selectors.visible_follow_up(user=self.request.user, pk=self.kwargs["pk"])
        if follow_up is None:
            raise Http404
        if not services.may_set_follow_up_status(self.request.user, follow_up):
            raise PermissionDenied
        return follow_up

    def get(self, request, *args, **kwargs):
        self.follow_up  # noqa: B018 — 404/403 before the form
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        return {"status": self.follow_up.status, "note": self.follow_up.note}

    def get_context_data(self, **kwargs):
        follow_up = self.follow_up
        follow_up.overdue = selectors.is_overdue(follow_up)
        return super().get_context_data(
            follow_up=follow_up,
            meeting=follow_up.meeting,
            crumbs=meeting_crumbs(follow_up.meeting, (_("Status tindak lanjut"), "")),
            **kwargs,
        )

    def form_valid(self, form):
        follow_up = self.follow_up
        try:
            services.follow_up_set_status(
                actor=self.request.user,
                follow_up=follow_up,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            show_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Status tindak lanjut diperbarui."))
        next_url = self.request.POST.get("next", "")
        if next_url == "list":
            return redirect("activities:follow_up_list")
        return redirect(follow_up.meeting)
