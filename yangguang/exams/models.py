"""Knowledge contests (知识竞赛): the bank, blueprints and papers, candidates, sites and sittings,
invigilation, answers, sealed grading, advancement and the on-stage final.

Answers are stored canonically (original option indices), whatever order a candidate saw them in,
so grading never depends on the layout a candidate was shown.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yangguang.core.models import TimeStampedModel
from yangguang.orgs.models import Person, Unit

KINDS = [
    ("single", _("Single choice")),
    ("multi", _("Multiple choice")),
    ("tf", _("True/false")),
    ("fill", _("Fill in the blank")),
    ("short", _("Short answer")),
]
OBJECTIVE = ("single", "multi", "tf", "fill")


class Category(TimeStampedModel):
    """A node of a unit's question category tree (政务公开 › 依申请公开 …)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "parent", "name"], name="exams_category_unique")
        ]
        verbose_name = pgettext_lazy("exams", "category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    @property
    def top(self) -> "Category":
        node = self
        while node.parent_id:
            node = node.parent
        return node


class Question(TimeStampedModel):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    kind = models.CharField(_("type"), max_length=10, choices=KINDS)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="questions",
        verbose_name=pgettext_lazy("exams", "category"),
    )
    difficulty = models.PositiveSmallIntegerField(_("difficulty"), default=2)  # 1 easy, 2 medium, 3 hard
    stem = models.TextField(_("question"))
    options = models.JSONField(_("options"), default=list, blank=True)
    # single: int; multi: [int]; tf: bool; fill: [[accepted, …] per blank]; short: null
    answer = models.JSONField(_("answer"), null=True, blank=True)
    rubric = models.TextField(pgettext_lazy("exams", "rubric"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    fingerprint = models.CharField(max_length=64, db_index=True, blank=True)
    near_duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.stem[:40]


class Exam(TimeStampedModel):
    """One knowledge contest: its preliminary written exam and (optionally) its final."""

    STATUSES = [
        ("draft", _("Draft")),
        ("open", _("Sitting")),
        ("grading", _("Grading")),
        ("published", _("Unsealed and published")),
    ]
    ROUNDING = [("half_up", _("Round half up")), ("ceil", _("Round up")), ("floor", _("Round down"))]
    UNIT_RULES = [("mean", _("Mean of its candidates")), ("sum", _("Sum of its candidates"))]

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser"))
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(_("status"), max_length=12, choices=STATUSES, default="draft")
    quota_percent = models.DecimalField(
        _("quota (percent of staff)"), max_digits=5, decimal_places=2, default=15
    )
    quota_rounding = models.CharField(_("rounding"), max_length=10, choices=ROUNDING, default="half_up")
    shuffle_options = models.BooleanField(_("shuffle options per candidate"), default=True)
    versions = models.CharField(_("paper versions"), max_length=10, default="AB")
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=120)
    mark_tolerance = models.DecimalField(_("marking tolerance"), max_digits=6, decimal_places=2, default=2)
    grading_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("grading group leader"),
    )
    unit_rule = models.CharField(_("unit result"), max_length=10, choices=UNIT_RULES, default="mean")
    advance_count = models.PositiveIntegerField(_("units advancing"), default=8)
    unsealed_at = models.DateTimeField(_("unsealed at"), null=True, blank=True)
    seed = models.BigIntegerField(_("seed"), default=0)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("exam")
        verbose_name_plural = _("exams")

    def __str__(self):
        return self.name


class CommitteeMember(TimeStampedModel):
    """The contest's leading group (组长, 副组长, 成员) and its office (办公室)."""

    ROLES = [
        ("head", _("Head")),
        ("deputy", _("Deputy head")),
        ("member", _("Member")),
        ("office", _("Office")),
    ]
    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="committee")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    role = models.CharField(pgettext_lazy("exams", "role"), max_length=10, choices=ROLES)
    title = models.CharField(pgettext_lazy("exams", "title"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["exam", "person", "role"], name="exams_committee_unique")
        ]


class Blueprint(TimeStampedModel):
    """How many questions of each type × category × difficulty, and their points."""

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="blueprints")
    name = models.CharField(_("name"), max_length=100)
    # [{"kind", "category" (id), "difficulty", "count", "points"}]
    cells = models.JSONField(_("cells"), default=list)

    class Meta:
        ordering = ["id"]


