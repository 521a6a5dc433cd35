"""Sign-in pages, and the management of offices and user accounts within an administrator's jurisdiction.

Every page about accounts or offices reads through ``restrict(user, "manage")``: a role other than
administrator gets 403, an account or office outside the jurisdiction 404. Writes go through services.py,
which checks the rules again after saving; an account beyond the administrator's own rights
(``services.management_refusal``) shows why, without its buttons, and its edit page is a 403 that says why.
Every write passes the request's address (``kernel.network.client_ip``) for the audit trail.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, FormView, ListView, View
from django.views.generic.detail import SingleObjectMixin

from kernel.forms import show_service_errors
from kernel.network import client_ip
from kernel.scoping.mixins import RoleRequiredMixin, ScopedObjectMixin
from kernel.views import UserFormMixin

from . import api_clients, selectors, services, two_factor
from .audit import change_rows
from .filters import AuditFilter, OfficeFilter, UserFilter
from .forms import (
    APIClientForm,
    LoginForm,
    ReminderSettingsForm,
    TwoFactorCodeForm,
    UserCreateForm,
    UserSetActiveForm,
    UserUpdateForm,
)
from .models import AccountAuditEntry, APIClient, Notification, Office, User

# --- authentication ---------------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (from the navigation bar); back to the sign-in page with a message."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("Anda telah keluar. Sampai jumpa."))
        return response


@method_decorator(never_cache, name="dispatch")
class TwoFactorStepMixin(LoginRequiredMixin):
    """The second step of signing in, for a user who needs it (others are sent home). Never cached: the pages
    show a secret and the backup codes."""

    form_class = TwoFactorCodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and (
            not two_factor.requires_two_factor(request.user) or request.user.is_verified()
        ):
            return redirect(self.next_url())
        return super().dispatch(request, *args, **kwargs)

    def next_url(self) -> str:
        candidate = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return candidate
        return reverse("home")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # No menu of pages the user cannot open yet (the card has its own logout button).
        context.update(next=self.next_url(), second_step=True)
        return context


class TwoFactorVerifyView(TwoFactorStepMixin, FormView):
    """The code prompt: the authenticator's 6 digits or one backup code."""

    template_name = "registration/two_factor_verify.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if (
            user.is_authenticated
            and not two_factor.has_confirmed_device(user)
            and two_factor.requires_two_factor(user)
            and not user.is_verified()
        ):
            return redirect(reverse("accounts:two_factor_setup"))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            two_factor.otp_verify(request=self.request, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
            return self.form_invalid(form)
        left = two_factor.backup_codes_left(self.request.user)
        if left is not None and left <= 3:
            messages.warning(
                self.request,
                _(
                    "Kode cadangan Anda tinggal %(count)s. Minta administrator mengatur ulang "
                    "autentikator bila ponsel Anda hilang."
                )
                % {"count": left},
            )
        return redirect(self.next_url())


class TwoFactorSetupView(TwoFactorStepMixin, FormView):
    """Setting up an authenticator app: a QR code and the secret, confirmed by the first code; then the
    backup codes, shown once in the answer to that confirmation."""

    template_name = "registration/two_factor_setup.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if (
            user.is_authenticated
            and two_factor.has_confirmed_device(user)
            and two_factor.requires_two_factor(user)
            and not user.is_verified()
        ):
            return redirect(reverse("accounts:two_factor_verify"))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        device = two_factor.totp_setup_device(user=self.request.user)
        context.update(qr_svg=two_factor.qr_svg(device), secret=two_factor.secret_text(device))
        return context

    def form_valid(self, form):
        try:
            codes = two_factor.totp_confirm(request=self.request, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
            return self.form_invalid(form)
        return self.response_class(
            request=self.request,
            template="registration/two_factor_backup_codes.html",
            context={"codes": codes, "next": self.next_url()},
            using=self.template_engine,
        )


# --- helpers -----------------------------------------------------------------------------------------------


def _users_crumb() -> tuple[str, str]:
    return (_("Pengguna"), reverse("accounts:user_list"))


def _offices_crumb() -> tuple[str, str]:
    return (_("Kantor"), reverse("accounts:office_list"))


def _mail_context(request) -> dict:
    return {"domain": request.get_host(), "use_https": request.is_secure(), "ip_address": client_ip(request)}


def refused_response(request, account, refusal: str):
    """403, with the reason an account is beyond the administrator's rights and who can manage it."""
    return render(
        request,
        "accounts/user_refused.html",
        {"account": account, "refusal": refusal, "crumbs": [_users_crumb(), (str(account), "")]},
        status=403,
    )


class ManageUsersMixin(ScopedObjectMixin):
    """Administrators only (403 for other roles); objects through ``restrict(user, "manage")``."""

    scope_action = "manage"


class FilteredListMixin:
    """A list with its filters: ``filterset_class`` over ``list_selector(user=…)``, which restricts it (so it
    stands before the scoping mixin). A filter that cannot be read (an office out of scope, an unknown role)
    shows nothing, and its error."""

    filterset_class = None
    list_selector = None

    @cached_property
    def filterset(self):
        return self.filterset_class(
            self.request.GET or None,
            queryset=self.list_selector(user=self.request.user),
            request=self.request,
        )

    def get_queryset(self):
        filterset = self.filterset
        return filterset.qs if not filterset.is_bound or filterset.is_valid() else filterset.queryset.none()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter=self.filterset,
            filtered=any(value for key, value in self.request.GET.items() if key != "page"),
            query_without_page=query.urlencode(),
        )
        return context


