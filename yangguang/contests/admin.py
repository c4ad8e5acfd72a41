from django.contrib import admin

from .models import Bulletin, Competition, Evaluation, Event, LedgerEntry, Participant


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "organiser", "start", "end", "cycle", "public", "status")
    search_fields = ("code", "name")
    readonly_fields = ("scheme",)


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ("competition", "group", "code", "name")
    list_filter = ("group",)
    search_fields = ("code", "name")


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ("competition", "period", "version", "current", "created_at")
    list_filter = ("current",)


@admin.register(Bulletin)
class BulletinAdmin(admin.ModelAdmin):
    list_display = ("competition", "number", "title", "issued_on", "public", "ledger_hash")


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "status", "organiser")


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    """Read-only: the ledger is append-only."""

    list_display = ("seq", "kind", "ref", "hash", "at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
