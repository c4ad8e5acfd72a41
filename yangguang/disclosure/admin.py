from django.contrib import admin

from .models import Appeal, Category, Disclosure, DisclosureList, Request


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "parent", "update_cycle_days", "prerequisite", "report_kind", "order")
    list_editable = ("update_cycle_days", "prerequisite", "report_kind", "order")
    search_fields = ("code", "name")


@admin.register(Disclosure)
class DisclosureAdmin(admin.ModelAdmin):
    list_display = ("title", "unit", "category", "status", "formed_on", "published_on", "late")
    list_filter = ("status", "late", "category")
    search_fields = ("title", "doc_number")
    raw_id_fields = ("unit", "disclosure_list")
    readonly_fields = ("status", "published_on", "late", "due_on")


@admin.register(DisclosureList)
class DisclosureListAdmin(admin.ModelAdmin):
    list_display = ("title", "unit", "period", "status", "published_on")
    raw_id_fields = ("unit",)
    readonly_fields = ("status",)


@admin.register(Request)
class RequestAdmin(admin.ModelAdmin):
    list_display = ("number", "unit", "applicant_name", "received_on", "due_on", "status", "outcome")
    list_filter = ("status", "outcome")
    search_fields = ("number", "applicant_name")
    raw_id_fields = ("unit",)
    readonly_fields = ("status", "due_on", "clock_start", "query_code")


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ("kind", "unit", "filed_on", "result", "decided_on")
    raw_id_fields = ("unit", "request")