# --- users -------------------------------------------------------------------------------------------------


class UserListView(FilteredListMixin, ManageUsersMixin, ListView):
    model = User
    template_name = "accounts/user_list.html"
    paginate_by = 25
    filterset_class = UserFilter
    list_selector = staticmethod(selectors.user_list)

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=[(_("Pengguna"), "")], **kwargs)


class UserDetailView(ManageUsersMixin, DetailView):
    model = User
    template_name = "accounts/user_detail.html"
    context_object_name = "account"

    def get_queryset(self):
        return selectors.user_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        from lokal.phone import parse_phone  # importing lokal loads its PII masker too: when needed

        context = super().get_context_data(**kwargs)
        account, viewer = self.object, self.request.user
        refusal = services.management_refusal(viewer, account)
        context.update(
            crumbs=[_users_crumb(), (str(account), "")],
            may_edit=refusal is None,
            refusal=refusal,
            phone_display=parse_phone(account.phone).national if account.phone else "",
            two_factor=two_factor.device_summary(account),
            time_zone=viewer.time_zone,
        )
        return context


class UserCreateView(UserFormMixin, ManageUsersMixin, FormView):
    form_class = UserCreateForm
    template_name = "accounts/user_form.html"

    def get_initial(self):
        # From an office page: "add an account to this office" (?office=<id>), when it is in scope.
        initial = super().get_initial()
        office_id = self.request.GET.get("office", "")
        office = None
        if office_id.isdigit():
            office = Office.objects.restrict(self.request.user, "manage").filter(pk=office_id).first()
        if office is None and self.request.user.office_id:
            office = self.request.user.office
        initial.update(UserCreateForm.initial_for_office(office))
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["crumbs"] = [_users_crumb(), (_("Tambah pengguna"), "")]
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            with transaction.atomic():
                office = services.office_get_or_create(
                    actor=self.request.user, level=data["level"], region=form.region
                )
                account = services.user_create(
                    actor=self.request.user,
                    ip_address=client_ip(self.request),
                    username=form.cleaned_data["username"],
                    email=data["email"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    position=data["position"],
                    phone=data["phone"],
                    role=data["role"],
                    office=office,
                )
        except ValidationError as error:
            show_service_errors(form, error, field_map={"office": form.region_field()})
            return self.form_invalid(form)
        try:
            services.user_send_password_reset(
                actor=self.request.user, user=account, new_account=True, **_mail_context(self.request)
            )
        except services.EmailNotSent:
            messages.warning(
                self.request,
                _(
                    "Akun %(username)s dibuat, tetapi surel ke %(email)s gagal dikirim. Coba lagi dengan "
                    "tombol “Kirim tautan kata sandi”."
                )
                % {"username": account.username, "email": account.email},
            )
        else:
            messages.success(
                self.request,
                _("Akun %(username)s dibuat. Tautan untuk membuat kata sandi telah dikirim ke %(email)s.")
                % {"username": account.username, "email": account.email},
            )
        return redirect(account)


class UserUpdateView(ManageUsersMixin, SingleObjectMixin, FormView):
    model = User
    form_class = UserUpdateForm
    template_name = "accounts/user_form.html"
    context_object_name = "account"

    def get_queryset(self):
        return selectors.user_list(user=self.request.user)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        refusal = services.management_refusal(request.user, self.object)
        if refusal is not None:
            return refused_response(request, self.object, refusal)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        refusal = services.management_refusal(request.user, self.object)
        if refusal is not None:
            return refused_response(request, self.object, refusal)
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, instance=self.object)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["crumbs"] = [
            _users_crumb(),
            (str(self.object), self.object.get_absolute_url()),
            (_("Ubah"), ""),
        ]
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            with transaction.atomic():
                office = services.office_get_or_create(
                    actor=self.request.user, level=data["level"], region=form.region
                )
                services.user_update(
                    actor=self.request.user,
                    ip_address=client_ip(self.request),
                    user=self.object,
                    email=data["email"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    position=data["position"],
                    phone=data["phone"],
                    role=data["role"],
                    office=office,
                    is_active=data["is_active"],
                )
        except ValidationError as error:
            show_service_errors(form, error, field_map={"office": form.region_field()})
            return self.form_invalid(form)
        messages.success(self.request, _("Perubahan akun %(username)s disimpan.") % {"username": self.object})
        return redirect(self.object)


class UserActionView(ManageUsersMixin, SingleObjectMixin, View):
    """A POST-only action on one account in scope; back to its page with a message."""

    model = User
    http_method_names = ["post"]

    def get_queryset(self):
        return selectors.user_list(user=self.request.user)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            self.act(request)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return HttpResponseRedirect(self.object.get_absolute_url())

    def act(self, request):
        raise NotImplementedError


class UserSetActiveView(UserActionView):
    def act(self, request):
        form = UserSetActiveForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Permintaan tidak lengkap: pilih aktifkan atau nonaktifkan."))
        active = form.cleaned_data["active"]
        account = services.user_set_active(
            actor=request.user, user=self.object, active=active, ip_address=client_ip(request)
        )
        if active:
            messages.success(request, _("Akun %(username)s aktif kembali.") % {"username": account.username})
        else:
            messages.success(
                request,
                _("Akun %(username)s dinonaktifkan: tidak dapat masuk lagi, datanya tetap tersimpan.")
                % {"username": account.username},
            )


class UserTwoFactorResetView(UserActionView):
    def act(self, request):
        removed = two_factor.two_factor_reset(
            actor=request.user, user=self.object, ip_address=client_ip(request)
        )
        if removed:
            messages.success(
                request,
                _(
                    "Autentikator dan kode cadangan akun %(username)s dihapus. Saat masuk berikutnya, "
                    "pengguna memasang autentikator baru."
                )
                % {"username": self.object.username},
            )
        else:
            messages.info(
                request, _("Akun %(username)s belum memasang autentikator.") % {"username": self.object}
            )


class UserSendResetView(UserActionView):
    def act(self, request):
        try:
            services.user_send_password_reset(actor=request.user, user=self.object, **_mail_context(request))
        except services.EmailNotSent as error:
            raise ValidationError(
                _("Surel ke %(email)s gagal dikirim. Coba lagi nanti atau hubungi pengelola sistem.")
                % {"email": self.object.email}
            ) from error
        messages.success(
            request,
            _("Tautan untuk mengatur kata sandi telah dikirim ke %(email)s. Tautan berlaku 3 hari.")
            % {"email": self.object.email},
        )


# --- offices -----------------------------------------------------------------------------------------------


class OfficeListView(FilteredListMixin, ManageUsersMixin, ListView):
    model = Office
    template_name = "accounts/office_list.html"
    paginate_by = 50
    filterset_class = OfficeFilter
    list_selector = staticmethod(selectors.office_list)

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=[_users_crumb(), (_("Kantor"), "")], **kwargs)


