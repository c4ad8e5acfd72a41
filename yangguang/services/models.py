"""Service items (办事指南), cases (办件) and their history, the e-supervision records, first inquiries
(首问负责), 好差评 ratings with rectification, and the hotline's work orders (96128 专线).

Lights are computed from the stored due date (see rules.py); `light_state` on a case or order is only
the sweep's record of the last light it announced, so a change is recorded and notified once.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yangguang.core.models import TimeStampedModel
from yangguang.orgs.models import Person, Unit


class ItemType(models.TextChoices):
    LICENSE = "license", _("Administrative licence")  # 行政许可
    BENEFIT = "benefit", _("Administrative payment")  # 行政给付
    CONFIRMATION = "confirmation", _("Administrative confirmation")  # 行政确认
    RULING = "ruling", _("Administrative ruling")  # 行政裁决
    PUBLIC = "public", _("Public service")  # 公共服务
    OTHER = "other", _("Other administrative power")  # 其他行政权力


class Mode(models.TextChoices):
    """五制办理."""

    DIRECT = "direct", _("Direct (general items)")  # 一般事项直接办
    PROMISED = "promised", _("Promised (special items)")  # 特殊事项承诺办
    JOINT = "joint", _("Joint (important items)")  # 重要事项联合办
    GUIDED = "guided", _("Guided (reported items)")  # 上报事项指导办
    ANSWER = "answer", _("Clear answer (controlled items)")  # 控制事项明确答复


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


class ServiceItem(TimeStampedModel):
    """One version of a service item's guide. Versions of the same item share `code`."""

    code = models.CharField(_("code"), max_length=60, db_index=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=ItemStatus.choices, default="draft")
    name = models.CharField(_("name"), max_length=200, db_index=True)
    item_type = models.CharField(_("item type"), max_length=20, choices=ItemType.choices, default="license")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="service_items", verbose_name=_("implementing unit")
    )
    theme = models.CharField(_("theme"), max_length=60, blank=True, db_index=True)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    basis = models.TextField(pgettext_lazy("services", "legal basis"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    materials = models.JSONField(
        _("materials"), default=list, blank=True
    )  # [{name, form, copies, required, sample}]
    steps = models.JSONField(_("procedure steps"), default=list, blank=True)  # [str]
    statutory_limit = models.PositiveIntegerField(_("statutory time limit (working days)"), default=20)
    promised_limit = models.PositiveIntegerField(_("promised time limit (working days)"), default=0)
    # 行政许可法 art. 42: "法律、法规另有规定的，依照其规定" — an item may carry its own extension limit
    extension_limit = models.PositiveIntegerField(
        _("extension limit (working days)"), null=True, blank=True, help_text=_("empty: the statute's")
    )
    extension_basis = models.CharField(_("legal basis of the extension limit"), max_length=300, blank=True)
    fee_standard = models.CharField(_("fee standard"), max_length=300, blank=True)
    fee_basis = models.CharField(_("fee basis"), max_length=300, blank=True)
    result_name = models.CharField(_("result document"), max_length=200, blank=True)
    result_sample = models.FileField(_("result sample"), upload_to="services/samples/", blank=True)
    mode = models.CharField(_("handling mode"), max_length=12, choices=Mode.choices, default="direct")
    joint_units = models.ManyToManyField(
        Unit, blank=True, related_name="joint_service_items", verbose_name=_("joint units")
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    hours = models.CharField(_("office hours"), max_length=200, blank=True)
    consult_phone = models.CharField(_("consultation phone"), max_length=60, blank=True)
    complaint_phone = models.CharField(_("complaint phone"), max_length=60, blank=True)
    reviewed_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="services_item_version_unique"),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(status="published"),
                name="services_item_one_published",
            ),
        ]

    def __str__(self):
        return f"{self.name} (v{self.version})"

    @property
    def material_rows(self) -> list[dict]:
        """The materials, each with `sample_url`: a stored sample file's address or an outside link."""
        out = []
        for m in self.materials or []:
            sample = m.get("sample") or ""
            url = sample if sample.startswith(("http://", "https://", "/")) else ""
            if sample and not url:
                url = default_storage.url(sample)
            out.append({**m, "sample_url": url})
        return out

    @property
    def instant(self) -> bool:
        """即办件: due the same day it is accepted."""
        return self.promised_limit == 0


class CaseStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("services", "Submitted")
    SUPPLEMENT = "supplement", _("Awaiting supplement")  # 补正
    ACCEPTED = "accepted", _("In progress")  # 受理
    PAUSED = "paused", _("Paused")  # 特别程序
    COMPLETED = "completed", _("Completed")  # 办结
    REFUSED = "refused", _("Not accepted")  # 不予受理
    RETURNED = "returned", _("Returned")  # 退回


