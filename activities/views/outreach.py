"""Views of socialisation activities: the list (filters and the people reached), an activity (with its
evidence and history), its forms, and the evidence download, which restricts before it opens a file."""

from __future__ import annotations

import os

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView, View
from django.views.generic.detail import SingleObjectMixin

from activities.choices import ActivityStatus
from activities.filters import ActivityFilter
from activities.forms.outreach import ActivityForm, PhotoForm, ReturnForm
from activities.models import ActivityPhoto, SocialisationActivity
from activities.selectors import outreach as selectors
from activities.selectors.trainings import record_history
from activities.services import outreach as services
from kernel.forms import show_service_errors
from kernel.scoping.mixins import ScopedObjectMixin
from kernel.scoping.policy import policy
from kernel.views import ObjectFormMixin
from locus.choices import RECRUITING_LOCUS_STATUSES
from locus.filters import default_year_data
from locus.models import Locus
from locus.rules import ReachFigures


def activities_crumb() -> tuple[str, str]:
    return (_("Kegiatan sosialisasi"), reverse("activities:activity_list"))


def activity_crumbs(activity: SocialisationActivity, *current: tuple[str, str]) -> list[tuple[str, str]]:
    return [activities_crumb(), (activity.title, activity.get_absolute_url()), *current]


class ActivityListView(ScopedObjectMixin, ListView):
    template_name = "activities/activity_list.html"
    context_object_name = "activities"
    paginate_by = 25

    @cached_property
    def filterset(self) -> ActivityFilter:
        user = self.request.user
        return ActivityFilter(
            default_year_data(self.request.GET, user=user),
            queryset=selectors.activity_list(user=user),
            user=user,
        )

    def filtered(self):
        filterset = self.filterset
        return filterset.qs if filterset.is_valid() else filterset.queryset.none()

    def get_queryset(self):
        return selectors.for_listing(self.filtered())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        query = self.filterset.data.copy()
        query.pop("page", None)
        year = self.filterset.chosen_year
        loci = Locus.objects.restrict(user, "add").filter(status__in=RECRUITING_LOCUS_STATUSES)
        if year:
            loci = loci.filter(programme_year=year)
        chosen = self.filterset.data.get("status", "")
        tabs = []
        for value, label in [("", _("Semua")), *ActivityStatus.choices]:
            tab = query.copy()
            tab["status"] = value
            tabs.append((value, label, f"?{tab.urlencode()}", value == chosen))
        context.update(
            filter=self.filterset,
            year=year,
            status_tabs=tabs,
            reach=selectors.reach_of(self.filtered()),
            loci_to_add=loci.select_related("village").order_by("village__name")[:50],
            query_without_page=query.urlencode(),
            crumbs=[(_("Kegiatan sosialisasi"), "")],
        )
        return context


class ActivityQuerysetMixin(ScopedObjectMixin):
    queryset = SocialisationActivity.objects.select_related(
        "locus__village__district__regency__province",
        "locus__programme_year",
        "village__district",
        "created_by",
        "reported_by",
        "reviewed_by",
    )


class ActivityDetailView(ActivityQuerysetMixin, DetailView):
    template_name = "activities/activity_detail.html"
    context_object_name = "activity"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activity, user = self.object, self.request.user
        time_zone = activity.locus.village.district.regency.province.time_zone
        context.update(
            cadres=activity.cadres.only("pk", "full_name").order_by("full_name"),
            segments=activity.target_segments.all(),
            photos=selectors.activity_photos(user=user, activity=activity),
            reach=ReachFigures(
                activities=1,
                men=activity.reached_men,
                women=activity.reached_women,
                disabled=activity.reached_disabled,
                first_time=activity.reached_first_time,
            ),
            segment_reach=selectors.activity_segment_reach(activity),
            history=record_history(activity, time_zone=time_zone),
            time_zone=time_zone,
            may_change=policy(user).allows("change", activity),
            may_delete=policy(user).allows("delete", activity),
            may_review=activity.status == ActivityStatus.REPORTED and policy(user).allows("change", activity),
            return_form=ReturnForm(),
            crumbs=[activities_crumb(), (activity.title, "")],
        )
        return context


class ActivityCreateView(ScopedObjectMixin, SingleObjectMixin, FormView):
    """Record an activity of a locus (``sosialisasi/lokus/<locus pk>/baru/``)."""

    scope_action = "add"
    queryset = Locus.objects.with_places()
    form_class = ActivityForm
    template_name = "activities/activity_form.html"
    context_object_name = "locus"

    def setup_object(self):
        self.object = self.locus = self.get_object()
        if self.locus.status not in RECRUITING_LOCUS_STATUSES:
            messages.warning(
                self.request,
                _("Kegiatan hanya dicatat untuk lokus yang sudah ditetapkan dan masih berjalan."),
            )
            return redirect("activities:activity_list")
        return None

    def get(self, request, *args, **kwargs):
        return self.setup_object() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.setup_object() or super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, locus=self.locus)
        return kwargs

    def get_initial(self):
        return {"village": self.locus.village_id}

    def get_context_data(self, **kwargs):
        title = _("Catat kegiatan sosialisasi")
        return super().get_context_data(
            title=title,
            cancel_url=reverse("activities:activity_list"),
            crumbs=[activities_crumb(), (title, "")],
            **kwargs,
        )

    def form_valid(self, form):
        try:
            activity = services.activity_create(
                actor=self.request.user, locus=self.locus, data=form.activity_data()
            )
        except ValidationError as error:
            show_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Kegiatan sosialisasi tersimpan."))
        return redirect(activity)


