"""The admin of loci and their reference data for KPU RI's technical administrators. A locus moves through its
stages on the app's pages (the services keep the rules and the trail of events), so here a locus is shown with
its change history, its events and documents read-only, and none is added. The region tree comes from the
Kemendagri import (``import_regions``) and is only read here, as are election results and their imports
(they change only through an import: ``locus.services.results_import``)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kernel.admin import ReadOnlyInline

from .models import (
    District,
    Election,
    ElectionIndicator,
    IncidentRecord,
    Locus,
    LocusDocument,
    LocusEvent,
    ProgrammeYear,
    Province,
    Regency,
    ResultsImportJob,
    Segment,
    Village,
    VillageResult,
)


class LocusEventInline(ReadOnlyInline):
    model = LocusEvent
    fields = ("at", "from_status", "to_status", "actor", "note")
    readonly_fields = fields


class LocusDocumentInline(ReadOnlyInline):
    model = LocusDocument
    fields = ("kind", "title", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields


@admin.register(Locus)
class LocusAdmin(SimpleHistoryAdmin):
    list_display = ("village", "regency", "programme_year", "category", "status")
    list_filter = ("programme_year", "status", "category", "province")
    search_fields = ("village__name", "village__code")
    list_select_related = ("village", "regency")
    raw_id_fields = ("village", "proposed_by")
    # The status changes through the services (each step leaves an event), never here.
    readonly_fields = ("status", "regency", "province", "created_at", "updated_at")
    inlines = [LocusEventInline, LocusDocumentInline]

    def has_add_permission(self, request) -> bool:
        return False  # a locus is proposed on its page (one per village and year, within the office's region)


@admin.register(ProgrammeYear)
class ProgrammeYearAdmin(admin.ModelAdmin):
    list_display = ("year", "aim", "roster_size", "min_women_percent", "planned_sessions")
    filter_horizontal = ("segments", "required_segments")


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "order", "bit")
    readonly_fields = ("bit",)


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "held_on")


@admin.register(ElectionIndicator)
class ElectionIndicatorAdmin(admin.ModelAdmin):
    list_display = ("region_code", "election", "turnout_percent", "violation_findings", "ikp_score")
    list_filter = ("election",)
    search_fields = ("region_code",)
    readonly_fields = ("province_code", "regency_code")


@admin.register(IncidentRecord)
class IncidentRecordAdmin(admin.ModelAdmin):
    list_display = ("region_code", "kind", "year", "note")
    list_filter = ("kind", "year")
    search_fields = ("region_code", "note")
    readonly_fields = ("province_code", "regency_code")


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(VillageResult)
class VillageResultAdmin(ReadOnlyAdmin):
    list_display = ("village_id", "election", "polling_stations", "registered", "additional", "voters",
                    "illustrative")  # fmt: skip
    list_filter = ("election", "illustrative", "province_code")
    search_fields = ("village__code", "village__name")
    show_full_result_count = False  # some 84,000 villages per election


@admin.register(ResultsImportJob)
class ResultsImportJobAdmin(ReadOnlyAdmin):
    """Every results import, for support: who, which election, status, counts, the errors the user read."""

    list_display = ("pk", "filename", "election", "uploaded_by", "status", "progress", "rows_read",
                    "error_count", "created_at", "duration", "attempts")  # fmt: skip
    list_filter = ("status", "election", "illustrative")
    search_fields = ("uploaded_by__username", "filename", "task_id")
    list_select_related = ("uploaded_by", "election")
    date_hierarchy = "created_at"


class RegionAdmin(admin.ModelAdmin):
    """A level of the region tree, read-only: codes, names and successors come from the Kemendagri import."""

    list_display = ("code", "name", "retired_at")
    search_fields = ("code", "name")
    show_full_result_count = False  # some 84,000 villages

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


admin.site.register(Province, RegionAdmin)
admin.site.register(Regency, RegionAdmin)
admin.site.register(District, RegionAdmin)
admin.site.register(Village, RegionAdmin)
