from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from yangguang.audit.admin import AuditedAdmin

from .models import Construction, Person, Post, Unit, UnitKind


@admin.register(UnitKind)
class UnitKindAdmin(AuditedAdmin):
    list_display = ("code", "name", "name_en")
    search_fields = ("code", "name", "name_en")


@admin.register(Unit)
class UnitAdmin(AuditedAdmin, TreeAdmin):
    form = movenodeform_factory(Unit)
    list_display = ("name", "code", "kind", "active")
    list_filter = ("kind", "active")
    search_fields = ("name", "code")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A move through the admin changes the subtree's paths: keep people's copies in step.
        from django.db.models import OuterRef, Subquery

        obj.refresh_from_db()
        Person.objects.filter(unit__path__startswith=obj.path).update(
            unit_path=Subquery(Unit.objects.filter(pk=OuterRef("unit_id")).values("path")[:1])
        )


class PostInline(admin.TabularInline):
    model = Post
    extra = 1
    autocomplete_fields = ("unit",)


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ("code", "name", "unit", "title", "phone", "active")
    list_filter = ("active",)
    search_fields = ("code", "name", "phone", "unit__name")
    autocomplete_fields = ("unit", "user")
    inlines = [PostInline]


@admin.register(Post)
class PostAdmin(AuditedAdmin):
    list_display = ("person", "unit", "role", "title")
    list_filter = ("role",)
    search_fields = ("person__name", "unit__name")
    autocomplete_fields = ("person", "unit")


@admin.register(Construction)
class ConstructionAdmin(AuditedAdmin):
    list_display = ("unit", "kind", "planned", "built_on")
    list_filter = ("kind", "planned")
    autocomplete_fields = ("unit",)