class OfficeDetailView(ManageUsersMixin, DetailView):
    model = Office
    template_name = "accounts/office_detail.html"
    context_object_name = "office"

    def get_queryset(self):
        return selectors.office_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            accounts=selectors.office_users(user=self.request.user, office=self.object),
            crumbs=[_users_crumb(), _offices_crumb(), (self.object.name, "")],
        )
        return context


# --- audit trail -------------------------------------------------------------------------------------------


class AccountAuditListView(FilteredListMixin, ManageUsersMixin, ListView):
    """What administrators did to the accounts of the jurisdiction: who, to whom, what, when, from where."""

    model = AccountAuditEntry
    template_name = "accounts/audit_list.html"
    paginate_by = 50
    filterset_class = AuditFilter
    list_selector = staticmethod(selectors.audit_entry_list)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for entry in context["object_list"]:
            entry.change_rows = change_rows(entry.changes)
        target = None
        target_id = self.request.GET.get("target", "")
        if target_id.isdigit():
            target = selectors.user_list(user=self.request.user).filter(pk=target_id).first()
        context.update(
            target=target,
            time_zone=self.request.user.time_zone,
            crumbs=[_users_crumb(), (_("Jejak audit"), "")],
        )
        return context


# --- API clients ------------------------------------------------------------------------------------------


def _api_clients_crumb() -> tuple[str, str]:
    return (_("Klien API"), reverse("accounts:api_client_list"))