OPEN_STATUSES = ("accepted", "paused")


class Case(TimeStampedModel):
    number = models.CharField(_("case number"), max_length=40, unique=True)
    query_code = models.CharField(_("query code"), max_length=12)
    item = models.ForeignKey(
        ServiceItem, on_delete=models.PROTECT, related_name="cases", verbose_name=_("item")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="service_cases", verbose_name=_("unit")
    )
    unit_path = models.CharField(max_length=255, db_index=True)  # the unit's path, for subtree figures
    handler = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_cases",
        verbose_name=_("handler"),
    )
    channel = models.CharField(_("channel"), max_length=10, default="window")  # window | online
    applicant_name = models.CharField(_("applicant"), max_length=100)
    applicant_phone = models.CharField(_("applicant phone"), max_length=40, blank=True)
    applicant_id_no = models.CharField(_("applicant ID"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=CaseStatus.choices, default="submitted")
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_on = models.DateField(_("submitted on"), db_index=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    limit_days = models.PositiveIntegerField(_("time limit (working days)"), default=0)
    extension_days = models.PositiveIntegerField(_("extension (working days)"), default=0)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    due_verified = models.BooleanField(default=True)
    completed_on = models.DateField(pgettext_lazy("services", "completed on"), null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(
        pgettext_lazy("services", "result"), max_length=10, blank=True
    )  # approved | denied
    document_no = models.CharField(pgettext_lazy("services", "document number"), max_length=100, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)  # refusal / return
    supplements = models.PositiveIntegerField(default=0)  # 补正 notices issued
    materials_on = models.DateField(_("materials received on"), null=True, blank=True)
    supplement_notice_on = models.DateField(_("supplement notice sent on"), null=True, blank=True)
    # art. 32(4): no notice within 5 working days -> accepted on the day the materials arrived
    deemed_accepted = models.BooleanField(_("deemed accepted"), default=False)
    joint = models.BooleanField(default=False)
    # facts fixed at 办结 (or 退回), for the figures
    workdays_used = models.IntegerField(null=True, blank=True)
    on_time = models.BooleanField(null=True)
    early = models.BooleanField(null=True)
    same_day = models.BooleanField(null=True)
    light_state = models.CharField(max_length=8, default="green")
    red_card_level = models.PositiveSmallIntegerField(default=0)  # 0 none, 1 yellow card, 2 red card

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["status", "due_on"], name="services_case_open_due"),
            models.Index(fields=["unit_path", "submitted_on"], name="services_case_path_sub"),
            models.Index(fields=["completed_on"], name="services_case_completed"),
            models.Index(
                fields=["unit_path"],
                include=["status", "due_on"],
                condition=models.Q(status__in=["accepted", "paused"]),
                opclasses=["varchar_pattern_ops"],
                name="services_case_open_path",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def case_class(self) -> str:
        from .rules import case_class

        return case_class(
            status=self.status, joint=self.joint, supplements=self.supplements, limit_days=self.limit_days
        )


class PublicCase(models.Model):
    """The read model behind the public case lookup (办件查询): what the applicant may see, in
    language-neutral codes, rewritten in the same transaction as every change to the case
    (signals.py → publicview.py), so a lookup is one primary-key read. The light is not here: it
    is computed at read from `view["due_on"]`."""

    number = models.CharField(max_length=40, primary_key=True)
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="public")
    query_code = models.CharField(max_length=12)
    unit_path = models.CharField(max_length=255)
    view = models.JSONField()

    def __str__(self):
        return self.number


class PublicItemPage(models.Model):
    """The read model behind the public item guide (六公开, issue 15): the guide's body (heading, lead,
    the six publics) rendered once per language when the item is published (itempages.py), so a
    visit is one read and no template work. A row is served only while its stamps match: `build`
    (the body templates, the translation catalogues, the media and script prefixes) and the
    `updated_at` of the item and of its unit as they were at rendering; otherwise it is rendered
    again on read. Joint units' changes drop the rows they appear in (signals.py)."""

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="public_pages")
    language = models.CharField(max_length=10)
    html = models.TextField()
    build = models.CharField(max_length=16)
    item_updated = models.DateTimeField()
    unit_updated = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "language"], name="services_itempage_unique")]

    def __str__(self):
        return f"{self.item_id}:{self.language}"


