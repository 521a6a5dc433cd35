from django.contrib import admin

from reports.models import ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    """Every job, for support: parameters, status, timings, the error shown to the user. Read only; a job
    changes only through the task."""

    list_display = ("pk", "report_type", "year", "scope", "format", "requested_by", "status", "progress",
                    "created_at", "duration", "attempts")  # fmt: skip
    list_filter = ("status", "report_type", "format")
    search_fields = ("requested_by__username", "task_id")
    list_select_related = ("requested_by",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
