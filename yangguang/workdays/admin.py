from django.contrib import admin

from yangguang.audit.actions import record_create, record_delete, record_update, snapshot

from .models import Override, YearNotice


class OverrideInline(admin.TabularInline):
    model = Override
    extra = 5
    fields = ("date", "is_workday", "note")


class AuditedAdmin(admin.ModelAdmin):
    """Admin saves go through the audit trail like any other action."""

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        if change:
            record_update(actor=request.user, instance=obj, before=before)
        else:
            record_create(actor=request.user, instance=obj)

    def delete_model(self, request, obj):
        record_delete(actor=request.user, instance=obj)
        super().delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            record_delete(actor=request.user, instance=obj)
            obj.delete()
        for obj in instances:
            is_new = obj.pk is None
            before = None if is_new else snapshot(type(obj).objects.get(pk=obj.pk))
            obj.save()
            if is_new:
                record_create(actor=request.user, instance=obj)
            else:
                record_update(actor=request.user, instance=obj, before=before)
        formset.save_m2m()


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
