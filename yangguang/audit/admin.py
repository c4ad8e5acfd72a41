from django.contrib import admin

from .actions import record_create, record_delete, record_update, snapshot
from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("id", "at", "actor_name", "unit_name", "action", "model", "object_id", "object_repr")
    list_filter = ("action", "model")
    search_fields = ("actor_name", "object_repr", "object_id", "unit_name")
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