class Paper(TimeStampedModel):
    """One version (A/B …) of the exam's paper, drawn from a blueprint with a recorded seed."""

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="papers")
    blueprint = models.ForeignKey(Blueprint, on_delete=models.PROTECT, related_name="papers")
    version = models.CharField(_("version"), max_length=2)
    seed = models.BigIntegerField(_("seed"))
    # [{"q": question id, "points": "2", "perm": [option order shown on this version]}]
    items = models.JSONField(default=list)

    class Meta:
        ordering = ["version"]
        constraints = [models.UniqueConstraint(fields=["exam", "version"], name="exams_paper_version")]

    def __str__(self):
        return f"{self.exam} · {self.version}"


class Sitting(TimeStampedModel):
    """A time window in which every site sits at once."""

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="sittings")
    name = models.CharField(_("name"), max_length=100)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        ordering = ["starts_at"]


class Site(TimeStampedModel):
    MODES = [("online", pgettext_lazy("exams", "Online")), ("paper", _("Paper"))]
    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="sites")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("host unit"))
    # Units whose candidates sit here (the host's included); no invigilator may come from them.
    units = models.ManyToManyField(Unit, related_name="+", blank=True)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    seats = models.PositiveIntegerField(_("seats"), default=60)
    mode = models.CharField(_("mode"), max_length=10, choices=MODES, default="online")

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class ExamUnit(TimeStampedModel):
    """A participating unit, its staff count, quota and how the quota was filled (recorded seed)."""

    METHODS = [("draw", _("Random draw")), ("nomination", _("Nomination"))]
    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    staff = models.PositiveIntegerField(_("staff"), default=0)
    quota = models.PositiveIntegerField(_("quota"), default=0)
    method = models.CharField(_("method"), max_length=12, choices=METHODS, default="draw")
    seed = models.BigIntegerField(_("seed"), null=True, blank=True)
    drawn = models.JSONField(default=list, blank=True)  # person ids, in draw order
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["exam", "unit"], name="exams_examunit_unique")]


class Candidate(TimeStampedModel):
    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="candidates")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    site = models.ForeignKey(
        Site, null=True, blank=True, on_delete=models.SET_NULL, related_name="candidates"
    )
    seat = models.PositiveIntegerField(_("seat"), null=True, blank=True)
    seal_code = models.CharField(_("seal code"), max_length=16)
    exam_code = models.CharField(_("exam code"), max_length=16, unique=True)
    code_used_at = models.DateTimeField(null=True, blank=True)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    paper = models.ForeignKey(Paper, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    layout = models.JSONField(default=dict, blank=True)  # {question id: option order shown}
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(default=True)  # False once replaced
    objective_score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    subjective_score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    total = models.DecimalField(
        pgettext_lazy("exams", "score"), max_digits=8, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["exam", "seal_code"], name="exams_candidate_seal"),
            models.UniqueConstraint(
                fields=["exam", "person"], condition=models.Q(active=True), name="exams_candidate_once"
            ),
        ]

    def __str__(self):
        return self.seal_code


class Replacement(TimeStampedModel):
    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="replacements")
    old = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    new = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")


class SiteStaff(TimeStampedModel):
    """Who works at a site: the invigilation group (two), the site's leader and its liaison."""

    ROLES = [("invigilator", _("Invigilator")), ("leader", _("Site leader")), ("liaison", _("Liaison"))]
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="staff")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(pgettext_lazy("exams", "role"), max_length=12, choices=ROLES)
    group_no = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["site_id", "role", "id"]


class Patrol(TimeStampedModel):
    """A patrol visit (巡考) to a site during the sitting."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="patrols")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("patroller")
    )
    at = models.DateTimeField(_("at"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at"]


class Answer(models.Model):
    """One candidate's answer to one question: an upsert per (candidate, question)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    value = models.JSONField(null=True)
    saved_at = models.DateTimeField()
    revisions = models.PositiveIntegerField(default=1)
    score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    rule = models.CharField(max_length=200, blank=True)  # how the score came about

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "question"], name="exams_answer_once"),
        ]

    def __str__(self):
        return f"{self.candidate_id}:{self.question_id}"


class ExamEvent(models.Model):
    """What invigilators see: sign-ins, tab leaves, refused late answers, submissions."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20)
    at = models.DateTimeField()
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return self.kind


class SheetEntry(TimeStampedModel):
    """An answer sheet keyed in at a paper-based site; every sheet is keyed twice."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="sheets")
    round = models.PositiveSmallIntegerField()
    answers = models.JSONField(default=dict)  # {item number: what the sheet shows}
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["candidate", "round"], name="exams_sheet_round")]


