"""督查考核: work plans and tasks, inspections and rectification, accountability, major decisions,
study records and department assessments.

Every record hangs off an `orgs.Unit` (`unit`): the unit that owns it for scoping (a task's responsible
unit, a finding's unit concerned, an inspection's or a decision's organiser).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yangguang.core.models import TimeStampedModel
from yangguang.orgs.models import Person, Unit

LIGHTS = [("green", _("On track")), ("yellow", _("Near the deadline")), ("red", _("Overdue"))]


# -- work plans -----------------------------------------------------------------------------
class WorkPlan(TimeStampedModel):
    """A plan (e.g. 深化政务公开实施意见) decomposed into parts and tasks."""

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("supervision", "organiser"),
    )
    code = models.CharField(_("document number"), max_length=80, blank=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    publish_inspections = models.BooleanField(_("publish inspection results on the portal"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-start", "id"]
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")

    def __str__(self):
        return self.title


class PlanPart(TimeStampedModel):
    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="parts")
    number = models.PositiveIntegerField(pgettext_lazy("supervision", "number"))
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="sup_part_unique")]
        verbose_name = _("plan part")
        verbose_name_plural = _("plan parts")

    def __str__(self):
        return f"{self.number}. {self.title}"


class Task(TimeStampedModel):
    OPEN, DONE, CANCELLED = "open", "done", "cancelled"
    STATUSES = [(OPEN, pgettext_lazy("supervision", "Open")), (DONE, _("Done")), (CANCELLED, _("Cancelled"))]

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="tasks")
    part = models.ForeignKey(PlanPart, on_delete=models.CASCADE, related_name="tasks")
    number = models.PositiveIntegerField(pgettext_lazy("supervision", "number"))
    title = models.CharField(_("task"), max_length=300)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible unit")
    )
    co_units = models.ManyToManyField(Unit, blank=True, related_name="+", verbose_name=_("co-units"))
    owner = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner (unit head)"),
    )
    deadline = models.DateField(_("deadline"))
    criteria = models.TextField(_("acceptance criteria"), blank=True)
    percent = models.PositiveSmallIntegerField(_("progress %"), default=0)
    status = models.CharField(_("status"), max_length=12, choices=STATUSES, default=OPEN)
    light = models.CharField(_("light"), max_length=8, choices=LIGHTS, default="green")
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    last_report_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "part__number", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="sup_task_unique")]
        indexes = [
            models.Index(fields=["status", "deadline"], name="sup_task_status_deadline"),
            models.Index(fields=["plan", "status"], name="sup_task_plan_status"),
        ]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self):
        return f"{self.number}. {self.title}"


class ProgressReport(TimeStampedModel):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("reporting unit")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    percent = models.PositiveSmallIntegerField(_("progress %"))
    text = models.TextField(_("progress"))
    attachment = models.FileField(_("attachment"), upload_to="supervision/progress/", blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["task", "-created_at"], name="sup_report_task")]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self):
        return f"{self.task_id} · {self.percent}%"


# -- inspections ----------------------------------------------------------------------------
class Inspection(TimeStampedModel):
    PLANNED, AD_HOC = "planned", "ad_hoc"
    KINDS = [(PLANNED, _("Planned")), (AD_HOC, _("Ad hoc"))]
    OPEN, CLOSED = "open", "closed"
    STATUSES = [(OPEN, pgettext_lazy("supervision", "Open")), (CLOSED, _("Closed"))]

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("supervision", "organiser"),
    )
    plan = models.ForeignKey(
        WorkPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="inspections"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=KINDS, default=PLANNED)
    title = models.CharField(_("title"), max_length=200)
    targets = models.ManyToManyField(Unit, related_name="+", verbose_name=_("units inspected"))
    inspectors = models.ManyToManyField(Person, blank=True, related_name="+", verbose_name=_("inspectors"))
    cross_unit = models.BooleanField(_("cross-unit inspectors"), default=False)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default=OPEN)
    summary = models.TextField(_("result summary"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self):
        return self.title


class InspectionTeam(models.Model):
    """Who inspects which unit (cross-unit: never their own unit, team members from different units)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="teams")
    target = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit inspected")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("inspector")
    )

    class Meta:
        ordering = ["inspection", "target", "id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "target", "person"], name="sup_team_unique")
        ]
        verbose_name = _("inspection team member")
        verbose_name_plural = _("inspection team members")

    def __str__(self):
        return f"{self.target_id} · {self.person_id}"


class ChecklistItem(TimeStampedModel):
    PENDING, PASS, FAIL, NA = "pending", "pass", "fail", "na"
    RESULTS = [(PENDING, _("Not checked")), (PASS, _("Pass")), (FAIL, _("Fail")), (NA, _("Not applicable"))]

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveIntegerField(pgettext_lazy("supervision", "number"))
    text = models.CharField(_("checklist item"), max_length=300)
    result = models.CharField(_("result"), max_length=10, choices=RESULTS, default=PENDING)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["inspection", "number"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self):
        return self.text