class ActivityObjectFormView(ActivityQuerysetMixin, ObjectFormMixin, FormView):
    context_object_name = "activity"


class ActivityUpdateView(ActivityObjectFormView):
    scope_action = "change"
    form_class = ActivityForm
    template_name = "activities/activity_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, locus=self.object.locus)
        return kwargs

    def get_initial(self):
        return ActivityForm.initial_for(self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Ubah kegiatan sosialisasi"),
            locus=self.object.locus,
            cancel_url=self.object.get_absolute_url(),
            crumbs=activity_crumbs(self.object, (_("Ubah"), "")),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            activity = services.activity_update(
                actor=self.request.user, activity=self.object, data=form.activity_data()
            )
        except ValidationError as error:
            show_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Kegiatan sosialisasi diperbarui."))
        return redirect(activity)


class ActivityDeleteView(ActivityObjectFormView):
    scope_action = "delete"
    form_class = forms.Form
    template_name = "activities/activity_confirm_delete.html"
    success_url = reverse_lazy("activities:activity_list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Hapus kegiatan sosialisasi"),
            object_label=self.object.title,
            warning=_("Foto dan laporan kegiatan ini ikut terhapus."),
            cancel_url=self.object.get_absolute_url(),
            crumbs=activity_crumbs(self.object, (_("Hapus"), "")),
            **kwargs,
        )

    def form_valid(self, form):
        services.activity_delete(actor=self.request.user, activity=self.object)
        messages.success(self.request, _("Kegiatan sosialisasi dihapus."))
        return redirect(self.success_url)


class ActivityReviewView(ActivityObjectFormView):
    """The office's review of a cadre's report: the activity page's buttons post here; a GET (or a refused
    POST) shows the same choice on a page of its own."""

    scope_action = "change"
    required_status = ActivityStatus.REPORTED
    wrong_status_message = gettext_lazy("Kegiatan ini tidak sedang menunggu tinjauan.")
    template_name = "activities/activity_review.html"
    title = ""
    button = ""
    danger = False
    success = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.title,
            button=self.button,
            danger=self.danger,
            cancel_url=self.object.get_absolute_url(),
            crumbs=activity_crumbs(self.object, (str(self.title), "")),
            **kwargs,
        )

    def perform(self, form) -> SocialisationActivity:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            activity = self.perform(form)
        except ValidationError as error:
            show_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, str(self.success))
        return redirect(activity)


class ActivityAcceptView(ActivityReviewView):
    form_class = forms.Form
    title = gettext_lazy("Terima laporan kader")
    button = gettext_lazy("Terima")
    success = gettext_lazy("Laporan kader diterima; kegiatannya kini dihitung dalam capaian.")

    def perform(self, form):
        return services.activity_accept(actor=self.request.user, activity=self.object)


class ActivityReturnView(ActivityReviewView):
    form_class = ReturnForm
    title = gettext_lazy("Kembalikan laporan kader")
    button = gettext_lazy("Kembalikan")
    danger = True
    success = gettext_lazy("Laporan dikembalikan kepada kader dengan catatan.")

    def perform(self, form):
        return services.activity_return(
            actor=self.request.user, activity=self.object, note=form.cleaned_data["note"]
        )


class ActivityPhotoAddView(ActivityObjectFormView):
    scope_action = "change"
    form_class = PhotoForm
    template_name = "activities/activity_photo_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            crumbs=activity_crumbs(self.object, (_("Unggah bukti"), "")), **kwargs
        )

    def form_valid(self, form):
        try:
            photo = services.activity_photo_add(
                actor=self.request.user,
                activity=self.object,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            show_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Bukti “%(title)s” diunggah.") % {"title": photo.title})
        return redirect(self.object)


class ActivityPhotoView(LoginRequiredMixin, View):
    """An evidence file, only for users who may see the activity (404 for anyone else); never a public link.
    Photos are shown inline (the detail page's thumbnails), PDF reports downloaded."""

    def get(self, request, pk):
        photo = get_object_or_404(ActivityPhoto.objects.restrict(request.user, "view"), pk=pk)
        try:
            handle = photo.file.open("rb")
        except (FileNotFoundError, ValueError) as exc:
            raise Http404(_("Berkas bukti ini tidak ditemukan di penyimpanan.")) from exc
        extension = os.path.splitext(photo.file.name)[1].lower()
        filename = f"{slugify(photo.title) or 'bukti'}{extension}"
        inline = photo.content_type in ("image/jpeg", "image/png")
        response = FileResponse(
            handle, as_attachment=not inline, filename=filename, content_type=photo.content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