class Mark(TimeStampedModel):
    """One grader's mark of a short answer (slot 1, 2, 3 or L for the group leader)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="marks")
    grader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    slot = models.CharField(max_length=1)
    points = models.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "slot"], name="exams_mark_slot"),
            models.UniqueConstraint(fields=["answer", "grader"], name="exams_mark_grader"),
        ]


class UnitResult(TimeStampedModel):
    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="unit_results")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    candidates = models.PositiveIntegerField(default=0)
    submitted = models.PositiveIntegerField(default=0)
    value = models.DecimalField(max_digits=10, decimal_places=2, null=True)
    best = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    rank = models.PositiveIntegerField(null=True)
    advanced = models.BooleanField(default=False)
    rule = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["rank", "id"]
        constraints = [models.UniqueConstraint(fields=["exam", "unit"], name="exams_unitresult_unique")]


class Final(TimeStampedModel):
    """The on-stage final: teams, rounds, scoring events, the arbitration seat and the jury."""

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="finals")
    name = models.CharField(_("name"), max_length=200)
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    # {"bida": 10, "qiangda": 20, "foul": 10, "fengxian": [10, 20, 30]}
    rules = models.JSONField(default=dict)
    current_round = models.ForeignKey(
        "Round", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self):
        return self.name


class Team(TimeStampedModel):
    final = models.ForeignKey(Final, on_delete=models.CASCADE, related_name="teams")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    members = models.ManyToManyField(Person, related_name="+", blank=True)
    seat = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["seat", "id"]
        constraints = [models.UniqueConstraint(fields=["final", "unit"], name="exams_team_unit")]

    def __str__(self):
        return self.name


class Juror(TimeStampedModel):
    final = models.ForeignKey(Final, on_delete=models.CASCADE, related_name="jurors")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    chair = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["final", "person"], name="exams_juror_once")]


class Round(TimeStampedModel):
    KINDS = [("bida", _("Compulsory")), ("qiangda", _("Buzzer")), ("fengxian", _("Risk"))]
    final = models.ForeignKey(Final, on_delete=models.CASCADE, related_name="rounds")
    kind = models.CharField(max_length=10, choices=KINDS)
    no = models.PositiveIntegerField()
    name = models.CharField(max_length=100)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["no"]
        constraints = [models.UniqueConstraint(fields=["final", "no"], name="exams_round_no")]


class ScoreEvent(TimeStampedModel):
    """One scoring event on stage (or an arbitration's correction); the scoreboard sums these."""

    OUTCOMES = [
        ("correct", _("Correct")),
        ("wrong", _("Wrong")),
        ("foul", _("Foul")),
        ("ruling", _("Arbitration ruling")),
    ]
    final = models.ForeignKey(Final, on_delete=models.CASCADE, related_name="events")
    round = models.ForeignKey(Round, null=True, on_delete=models.PROTECT, related_name="events")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="events")
    question = models.CharField(max_length=300, blank=True)
    outcome = models.CharField(max_length=10, choices=OUTCOMES)
    value = models.IntegerField(null=True, blank=True)  # the stake picked in a risk round
    delta = models.DecimalField(max_digits=8, decimal_places=2)
    rule = models.CharField(max_length=200)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["id"]


class Arbitration(TimeStampedModel):
    """A disputed answer: logged, voted on by the panel, ruled with reasons."""

    final = models.ForeignKey(Final, on_delete=models.CASCADE, related_name="arbitrations")
    event = models.ForeignKey(ScoreEvent, on_delete=models.PROTECT, related_name="+")
    claim = models.TextField(_("claim"))
    raised_by = models.CharField(_("raised by"), max_length=100, blank=True)
    status = models.CharField(max_length=10, default="open")  # open / upheld / overturned
    ruling = models.TextField(_("ruling"), blank=True)
    correction = models.ForeignKey(
        ScoreEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ruled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]


class Vote(TimeStampedModel):
    arbitration = models.ForeignKey(Arbitration, on_delete=models.CASCADE, related_name="votes")
    juror = models.ForeignKey(Juror, on_delete=models.PROTECT, related_name="+")
    overturn = models.BooleanField()
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["arbitration", "juror"], name="exams_vote_once")]


class Prize(TimeStampedModel):
    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="prizes")
    final = models.ForeignKey(Final, null=True, blank=True, on_delete=models.CASCADE, related_name="prizes")
    level = models.CharField(_("prize"), max_length=40)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