class CaseEvent(models.Model):
    """The case's history: every transition and processing step, who and when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(
        max_length=20
    )  # submit accept refuse supplement resubmit step pause resume extend ...
    step = models.CharField(max_length=40, blank=True)  # 承办 / 审核 / 批准
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()
    note = models.CharField(max_length=1000, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.case_id}:{self.kind}"


class PauseKind(models.TextChoices):
    """行政许可法 art. 45: time that does not count towards the limit."""

    HEARING = "hearing", _("Hearing")  # 听证
    TESTING = "testing", _("Inspection and testing")  # 检验检测
    EXPERT = "expert", _("Expert review")  # 专家评审
    AUCTION = "auction", _("Tender or auction")  # 招标拍卖
    QUARANTINE = "quarantine", _("Quarantine or appraisal")  # 检疫鉴定
    OTHER = "other", _("Other special procedure")


class Pause(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField(_("special procedure"), max_length=12, choices=PauseKind.choices)
    reason = models.CharField(_("reason"), max_length=500)
    first = models.DateField(_("from"))
    last = models.DateField(_("until"), null=True, blank=True)  # null while the clock stands still
    applicant_told = models.BooleanField(_("applicant told"), default=False)
    notice_on = models.DateField(_("applicant told in writing on"), null=True, blank=True)
    expected_days = models.PositiveIntegerField(_("time needed (working days)"), null=True, blank=True)

    class Meta:
        ordering = ["first", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.first}–{self.last or ''}"


class Extension(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveIntegerField(_("days"))
    approver = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("approver")
    )
    reason = models.CharField(_("reason"), max_length=500)
    at = models.DateTimeField()
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    told_on = models.DateField(_("applicant told on"), null=True, blank=True)

    def __str__(self):
        return f"+{self.days}"


class JointPart(models.Model):
    """A co-unit's share of a joint case (联办件), with its own sub-deadline."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parts")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    lead = models.BooleanField(default=False)
    limit_days = models.PositiveIntegerField(default=0)
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    opinion = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-lead", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "unit"], name="services_jointpart_unique")]

    def __str__(self):
        return f"{self.case_id}:{self.unit_id}"


class LightEvent(models.Model):
    """A light change announced by the sweep: once per change (case or hotline order)."""

    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="lights")
    order = models.ForeignKey(
        "HotlineOrder", null=True, blank=True, on_delete=models.CASCADE, related_name="lights"
    )
    inquiry = models.ForeignKey(
        "FirstInquiry", null=True, blank=True, on_delete=models.CASCADE, related_name="lights"
    )
    old = models.CharField(max_length=8)
    new = models.CharField(max_length=8)
    on = models.DateField()
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.old}→{self.new}"


class Card(models.Model):
    """Yellow card when a case turns red; red card when it stays red past the second threshold."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="cards")
    level = models.CharField(max_length=8)  # yellow | red
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    on = models.DateField()

    class Meta:
        ordering = ["-on", "-id"]
        constraints = [models.UniqueConstraint(fields=["case", "level"], name="services_card_once")]

    def __str__(self):
        return f"{self.case_id}:{self.level}"


class Notification(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="service_notifications")
    text = models.CharField(max_length=500)  # the Chinese wording, for exports and searches
    kind = models.CharField(max_length=30, blank=True)  # notices.TEXTS; worded at read when set
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["person", "read_at"], name="services_notif_unread")]

    def __str__(self):
        return self.text

    @property
    def message(self) -> str:
        """The notice in the reader's language (older rows without a kind keep their text)."""
        if not self.kind:
            return self.text
        from .notices import render

        return render(self.kind, self.params)


