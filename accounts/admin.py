"""The Django admin, for the superusers who operate SIDP3. Office users are never ``is_staff``: they manage
accounts in the application (accounts:user_list), within their jurisdiction. What a superuser changes here
goes to the same audit trail, with the same notices to the account's address, as a change in the
application."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from kernel.network import client_ip

from . import services, two_factor
from .audit import account_state
from .models import AccountAuditEntry, Office, User

# django-otp's own admin pages show the devices' secrets: authenticators are reset with the action below
# (or on the account's page in the application), never read.
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)


class SuperuserOnlyMixin:
    """Only superusers see or change these models in the admin, whatever permissions a staff member has."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request, *args):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_active and request.user.is_superuser else queryset.none()


@admin.register(Office)
class OfficeAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "level", "province", "regency", "email"]
    list_filter = ["level", "province"]
    search_fields = ["name", "province__name", "regency__name", "regency__code", "province__code"]
    list_select_related = ["province", "regency"]
    raw_id_fields = ["province", "regency"]


@admin.register(User)
class UserAdmin(SuperuserOnlyMixin, DjangoUserAdmin):
    list_display = ["username", "get_full_name", "email", "office", "role", "is_active", "is_superuser"]
    list_filter = ["role", "office__level", "is_active", "is_superuser", "office"]
    search_fields = ["username", "first_name", "last_name", "email", "office__name"]
    list_select_related = ["office"]
    raw_id_fields = ["office"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Data pribadi"), {"fields": ["first_name", "last_name", "email", "position", "phone"]}),
        (_("Kantor dan peran"), {"fields": ["office", "role"]}),
        (
            _("Izin sistem"),
            {
                "fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"],
                "description": _(
                    "Pengguna kantor tidak pernah berstatus staf: mereka mengelola akun di aplikasi. "
                    "Status staf dan superuser hanya untuk pengelola sistem."
                ),
            },
        ),
        (_("Waktu penting"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "email",
                    "office",
                    "role",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]

    actions = ["reset_two_factor"]

    @admin.action(description=_("Atur ulang autentikator (verifikasi dua langkah)"))
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            two_factor.two_factor_reset(actor=request.user, user=user, ip_address=client_ip(request))
        self.message_user(
            request,
            _("Autentikator %(count)s akun dihapus; mereka memasang yang baru saat masuk berikutnya.")
            % {"count": len(queryset)},
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change):
        """A superuser who disables an account here also ends its open sessions. The account as it was is
        kept for the audit trail, written once its groups and permissions are saved too (save_related)."""
        stored = User.objects.select_related("office").filter(pk=obj.pk).first() if change else None
        request._account_before = account_state(stored) if stored is not None else None
        was_active = stored is not None and stored.is_active
        super().save_model(request, obj, form, change)
        if was_active and not obj.is_active:
            services.user_logout_everywhere(user=obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.account_change_record(
            actor=request.user,
            user=form.instance,
            before=getattr(request, "_account_before", None),
            ip_address=client_ip(request),
        )

    def user_change_password(self, request, id, form_url=""):
        """A password set here ends the account's other sessions (the admin's own stays open)."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = User.objects.filter(pk=id).first()
            if user is not None:
                services.user_logout_everywhere(user=user, keep_session=request.session.session_key)
                services.user_password_set_record(
                    actor=request.user, user=user, ip_address=client_ip(request)
                )
        return response

    @admin.display(description=_("nama"), ordering="first_name")
    def get_full_name(self, obj):
        return obj.get_full_name()


@admin.register(AccountAuditEntry)
class AccountAuditEntryAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    """Read only, for superusers: the trail is written by the services and never changed."""

    list_display = ["created_at", "target_username", "action", "actor_username", "ip_address"]
    list_filter = ["action"]
    search_fields = ["target_username", "actor_username", "ip_address"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
