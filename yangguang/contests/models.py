"""Competitions, participants, period data, evaluations (versioned), bulletins, judged events and the
results ledger. The scoring itself lives in `engine/` (pure); these records keep its inputs and outputs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yangguang.core.models import TimeStampedModel
from yangguang.orgs.models import Person, Unit


class Competition(TimeStampedModel):
    STATUS = [("draft", _("Draft")), ("active", _("Active")), ("closed", _("Closed"))]

    code = models.CharField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    organiser = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="competitions", verbose_name=_("organiser")
    )
    scheme = models.JSONField(_("scheme"), default=dict)  # the canonical scheme dict (engine.scheme)
    public = models.BooleanField(_("public"), default=False)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    cycle = models.CharField(_("reporting cycle"), max_length=20, default="monthly")
    status = models.CharField(_("status"), max_length=10, choices=STATUS, default="active")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-start", "code"]
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")

    def __str__(self):
        return self.name

    @property
    def unit(self):
        return self.organiser


class SchemeVersion(models.Model):
    """A saved scheme of a competition (import, YAML edit or the builder): numbered from 1, never changed."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="scheme_versions")
    number = models.PositiveIntegerField(_("version"))
    scheme = models.JSONField()
    scheme_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["competition", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "number"], name="contests_scheme_version")
        ]
        verbose_name = _("scheme version")
        verbose_name_plural = _("scheme versions")

    def __str__(self):
        return f"{self.competition_id} v{self.number}"


class Participant(models.Model):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="participants")
    group = models.CharField(_("group"), max_length=40)
    code = models.CharField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["group", "code"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "code"], name="contests_participant_unique")
        ]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self):
        return self.name


class DataSheet(models.Model):
    """One import (or hand entry) of a period's figures; the entries it wrote point back to it."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="sheets")
    period = models.CharField(_("period"), max_length=10)
    source = models.CharField(_("source"), max_length=10, default="import")  # import | manual
    filename = models.CharField(_("file"), max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    rows = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("data sheet")
        verbose_name_plural = _("data sheets")

    def __str__(self):
        return f"{self.competition_id} {self.period} {self.filename}"


class Entry(models.Model):
    """A participant's figures for a period: {indicator: {value, base, plan}} and facts."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="entries")
    period = models.CharField(_("period"), max_length=10)
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="entries")
    values = models.JSONField(default=dict)
    facts = models.JSONField(default=dict)
    sheet = models.ForeignKey(
        DataSheet, null=True, blank=True, on_delete=models.SET_NULL, related_name="entries"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "period", "participant"], name="contests_entry_unique"
            )
        ]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")

    def __str__(self):
        return f"{self.participant_id} {self.period}"