class APIClientListView(ManageUsersMixin, ListView):
    """The machine clients of the API of the offices in the administrator's jurisdiction."""

    model = APIClient
    template_name = "accounts/api_client_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.api_client_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            crumbs=[_users_crumb(), (_("Klien API"), "")],
            time_zone=self.request.user.time_zone,
            recent_days=selectors.RECENT_CALLS_DAYS,
            **kwargs,
        )


@method_decorator(never_cache, name="dispatch")
class APIClientCreateView(UserFormMixin, RoleRequiredMixin, FormView):
    """A new client: the answer to a valid form is the page that shows its token, once (never stored, never
    cached, never in the session)."""

    scope_action = "manage"
    form_class = APIClientForm
    template_name = "accounts/api_client_form.html"

    def get_initial(self):
        return {**super().get_initial(), "office": self.request.user.office_id}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["crumbs"] = [_users_crumb(), _api_clients_crumb(), (_("Klien baru"), "")]
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            client, token = api_clients.api_client_create(
                actor=self.request.user,
                office=data["office"],
                name=data["name"],
                access=data["access"],
                expires_at=data.get("expires_at"),
                ip_address=client_ip(self.request),
            )
        except ValidationError as error:
            show_service_errors(form, error, field_map={"expires_at": form.expiry_field})
            return self.form_invalid(form)
        response = render(
            self.request,
            "accounts/api_client_token.html",
            {
                "client": client,
                "token": token,
                "time_zone": self.request.user.time_zone,
                "crumbs": [_users_crumb(), _api_clients_crumb(), (client.name, "")],
            },
        )
        response["Cache-Control"] = "no-store"
        return response


class APIClientDetailView(ManageUsersMixin, DetailView):
    """One client, with its newest calls; revoked from here."""

    model = APIClient
    template_name = "accounts/api_client_detail.html"
    context_object_name = "client"

    def get_queryset(self):
        return selectors.api_client_list(user=self.request.user).select_related("revoked_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            calls=selectors.api_client_calls(client=self.object),
            calls_shown=selectors.CALLS_SHOWN,
            time_zone=self.request.user.time_zone,
            crumbs=[_users_crumb(), _api_clients_crumb(), (self.object.name, "")],
        )
        return context


class APIClientRevokeView(ManageUsersMixin, SingleObjectMixin, View):
    """Revoke a client (POST only, confirmed on the page): its token is refused from the next call on."""

    model = APIClient
    http_method_names = ["post"]

    def get_queryset(self):
        return selectors.api_client_list(user=self.request.user)

    def post(self, request, *args, **kwargs):
        client = self.get_object()
        try:
            api_clients.api_client_revoke(actor=request.user, client=client, ip_address=client_ip(request))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Klien API %(name)s dicabut: tokennya tidak dapat dipakai lagi.") % {"name": client.name},
            )
        return HttpResponseRedirect(client.get_absolute_url())


# --- the user's own profile and notifications ---------------------------------------------------------------


class ProfileView(LoginRequiredMixin, FormView):
    """The signed-in user's own account: who they are, and whether they receive the weekly reminder e-mail
    (their choice; any role)."""

    template_name = "accounts/profile.html"
    form_class = ReminderSettingsForm

    def get_initial(self):
        return {"weekly_reminders": self.request.user.weekly_reminders}

    def form_valid(self, form):
        enabled = form.cleaned_data["weekly_reminders"]
        services.user_set_weekly_reminders(user=self.request.user, enabled=enabled)
        if enabled:
            messages.success(self.request, _("Surel pengingat mingguan dinyalakan."))
        else:
            messages.success(self.request, _("Surel pengingat mingguan dimatikan."))
        return redirect("accounts:profile")


class NotificationListView(LoginRequiredMixin, ListView):
    """The user's own notifications, newest first, unread ones marked."""

    template_name = "accounts/notification_list.html"
    context_object_name = "notifications"
    paginate_by = 30

    def get_queryset(self):
        return selectors.notification_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(crumbs=[(_("Notifikasi"), "")], time_zone=self.request.user.time_zone)
        return context


class NotificationReadView(LoginRequiredMixin, View):
    """Mark one of the user's notifications read and open what it is about (POST only)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            notification = services.notification_mark_read(user=request.user, pk=pk)
        except Notification.DoesNotExist as exc:
            raise Http404 from exc
        target = notification.url
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return HttpResponseRedirect(target)
        return redirect("accounts:notification_list")


class NotificationReadAllView(LoginRequiredMixin, View):
    """Mark every notification of the user read (POST only)."""

    http_method_names = ["post"]

    def post(self, request):
        marked = services.notifications_mark_all_read(user=request.user)
        if marked:
            messages.success(request, _("Semua notifikasi ditandai sudah dibaca."))
        return redirect("accounts:notification_list")