class Finding(TimeStampedModel):
    LOW, MEDIUM, HIGH = "low", "medium", "high"
    SEVERITIES = [(LOW, _("Minor")), (MEDIUM, _("Moderate")), (HIGH, _("Serious"))]
    OPEN, RECTIFYING, CLOSED = "open", "rectifying", "closed"
    STATUSES = [
        (OPEN, pgettext_lazy("supervision", "Open")),
        (RECTIFYING, _("Being rectified")),
        (CLOSED, _("Closed")),
    ]

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit concerned")
    )
    item = models.ForeignKey(
        ChecklistItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="findings"
    )
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.SET_NULL, related_name="findings")
    description = models.TextField(_("finding"))
    severity = models.CharField(_("severity"), max_length=8, choices=SEVERITIES, default=MEDIUM)
    status = models.CharField(_("status"), max_length=12, choices=STATUSES, default=OPEN)
    found_on = models.DateField(_("found on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["-found_on", "-id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self):
        return self.description[:60]


class Rectification(TimeStampedModel):
    """限期整改: a notice with a deadline, the unit's report, a re-inspection, then acceptance."""

    ISSUED, SUBMITTED, PASSED, FAILED, CLOSED = "issued", "submitted", "passed", "failed", "closed"
    STATUSES = [
        (ISSUED, _("Issued")),
        (SUBMITTED, _("Reported done")),
        (PASSED, _("Re-inspection passed")),
        (FAILED, _("Re-inspection failed")),
        (CLOSED, _("Accepted and closed")),
    ]

    finding = models.OneToOneField(Finding, on_delete=models.CASCADE, related_name="rectification")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit concerned")
    )
    requirement = models.TextField(_("what must be done"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default=ISSUED)
    light = models.CharField(_("light"), max_length=8, choices=LIGHTS, default="green")
    report = models.TextField(_("rectification report"), blank=True)
    attachment = models.FileField(_("attachment"), upload_to="supervision/rectification/", blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reinspected_at = models.DateTimeField(null=True, blank=True)
    reinspection_note = models.TextField(_("re-inspection"), blank=True)
    reinspected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["status", "deadline"], name="sup_rect_status_deadline")]
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")

    def __str__(self):
        return f"{self.unit} · {self.deadline}"


