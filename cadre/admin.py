"""The admin of cadres for KPU RI's technical administrators: the NIK is masked everywhere it is listed or
shown, and the log of NIK accesses is read-only (a record of processing under UU 27/2022)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .checks import mask_nik
from .models import Cadre, NikAccess


@admin.register(Cadre)
class CadreAdmin(admin.ModelAdmin):
    list_display = ("full_name", "masked_nik", "sex", "status", "locus", "regency", "programme_year")
    list_filter = ("programme_year", "status", "sex", "province")
    search_fields = ("full_name",)
    list_select_related = ("locus__village", "regency")
    # The NIK is not edited here (it goes through the service's checks) and not shown in full.
    exclude = ("nik",)
    readonly_fields = ("masked_nik", "programme_year", "regency", "province", "created_at", "updated_at")
    raw_id_fields = ("locus", "domicile_village", "replaces", "recruited_by")
    filter_horizontal = ("segments",)

    @admin.display(description=_("NIK"))
    def masked_nik(self, obj: Cadre) -> str:
        return mask_nik(obj.nik)

    def has_add_permission(self, request) -> bool:
        return False  # registration goes through the service (identity checks, one live NIK per year)


@admin.register(NikAccess)
class NikAccessAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "action", "cadre", "reason")
    list_filter = ("action",)
    search_fields = ("cadre__full_name", "user__username")
    list_select_related = ("user", "cadre")
    readonly_fields = ("cadre", "user", "action", "reason", "at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