class CentreSettings(TimeStampedModel):
    """Per-centre e-supervision settings; a unit uses the nearest ancestor's row, else the defaults."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="service_settings")
    yellow_days = models.PositiveSmallIntegerField(_("yellow light at ≤ working days left"), default=1)
    red_card_days = models.PositiveSmallIntegerField(_("red card after working days overdue"), default=3)
    callback_days = models.PositiveSmallIntegerField(_("call-back within working days"), default=1)
    rectify_days = models.PositiveSmallIntegerField(_("rectify within working days"), default=15)
    inquiry_days = models.PositiveSmallIntegerField(
        _("answer first inquiries within working days"), default=1
    )

    class Meta:
        verbose_name = _("e-supervision settings")
        verbose_name_plural = _("e-supervision settings")

    def __str__(self):
        return str(self.unit)


class FirstInquiry(TimeStampedModel):
    """首问负责: the first person asked owns the follow-up."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="first_inquiries", verbose_name=_("window")
    )
    asker_name = models.CharField(_("who asked"), max_length=100)
    asker_phone = models.CharField(_("phone"), max_length=40, blank=True)
    question = models.CharField(pgettext_lazy("services", "question"), max_length=1000)
    asked = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("who was asked")
    )
    owner = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("follow-up owner")
    )
    asked_at = models.DateTimeField(_("asked at"))
    due_on = models.DateField(_("due on"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer = models.CharField(pgettext_lazy("services", "answer"), max_length=1000, blank=True)
    light_state = models.CharField(max_length=8, default="green")

    class Meta:
        ordering = ["-asked_at"]
        verbose_name = _("first inquiry")
        verbose_name_plural = _("first inquiries")

    def __str__(self):
        return f"{self.asker_name}: {self.question[:30]}"


LEVELS = [
    (1, _("Very satisfied")),  # 非常满意
    (2, _("Satisfied")),  # 满意
    (3, _("Basically satisfied")),  # 基本满意
    (4, _("Dissatisfied")),  # 不满意
    (5, _("Very dissatisfied")),  # 非常不满意
]


class Rating(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="ratings")
    unit_path = models.CharField(max_length=255, db_index=True)
    channel = models.CharField(_("channel"), max_length=10)  # web | window
    level = models.PositiveSmallIntegerField(_("level"), choices=LEVELS)
    text = models.CharField(_("comment"), max_length=1000, blank=True)
    on = models.DateField(db_index=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at"]
        constraints = [models.UniqueConstraint(fields=["case", "channel"], name="services_rating_once")]

    def __str__(self):
        return f"{self.case_id}:{self.level}"

    @property
    def bad(self) -> bool:
        return self.level >= 4


class RectStatus(models.TextChoices):
    OPEN = "open", _("Awaiting call-back")
    VERIFIED = "verified", _("Verified; rectifying")
    RECTIFIED = "rectified", _("Rectified and answered")
    APPEALED = "appealed", _("Appealed")
    ANNULLED = "annulled", _("Annulled on appeal")


class Rectification(TimeStampedModel):
    rating = models.OneToOneField(Rating, on_delete=models.CASCADE, related_name="rectification")
    status = models.CharField(max_length=10, choices=RectStatus.choices, default="open")
    callback_due = models.DateField()
    rectify_due = models.DateField()
    callback_on = models.DateField(null=True, blank=True)
    callback_note = models.CharField(max_length=1000, blank=True)
    answer = models.CharField(max_length=1000, blank=True)
    rectified_on = models.DateField(null=True, blank=True)
    appeal_reason = models.CharField(max_length=1000, blank=True)
    appeal_decision = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self):
        return f"{self.rating_id}:{self.status}"


class OrderKind(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation")  # 咨询
    COMPLAINT = "complaint", _("Complaint")  # 投诉
    SUGGESTION = "suggestion", _("Suggestion")  # 建议
    HELP = "help", _("Help request")  # 求助


class OrderStatus(models.TextChoices):
    LOGGED = "logged", _("Logged")
    DISPATCHED = "dispatched", _("Dispatched")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Called back")


class HotlineOrder(TimeStampedModel):
    """A 96128 call as a work order: logged by a worker, dispatched to a unit's liaison, answered."""

    number = models.CharField(_("order number"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=14, choices=OrderKind.choices)
    caller_name = models.CharField(_("caller"), max_length=100)
    caller_phone = models.CharField(_("caller phone"), max_length=40, blank=True)
    content = models.CharField(_("content"), max_length=2000)
    centre = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("hotline"))
    worker = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("worker"))
    received_at = models.DateTimeField(_("received at"))
    received_on = models.DateField(db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=OrderStatus.choices, default="logged")
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assigned unit"),
    )
    unit_path = models.CharField(max_length=255, blank=True, db_index=True)
    liaison = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("liaison")
    )
    limit_days = models.PositiveIntegerField(_("reply within (working days)"), default=5)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    answered_on = models.DateField(null=True, blank=True)
    answer = models.CharField(pgettext_lazy("services", "answer"), max_length=2000, blank=True)
    on_time = models.BooleanField(null=True)
    called_back_on = models.DateField(null=True, blank=True)
    level = models.PositiveSmallIntegerField(_("caller's rating"), choices=LEVELS, null=True, blank=True)
    light_state = models.CharField(max_length=8, default="green")

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("hotline order")
        verbose_name_plural = _("hotline orders")

    def __str__(self):
        return self.number


class CaseDay(models.Model):
    """Daily counters per window and handler: the figures read these, not the million cases.

    Kept by the actions (one conditional UPDATE per change) and rebuilt from the cases by
    `queries.rollup_rebuild()` after bulk loads (demo, imports, benchmarks).
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    unit_path = models.CharField(max_length=255)
    handler = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    day = models.DateField()
    received = models.IntegerField(default=0)
    accepted = models.IntegerField(default=0)
    completed = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    early = models.IntegerField(default=0)
    same_day = models.IntegerField(default=0)
    late = models.IntegerField(default=0)
    returned = models.IntegerField(default=0)
    workdays = models.IntegerField(default=0)
    rated = models.IntegerField(default=0)
    good = models.IntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["unit_path", "day"], name="services_caseday_path_day"),
            models.Index(fields=["handler", "day"], name="services_caseday_handler_day"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["unit", "handler", "day"], name="services_caseday_unique")
        ]

    def __str__(self):
        return f"{self.unit_path}:{self.day}"