class Evaluation(models.Model):
    """One run of the engine over a period. Versions accumulate; exactly one per period is current."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="evaluations")
    period = models.CharField(_("period"), max_length=10)
    version = models.PositiveIntegerField(_("version"))
    current = models.BooleanField(_("current"), default=True)
    scheme_hash = models.CharField(max_length=64)
    inputs_hash = models.CharField(max_length=64)
    summary = models.JSONField(default=dict)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["competition", "-period", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "period", "version"], name="contests_eval_version"
            ),
            models.UniqueConstraint(
                fields=["competition", "period"],
                condition=models.Q(current=True),
                name="contests_eval_one_current",
            ),
        ]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self):
        return f"{self.competition} {self.period} v{self.version}"

    @property
    def unit(self):
        return self.competition.organiser


class Result(models.Model):
    STATUS = [
        ("ranked", pgettext_lazy("result status", "ranked")),
        ("ineligible", pgettext_lazy("result status", "ineligible for awards")),
        ("disqualified", pgettext_lazy("result status", "disqualified")),
        ("not_eligible", pgettext_lazy("result status", "not eligible to take part")),
    ]

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="results")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="results")
    group = models.CharField(max_length=40)
    score = models.DecimalField(_("score"), max_digits=16, decimal_places=2, null=True)
    rank = models.PositiveIntegerField(_("rank"), null=True)
    rank_from_bottom = models.PositiveIntegerField(null=True)
    disqualified = models.BooleanField(_("disqualified"), default=False)
    # ranked; ineligible 取消评选资格 (ranked, penalised, no award); disqualified 取消参赛资格 (out of the
    # field); not_eligible 不符合参赛条件 (an eligibility rule failed)
    status = models.CharField(_("status"), max_length=14, choices=STATUS, default="ranked")
    reasons = models.JSONField(default=list)
    awards = models.JSONField(default=list)
    penalties = models.JSONField(default=list)
    errors = models.JSONField(default=list)
    values = models.JSONField(default=dict)
    explanation = models.JSONField(default=list)

    class Meta:
        ordering = ["group", "rank", "id"]
        indexes = [models.Index(fields=["evaluation", "group", "rank"], name="contests_result_rank")]
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self):
        return f"{self.participant_id} #{self.rank}"


class Bulletin(TimeStampedModel):
    """通报: a published snapshot of one evaluation, sealed in the results ledger."""

    STATUS = [("draft", _("Draft")), ("published", _("Published"))]
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="bulletins")
    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="bulletins")
    number = models.PositiveIntegerField(pgettext_lazy("contests", "number"))
    title = models.CharField(_("title"), max_length=200)
    addressees = models.CharField(_("addressees"), max_length=300, blank=True)  # 主送
    body = models.TextField(_("body"), blank=True)  # 正文
    signer = models.CharField(_("signed by"), max_length=200, blank=True)  # 落款
    issued_on = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=10, choices=STATUS, default="published")
    public = models.BooleanField(_("public"), default=False)
    snapshot = models.JSONField(default=dict)
    ledger_hash = models.CharField(_("ledger hash"), max_length=64, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "number"], name="contests_bulletin_number")
        ]
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")

    def __str__(self):
        return self.title

    @property
    def unit(self):
        return self.competition.organiser


class LedgerEntry(models.Model):
    """The public results ledger: each locked score and published bulletin, sha256-chained."""

    seq = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=20)  # score | bulletin
    ref = models.CharField(max_length=60)
    competition = models.ForeignKey(
        Competition, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    payload = models.JSONField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")

    def __str__(self):
        return f"#{self.seq} {self.kind} {self.hash[:12]}"


class LedgerHead(models.Model):
    last_hash = models.CharField(max_length=64, default="0" * 64)
    count = models.BigIntegerField(default=0)

    def __str__(self):
        return self.last_hash


class Event(TimeStampedModel):
    """A judged event: a live panel (庭审驾驭), a blind review (裁判文书) or a record review (案卷评查)."""

    KINDS = [("panel", _("Panel scoring")), ("blind", _("Blind review")), ("record", _("Record review"))]
    STATUS = [("open", _("Open")), ("closed", _("Grading closed")), ("released", _("Identities released"))]
    code = models.CharField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=KINDS)
    organiser = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser")
    )
    competition = models.ForeignKey(
        Competition, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    criteria = models.JSONField(_("rubric"), default=list)  # [{name, max}]
    trim_min_judges = models.PositiveSmallIntegerField(_("trim at judges"), default=5)
    tolerance = models.DecimalField(_("tolerance"), max_digits=6, decimal_places=2, default=5)
    status = models.CharField(_("status"), max_length=10, choices=STATUS, default="open")
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("judged event")
        verbose_name_plural = _("judged events")

    def __str__(self):
        return self.name

    @property
    def unit(self):
        return self.organiser

    @property
    def max_total(self):
        return sum(float(c.get("max", 0)) for c in self.criteria)


class Judge(models.Model):
    ROLES = [
        ("judge", _("Judge")),
        ("grader", pgettext_lazy("contests", "Grader")),
        ("leader", _("Group leader")),
        ("checker", _("Checker")),
    ]
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="judges")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=10, choices=ROLES, default="judge")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "person", "role"], name="contests_judge_unique")
        ]

    def __str__(self):
        return f"{self.person_id} {self.role}"


class Entrant(models.Model):
    """Who (or which case file) is judged. In a blind review graders only ever see `seal_code`."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="entrants")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200, blank=True)
    seal_code = models.CharField(_("seal code"), max_length=20)
    document = models.FileField(_("document"), upload_to="contests/blind/", blank=True)
    text = models.TextField(_("text"), blank=True)  # the document's text with names replaced

    class Meta:
        ordering = ["seal_code"]
        constraints = [models.UniqueConstraint(fields=["event", "seal_code"], name="contests_seal_unique")]

    def __str__(self):
        return self.seal_code


class Mark(models.Model):
    """One judge's score of one entrant. `slot`: 1, 2, 3 and 4 (leader) in a blind review; the stage
    (self, cross, central) in a record review. A submitted mark is locked and sealed in the ledger."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="marks")
    entrant = models.ForeignKey(Entrant, on_delete=models.CASCADE, related_name="marks")
    judge = models.ForeignKey(Judge, on_delete=models.PROTECT, related_name="marks")
    slot = models.CharField(max_length=10, default="")
    points = models.JSONField(default=dict)
    total = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    findings = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    ledger_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["entrant", "slot", "id"]
        constraints = [
            models.UniqueConstraint(fields=["entrant", "judge", "slot"], name="contests_mark_unique")
        ]

    def __str__(self):
        return f"{self.entrant_id} {self.slot} {self.total}"
