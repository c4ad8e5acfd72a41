"""Proactive disclosure (主动公开), its review chain, requests (依申请公开) and appeals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yangguang.core.models import TimeStampedModel
from yangguang.orgs.models import Unit

from . import template as T

CHANNELS = [
    ("website", _("Website")),
    ("gazette", _("Government gazette")),
    ("press", _("Press conference")),
    ("notice_board", _("Notice board")),
    ("broadcast", _("Broadcast")),
    ("meeting", _("Meeting")),
    ("other", _("Other means")),
]
CHANNEL_LABELS = dict(CHANNELS)
AUDIENCES = [
    ("public", _("The public")),
    ("internal", _("Internal meeting")),
    ("households", _("Named households")),
]
VALIDITY = [("valid", _("In force")), ("expired", _("Expired")), ("repealed", _("Repealed"))]
PREREQUISITES = [
    ("", _("None")),
    ("audit", _("Audit before publication (理财审计在前)")),
    ("discussion", _("Collective discussion before publication (议事在前)")),
    ("publish_first", _("Publish before reporting upward (公开在前)")),
]


class Category(TimeStampedModel):
    """A node of the configurable disclosure catalogue (机构职能, 法规文件, 财政预决算 …)."""

    code = models.SlugField(_("category code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    update_cycle_days = models.PositiveIntegerField(
        _("update cycle (days)"), default=0, help_text=_("0: updated on change only")
    )
    prerequisite = models.CharField(_("prerequisite"), max_length=20, choices=PREREQUISITES, blank=True)
    report_kind = models.CharField(_("annual report line"), max_length=20, choices=T.REPORT_KINDS, blank=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("catalogue category")
        verbose_name_plural = _("catalogue categories")

    def __str__(self):
        return self.name


class DisclosureList(TimeStampedModel):
    """A unit's disclosure list for a period: 列清单 → 汇总审核 → 领导小组审定 → 公布."""

    STATUSES = [
        ("draft", _("Drafted")),
        ("submitted", _("Submitted for review")),
        ("reviewed", _("Reviewed")),
        ("approved", _("Approved by the leading group")),
        ("published", _("Published")),
    ]
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="disclosure_lists", verbose_name=_("unit")
    )
    period = models.CharField(_("period"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=12, choices=STATUSES, default="draft")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approval_note = models.CharField(_("approval (meeting, minutes)"), max_length=300, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_on = models.DateField(_("date published"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("disclosure list")
        verbose_name_plural = _("disclosure lists")

    def __str__(self):
        return self.title


class Disclosure(TimeStampedModel):
    """A proactive disclosure record (主动公开)."""

    STATUSES = [
        ("draft", _("Draft")),
        ("listed", _("On a list")),
        ("accepted", _("Passed review")),
        ("rejected", _("Sent back")),
        ("published", _("Published")),
    ]
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="disclosures", verbose_name=_("unit")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="records", verbose_name=_("category")
    )
    disclosure_list = models.ForeignKey(
        DisclosureList,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
        verbose_name=_("list"),
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"), blank=True)
    doc_number = models.CharField(_("document no."), max_length=100, blank=True)
    formed_on = models.DateField(_("formed or changed on"))
    due_on = models.DateField(_("publish by"))
    audience = models.CharField(_("audience"), max_length=12, choices=AUDIENCES, default="public")
    audience_note = models.CharField(_("audience detail"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default="draft")
    reject_reason = models.CharField(_("reason sent back"), max_length=300, blank=True)
    secrecy_checked = models.BooleanField(_("confidentiality checked"), default=False)
    secrecy_note = models.CharField(_("confidentiality note"), max_length=300, blank=True)
    prerequisite_on = models.DateField(_("audit / discussion date"), null=True, blank=True)
    prerequisite_note = models.CharField(_("audit / discussion record"), max_length=300, blank=True)
    reported_on = models.DateField(_("reported upward on"), null=True, blank=True)
    published_on = models.DateField(_("first published on"), null=True, blank=True)
    late = models.BooleanField(_("published late"), default=False)
    validity = models.CharField(_("validity"), max_length=10, choices=VALIDITY, default="valid")
    validity_changed_on = models.DateField(_("validity changed on"), null=True, blank=True)
    validity_reason = models.CharField(_("validity reason"), max_length=300, blank=True)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    stale_after = models.DateField(_("update due"), null=True, blank=True)
    stale = models.BooleanField(_("stale"), default=False)
    superseded = models.BooleanField(_("superseded by a newer record"), default=False)

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("disclosure record")
        verbose_name_plural = _("disclosure records")
        indexes = [
            models.Index(fields=["status", "audience", "-published_on", "-id"], name="disc_public_idx"),
            # Covering indexes (PostgreSQL INCLUDE): the annual report and the metrics read them alone.
            models.Index(
                fields=["unit", "published_on"], include=["late", "status"], name="disc_unit_pub_idx"
            ),
            models.Index(
                fields=["unit", "status", "formed_on"],
                include=["category", "validity", "validity_changed_on", "amount"],
                name="disc_unit_formed_idx",
            ),
            models.Index(
                fields=["category", "status", "audience", "-published_on", "-id"], name="disc_cat_idx"
            ),
            models.Index(fields=["updated_at"], name="disc_updated_idx"),
            models.Index(fields=["stale", "stale_after"], name="disc_stale_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status == "published" and self.audience == "public"


class Publication(models.Model):
    """One channel a record was published through, on a date (gazette issue, press session …)."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="publications")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=14, choices=CHANNELS)
    issue = models.CharField(_("issue / session"), max_length=60, blank=True)
    published_on = models.DateField(_("date published"))

    class Meta:
        ordering = ["published_on", "id"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        indexes = [
            models.Index(
                fields=["unit", "published_on"],
                include=["channel", "issue", "disclosure"],
                name="disc_pub_unit_idx",
            )
        ]

    def __str__(self):
        return f"{self.get_channel_display()} {self.issue}".strip()


class Attachment(TimeStampedModel):
    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("name"), max_length=200)
    file = models.FileField(_("file"), upload_to="disclosure/")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name


class Request(TimeStampedModel):
    """A disclosure request (依申请公开) on the statutory clock."""

    APPLICANTS = [("natural", _("Natural person")), ("organisation", _("Legal person or other organisation"))]
    REQUEST_CHANNELS = [
        ("online", _("Online")),
        ("letter", _("Letter")),
        ("in_person", _("In person")),
        ("fax", _("Fax")),
    ]
    STATUSES = [
        ("open", _("Being handled")),
        ("correction", _("Awaiting correction")),
        ("fee", _("Awaiting fee payment")),
        ("concluded", _("Concluded")),
    ]
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="disclosure_requests", verbose_name=_("unit")
    )
    number = models.CharField(_("number"), max_length=30, unique=True)
    query_code = models.CharField(_("query code"), max_length=16)
    applicant_kind = models.CharField(_("applicant"), max_length=14, choices=APPLICANTS)
    org_type = models.CharField(
        _("organisation type"), max_length=14, choices=[(c, e) for c, _z, e in T.ORG_TYPES], blank=True
    )
    applicant_name = models.CharField(_("applicant name"), max_length=200)
    applicant_id = models.CharField(_("ID or credit code"), max_length=60, blank=True)
    contact = models.CharField(_("contact (phone, e-mail, address)"), max_length=300, blank=True)
    content = models.TextField(_("information requested"))
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=REQUEST_CHANNELS, default="online")
    submitted_on = models.DateField(_("date submitted"))
    received_on = models.DateField(_("received on"))
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default="open")
    clock_start = models.DateField(_("clock started"))
    due_on = models.DateField(_("answer due"))
    due_verified = models.BooleanField(default=True)
    overdue = models.BooleanField(pgettext_lazy("disclosure", "overdue"), default=False)
    # 补正
    correction_notice = models.TextField(_("correction notice"), blank=True)
    correction_sent_on = models.DateField(_("correction notice sent on"), null=True, blank=True)
    correction_due_on = models.DateField(_("correction due"), null=True, blank=True)
    corrected_on = models.DateField(_("corrected request arrived on"), null=True, blank=True)
    correction_text = models.TextField(_("corrected request"), blank=True)
    # extension
    extension_days = models.PositiveSmallIntegerField(_("extension (working days)"), default=0)
    extension_reason = models.CharField(_("extension reason"), max_length=300, blank=True)
    extension_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    extension_decided_on = models.DateField(_("extension decided on"), null=True, blank=True)
    extension_notice_on = models.DateField(_("applicant told of the extension on"), null=True, blank=True)
    # fee
    fee_method = models.CharField(_("fee method"), max_length=6, blank=True)
    fee_amount = models.DecimalField(_("fee (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True)
    fee_notice_on = models.DateField(_("fee notice sent on"), null=True, blank=True)
    fee_due_on = models.DateField(_("fee due"), null=True, blank=True)
    fee_paid_on = models.DateField(_("fee paid on"), null=True, blank=True)
    # outcome
    outcome = models.CharField(_("outcome"), max_length=30, choices=T.outcome_choices(), blank=True)
    outcome_reason = models.TextField(_("reasons and legal basis"), blank=True)
    reply = models.TextField(_("reply"), blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("disclosure request")
        verbose_name_plural = _("disclosure requests")
        indexes = [
            models.Index(
                fields=["unit", "received_on"],
                include=["applicant_kind", "org_type", "concluded_on"],
                name="dreq_unit_recv_idx",
            ),
            models.Index(
                fields=["unit", "concluded_on"],
                include=["applicant_kind", "org_type", "outcome", "status", "overdue"],
                name="dreq_unit_concl_idx",
            ),
            models.Index(fields=["status", "due_on"], name="dreq_status_due_idx"),
        ]

    def __str__(self):
        return self.number

    @property
    def applicant_code(self) -> str:
        return "natural" if self.applicant_kind == "natural" else (self.org_type or "other")

    @property
    def outcome_label(self):
        return T.OUTCOME_LABELS.get(self.outcome, "")


class Consultation(TimeStampedModel):
    """A third party asked for its opinion (art. 32); its days do not count on the clock."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="consultations")
    party = models.CharField(_("third party"), max_length=200)
    sent_on = models.DateField(_("sent on"))
    due_on = models.DateField(_("answer due"))
    replied_on = models.DateField(_("answered on"), null=True, blank=True)
    opinion = models.TextField(_("opinion"), blank=True)

    class Meta:
        ordering = ["sent_on", "id"]
        verbose_name = _("third-party consultation")
        verbose_name_plural = _("third-party consultations")

    def __str__(self):
        return self.party

    @property
    def span(self):
        return (self.sent_on, self.replied_on or self.due_on)


class Appeal(TimeStampedModel):
    """An administrative review or a lawsuit about a request (annual report table 四)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    request = models.ForeignKey(
        Request,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeals",
        verbose_name=_("request"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=[(c, e) for c, _z, e in T.APPEAL_KINDS])
    filed_on = models.DateField(_("filed on"))
    result = models.CharField(
        _("review or court result"),
        max_length=10,
        choices=[(c, e) for c, _z, e in T.APPEAL_RESULTS],
        default="pending",
    )
    decided_on = models.DateField(pgettext_lazy("disclosure", "decided on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-filed_on", "-id"]
        verbose_name = _("review or litigation")
        verbose_name_plural = _("reviews and litigation")

    def __str__(self):
        return f"{self.get_kind_display()} {self.filed_on}"


class ReportNarrative(TimeStampedModel):
    """The parts of the annual report the office writes (一 总体情况, 五 问题及改进, 六 其他事项)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    overview = models.TextField(_("I. Overview"), blank=True)
    problems = models.TextField(_("V. Main problems and improvements"), blank=True)
    other = models.TextField(_("VI. Other matters to report"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("annual report text")
        verbose_name_plural = _("annual report texts")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="disc_narrative_unit_year")]

    def __str__(self):
        return f"{self.unit_id} {self.year}"
