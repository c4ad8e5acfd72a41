from django.contrib import admin

from .models import (
    Accountability,
    Assessment,
    AssessmentRun,
    DecisionStep,
    Finding,
    Inspection,
    MajorDecision,
    PlanPart,
    Rectification,
    StudySession,
    Task,
    WorkPlan,
)


class PartInline(admin.TabularInline):
    model = PlanPart
    extra = 0


@admin.register(WorkPlan)
class WorkPlanAdmin(admin.ModelAdmin):
    list_display = ("title", "code", "unit", "start", "end", "publish_inspections")
    inlines = [PartInline]
    raw_id_fields = ("unit",)


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "plan", "unit", "deadline", "percent", "status", "light")
    list_filter = ("status", "light")
    search_fields = ("title",)
    raw_id_fields = ("unit", "co_units", "owner", "part", "plan")


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ("title", "unit", "kind", "start", "status", "published_at")
    raw_id_fields = ("unit", "plan", "targets", "inspectors")


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ("description", "unit", "severity", "status", "found_on")
    raw_id_fields = ("unit", "inspection", "item", "task")


@admin.register(Rectification)
class RectificationAdmin(admin.ModelAdmin):
    list_display = ("finding", "unit", "deadline", "status", "light")
    raw_id_fields = ("unit", "finding", "reinspected_by")


@admin.register(Accountability)
class AccountabilityAdmin(admin.ModelAdmin):
    list_display = ("decided_on", "unit", "rule", "decision")
    raw_id_fields = ("unit", "units", "people", "finding", "major_decision")


class StepInline(admin.TabularInline):
    model = DecisionStep
    extra = 0


@admin.register(MajorDecision)
class MajorDecisionAdmin(admin.ModelAdmin):
    list_display = ("title", "number", "unit", "status", "flagged")
    inlines = [StepInline]
    raw_id_fields = ("unit",)


@admin.register(StudySession)
class StudySessionAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "unit", "held_on", "hours")
    raw_id_fields = ("unit",)


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("title", "unit", "competition_id")
    raw_id_fields = ("unit", "participants")


@admin.register(AssessmentRun)
class AssessmentRunAdmin(admin.ModelAdmin):
    list_display = ("assessment", "period", "cadence", "engine", "published_at")
