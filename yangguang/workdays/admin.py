from django.contrib import admin

from yangguang.audit.admin import AuditedAdmin

from .models import Override, YearNotice


class OverrideInline(admin.TabularInline):
    model = Override
    extra = 5
    fields = ("date", "is_workday", "note")


@admin.register(YearNotice)
class YearNoticeAdmin(AuditedAdmin):
    list_display = ("year", "title", "document_no", "published_on")
    inlines = [OverrideInline]
    exclude = ("entered_by",)


@admin.register(Override)
class OverrideAdmin(AuditedAdmin):
    list_display = ("date", "is_workday", "note", "notice")
    list_filter = ("is_workday", "notice")
    date_hierarchy = "date"
