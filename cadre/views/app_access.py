"""Signing a cadre in to the cadre app (``/kader-app/``), on their own phone.

- ``/kader-app/undangan/<token>/``: the invitation link; the cadre sets a 6-digit PIN, the phone becomes a
  device (its token in a long-lived, HttpOnly, SameSite=Lax cookie, Secure in production) and the cadre is
  signed in with a Django session;
- ``/kader-app/masuk/``: when the session has ended, the PIN signs the cadre in again on that device;
- ``/kader-app/``: the offline cadre app (``app_shell``: its shell, service worker and manifest).

The rules (PIN, failures, expiry, revocation) are ``cadre.accounts``'s; what a cadre sees is read through the
one access policy (``restrict``), as everywhere.
"""

from __future__ import annotations

from csp.decorators import csp_update
from django import forms
from django.conf import settings
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.generic import FormView, TemplateView

from cadre import accounts
from cadre.middleware import SESSION_DEVICE_KEY
from kernel.forms import show_service_errors

from .app_shell import APP_PERMISSIONS_POLICY, SHELL_TEMPLATE

DEVICE_COOKIE = "sidp3_kader_perangkat"
LOGIN_BACKEND = "accounts.backends.ModelBackend"


def _pin_field(label):
    return forms.CharField(
        label=label,
        min_length=6,
        max_length=6,
        error_messages={
            "required": _("PIN wajib diisi."),
            "min_length": _("PIN harus terdiri dari 6 angka."),
            "max_length": _("PIN harus terdiri dari 6 angka."),
        },
        widget=forms.PasswordInput(
            attrs={"inputmode": "numeric", "pattern": "[0-9]{6}", "autocomplete": "off", "maxlength": "6"}
        ),
    )


class SetPinForm(forms.Form):
    pin = _pin_field(_("PIN (6 angka)"))
    pin_confirm = _pin_field(_("Ulangi PIN"))


class PinForm(forms.Form):
    pin = _pin_field(_("PIN"))


def _sign_in(request, signed_in: accounts.SignedIn) -> None:
    login(request, signed_in.user, backend=LOGIN_BACKEND)
    request.session[SESSION_DEVICE_KEY] = signed_in.device.pk


def _set_device_cookie(response, token: str) -> None:
    response.set_cookie(
        DEVICE_COOKIE,
        token,
        max_age=accounts.DEVICE_DAYS * 24 * 3600,
        path="/kader-app/",
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


class InvitationView(FormView):
    """The invitation link: "Atur PIN" on the cadre's phone; an invalid link (expired, used, revoked) is a
    404 page saying so."""

    form_class = SetPinForm
    template_name = "cadre_app/invitation.html"

    def dispatch(self, request, *args, **kwargs):
        self.invitation = accounts.valid_invitation(kwargs["token"])
        if self.invitation is None:
            response = self.render_to_response({"invalid": True})
            response.status_code = 404
            return response
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(cadre=self.invitation.cadre, **kwargs)

    def form_valid(self, form):
        try:
            signed_in = accounts.accept_invitation(
                self.kwargs["token"],
                form.cleaned_data["pin"],
                self.request.headers.get("User-Agent", "")[:255],
                pin_confirm=form.cleaned_data["pin_confirm"],
            )
        except ValidationError as error:
            show_service_errors(form, error)
            return self.form_invalid(form)
        _sign_in(self.request, signed_in)
        response = redirect("cadre_app:home")
        _set_device_cookie(response, signed_in.token)
        return response


class SignInView(FormView):
    """The PIN on a device already invited, when the session has ended; without a usable device, a page that
    sends the cadre to the office for an invitation."""

    form_class = PinForm
    template_name = "cadre_app/sign_in.html"

    def dispatch(self, request, *args, **kwargs):
        self.device = accounts.device_in_use(request.COOKIES.get(DEVICE_COOKIE))
        if self.device is None:
            response = self.render_to_response({"no_device": True})
            response.delete_cookie(DEVICE_COOKIE, path="/kader-app/")
            return response
        if request.user.is_authenticated and request.session.get(SESSION_DEVICE_KEY) == self.device.pk:
            return redirect("cadre_app:home")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(cadre=self.device.account.cadre, **kwargs)

    def form_valid(self, form):
        try:
            signed_in = accounts.unlock_device(self.request.COOKIES[DEVICE_COOKIE], form.cleaned_data["pin"])
        except ValidationError as error:
            show_service_errors(form, error)
            return self.form_invalid(form)
        _sign_in(self.request, signed_in)
        return redirect(_app_address(self.request.GET.get("next")))


def _app_address(next_path: str | None) -> str:
    """Where to go after the PIN: an address of the cadre app the phone came from, else the app's start."""
    home = reverse("cadre_app:home")
    if (
        next_path
        and next_path.startswith(home)
        and url_has_allowed_host_and_scheme(next_path, allowed_hosts=None)
    ):
        return next_path
    return home


@method_decorator(ensure_csrf_cookie, name="dispatch")
@method_decorator(csp_update({"img-src": ["blob:"]}), name="dispatch")
class HomeView(TemplateView):
    """The cadre app (``cadre_app/app.html``, ``static/cadre-app/app.js``): a shell without personal data that
    the service worker keeps for offline use; also ``/kader-app/presensi/<code>/``, where the phone's camera
    app lands from a training session's QR code (the app sends the code). It sets the CSRF cookie the app's
    API calls send back, and lets the app use the camera. Not signed in: to the PIN when the phone holds a
    device, else how to get an invitation."""

    template_name = SHELL_TEMPLATE

    def get(self, request, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_cadre):
            if request.COOKIES.get(DEVICE_COOKIE) and not user.is_authenticated:
                # Back to this address after the PIN: a session's QR code (presensi/<code>/) is not lost.
                sign_in = reverse("cadre_app:sign_in")
                if request.path == reverse("cadre_app:home"):
                    return redirect(sign_in)
                return redirect(f"{sign_in}?{urlencode({'next': request.path})}")
            return TemplateResponse(request, "cadre_app/home.html", {"signed_out": True})
        response = super().get(request, *args, **kwargs)
        response["Permissions-Policy"] = APP_PERMISSIONS_POLICY
        return response