# -- accountability -------------------------------------------------------------------------
class Accountability(TimeStampedModel):
    RULES = [
        ("not_disclosed", _("Should have been disclosed but was not")),
        ("no_hearing", _("Should have held a hearing but did not")),
        ("no_legality_review", _("No legality review")),
        ("no_collective_decision", _("No collective discussion")),
        ("falsification", _("Falsified results")),
        ("formalism", _("Ineffective work, formalism")),
        ("infringement", _("Infringed the public's rights")),
        ("other", _("Other")),
    ]
    DECISIONS = [
        ("education", _("Criticism and education")),
        ("circulated", _("Criticism circulated in a bulletin")),
        ("admonition", _("Admonishing talk")),
        ("written_review", _("Written self-criticism")),
        ("deadline", _("Ordered to rectify by a deadline")),
        ("disciplinary", _("Disciplinary sanction")),
        ("other", _("Other")),
    ]

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("deciding unit")
    )
    rule = models.CharField(_("rule broken"), max_length=30, choices=RULES)
    decision = models.CharField(_("decision"), max_length=30, choices=DECISIONS)
    facts = models.TextField(_("facts"))
    units = models.ManyToManyField(Unit, related_name="+", verbose_name=_("units concerned"))
    people = models.ManyToManyField(Person, blank=True, related_name="+", verbose_name=_("people concerned"))
    finding = models.ForeignKey(Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    major_decision = models.ForeignKey(
        "MajorDecision", null=True, blank=True, on_delete=models.SET_NULL, related_name="accountabilities"
    )
    decided_on = models.DateField(_("decided on"))

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("accountability record")
        verbose_name_plural = _("accountability records")

    def __str__(self):
        return f"{self.get_rule_display()} · {self.get_decision_display()}"


# -- major decisions ------------------------------------------------------------------------
class MajorDecision(TimeStampedModel):
    DRAFT, ADOPTED, PUBLISHED, SUSPENDED, AMENDED, REVOKED = (
        "draft",
        "adopted",
        "published",
        "suspended",
        "amended",
        "revoked",
    )
    STATUSES = [
        (DRAFT, _("Draft")),
        (ADOPTED, _("Adopted")),
        (PUBLISHED, _("Published")),
        (SUSPENDED, _("Suspended")),
        (AMENDED, _("Amended")),
        (REVOKED, _("Revoked")),
    ]

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("deciding unit")
    )
    title = models.CharField(_("title"), max_length=200)
    number = models.CharField(_("document number"), max_length=80, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default=DRAFT)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    flagged = models.BooleanField(_("published with a step missing"), default=False)
    missing_steps = models.JSONField(_("missing steps"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("major decision")
        verbose_name_plural = _("major decisions")

    def __str__(self):
        return self.title


class DecisionStep(TimeStampedModel):
    decision = models.ForeignKey(MajorDecision, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("step"), max_length=30)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    attachment = models.FileField(_("attachment"), upload_to="supervision/decisions/", blank=True)

    class Meta:
        ordering = ["decision", "id"]
        constraints = [models.UniqueConstraint(fields=["decision", "step"], name="sup_decision_step_unique")]
        verbose_name = _("decision procedure step")
        verbose_name_plural = _("decision procedure steps")


class DecisionEvent(TimeStampedModel):
    """决策纠错 (suspend / amend / revoke with reasons) and follow-up checks on execution."""

    SUSPEND, AMEND, REVOKE, RESUME, CHECK = "suspend", "amend", "revoke", "resume", "check"
    KINDS = [
        (SUSPEND, _("Suspended")),
        (AMEND, _("Amended")),
        (REVOKE, _("Revoked")),
        (RESUME, _("Resumed")),
        (CHECK, _("Follow-up check")),
    ]

    decision = models.ForeignKey(MajorDecision, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=10, choices=KINDS)
    on = models.DateField(_("date"))
    reason = models.TextField(_("reasons / findings"))
    ok = models.BooleanField(_("execution on track"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("decision event")
        verbose_name_plural = _("decision events")


# -- study and training ---------------------------------------------------------------------
class StudySession(TimeStampedModel):
    STUDY, TRAINING = "study", "training"
    KINDS = [(STUDY, _("Legal study")), (TRAINING, _("Training"))]

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("supervision", "organiser"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=KINDS, default=STUDY)
    title = models.CharField(_("topic"), max_length=200)
    held_on = models.DateField(_("held on"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    attendees = models.ManyToManyField(Person, through="Attendance", related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("study session")
        verbose_name_plural = _("study sessions")

    def __str__(self):
        return self.title


class Attendance(models.Model):
    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="sup_attendance_unique")]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")

    def __str__(self):
        return f"{self.session_id} · {self.person_id}"


# -- assessments ----------------------------------------------------------------------------
class Assessment(TimeStampedModel):
    """A department assessment: a competition whose indicators are platform metrics.

    `indicators` is a list of {"metric", "weight", "label"}; `links` the quarterly link to performance
    (季考核挂钩) as a list of {"from_rank", "to_rank" or "last": n, "adjust": percent, "label"}.
    """

    MONTH, QUARTER = "month", "quarter"
    CADENCES = [(MONTH, _("Monthly")), (QUARTER, _("Quarterly"))]

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("supervision", "organiser"),
    )
    title = models.CharField(_("title"), max_length=200)
    participants = models.ManyToManyField(Unit, related_name="+", verbose_name=_("units assessed"))
    indicators = models.JSONField(_("indicators"), default=list)
    links = models.JSONField(_("link to performance"), default=list, blank=True)
    competition_id = models.BigIntegerField(_("competition in the competition engine"), null=True, blank=True)
    # The span of the periods evaluated so far (the generated competition's period).
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self):
        return self.title


class AssessmentRun(TimeStampedModel):
    """One evaluated period: inputs, scores and ranks (explainable), optionally a bulletin."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="runs")
    cadence = models.CharField(_("cadence"), max_length=10, choices=Assessment.CADENCES)
    period = models.CharField(pgettext_lazy("supervision", "period"), max_length=10)  # 2026-01 or 2026Q1
    start = models.DateField()
    end = models.DateField()
    rows = models.JSONField(default=list)  # [{unit_id, unit_name, inputs, scores, total, rank, adjust}]
    engine = models.CharField(max_length=20, default="supervision")
    engine_note = models.CharField(max_length=300, blank=True)
    evaluation_id = models.BigIntegerField(null=True, blank=True)  # contests.Evaluation, when that engine ran
    # The contests bulletin (engine "contests"): its number and ledger seal are read from it, never
    # copied here, so a re-chained ledger (`yangguang contests rekey`) shows its new hash here too.
    bulletin = models.ForeignKey(
        "contests.Bulletin", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("bulletin published at"), null=True, blank=True)
    bulletin_text = models.TextField(_("bulletin"), blank=True)

    @property
    def bulletin_ref(self) -> str:
        """The contests bulletin's number and its ledger seal as the ledger holds them now."""
        b = self.bulletin
        return f"{b.number}:{b.ledger_hash}" if b is not None else ""

    class Meta:
        ordering = ["-start", "-id"]
        constraints = [models.UniqueConstraint(fields=["assessment", "period"], name="sup_run_unique")]
        verbose_name = _("assessment run")
        verbose_name_plural = _("assessment runs")

    def __str__(self):
        return f"{self.assessment} {self.period}"
