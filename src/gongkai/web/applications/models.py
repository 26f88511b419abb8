"""Disclosure applications (依申请公开): the case, the applicant's personal data, files, timeline, notes, notices.

`Application.status` is assigned only by `applications.services` after `core.cases.check_transition`.
Table 三 reads three columns: `received_on` (Art. 31 receipt date), `outcome_on` (the day the decision was
approved or the case closed without one) and `outcome_row` (the one table 三 row it counts in).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gongkai.core.cases import ANSWERS, APPLICANT_KINDS, OPEN_STATES, REPLY_CLOCK_STATES, STATE_LABELS, State
from gongkai.core.report.templates import TEMPLATE_2021
from gongkai.web.notices.models import NoticeTemplate

STATUS_CHOICES = [(s.value, _(STATE_LABELS[s])) for s in State]
KIND_CHOICES = [(k.value, _(label)) for k, label in APPLICANT_KINDS.items()]
ANSWER_CHOICES = [(a.id, _(a.label)) for a in ANSWERS]
ROW_CHOICES = [(r, r) for r in TEMPLATE_2021.outcome_rows]
# Timeline entries that are not transitions: the online submission, a legacy import, an assignment.
EXTRA_EVENTS = (
    "submit",
    "import",
    "assign",
    "reissue_code",
    "email_notice",
    "applicant_reply",
    "withdrawal_request",
)


class Channel(models.TextChoices):
    """Art. 31 channels; values equal `gongkai.core.deadlines.Channel`."""

    IN_PERSON = "in_person", _("当面提交")
    REGISTERED_POST = "registered_post", _("邮政挂号、快递")
    ORDINARY_LETTER = "ordinary_letter", _("平常信函")
    ONLINE = "online", _("互联网在线申请")
    FAX = "fax", _("传真")
    ORAL = "oral", _("口头提出（工作人员代为填写）")


class RequestedForm(models.TextChoices):
    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子文档")
    OTHER = "other", _("其他")


class Delivery(models.TextChoices):
    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    PICKUP = "pickup", _("当面领取")
    FAX = "fax", _("传真")
    ONLINE = "online", _("网上获取")


class ServiceMethod(models.TextChoices):
    IN_PERSON = "in_person", _("直接送达")
    POST = "post", _("邮寄送达")
    EMAIL = "email", _("电子邮件送达")
    ONLINE = "online", _("网上送达")
    FAX = "fax", _("传真送达")
    OTHER = "other", _("其他方式")


class Application(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="applications", verbose_name=_("办理机关")
    )
    number = models.CharField(_("申请编号"), max_length=32, unique=True)
    year = models.PositiveIntegerField(_("编号年度"))
    seq = models.PositiveIntegerField(_("编号序号"))
    legacy_number = models.CharField(_("原编号"), max_length=64, blank=True)
    query_digest = models.CharField(max_length=64, editable=False, verbose_name=_("申请内容指纹"))
    status = models.CharField(_("状态"), max_length=24, choices=STATUS_CHOICES, default=State.SUBMITTED.value)
    channel = models.CharField(_("申请渠道"), max_length=20, choices=Channel.choices)
    applicant_kind = models.CharField(_("申请人类型"), max_length=12, choices=KIND_CHOICES)
    description = models.TextField(_("所需政府信息的名称、文号或者便于查询的其他特征性描述"))
    requested_form = models.CharField(_("信息的指定提供形式"), max_length=12, choices=RequestedForm.choices)
    delivery = models.CharField(_("获取信息的方式"), max_length=12, choices=Delivery.choices)
    # Art. 43: an applicant who has difficulty reading or seeing is helped; what help, in their words. Seen
    # only by the case's staff (it may reveal a disability), never on the public status page.
    assistance = models.CharField(_("需要的帮助"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"))
    # The one-time token of the form that filed it: the same form sent twice (a double click, a browser's retry)
    # finds this case instead of filing a second one.
    submission_token = models.CharField(
        max_length=36, blank=True, default="", editable=False, verbose_name=_("提交令牌")
    )
    arrived_on = models.DateField(_("到达日期"))
    signed_on = models.DateField(_("签收日期"), null=True, blank=True)
    confirmed_on = models.DateField(_("确认日期"), null=True, blank=True)
    received_on = models.DateField(_("收到申请日期"), null=True, blank=True, db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_applications",
        verbose_name=_("承办人"),
        db_index=False,  # app_assignee_queue below starts with it
    )
    reply_due = models.DateField(_("答复期限"), null=True, blank=True, db_index=True)
    reply_due_provisional = models.BooleanField(default=False, verbose_name=_("答复期限为暂定"))
    applicant_due = models.DateField(_("申请人办理期限"), null=True, blank=True)
    correction_due = models.DateField(_("补正期限"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("延长工作日"), null=True, blank=True)
    fee_amount = models.DecimalField(
        _("信息处理费（元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    answer = models.CharField(_("答复类型"), max_length=24, choices=ANSWER_CHOICES, blank=True)
    decision_text = models.TextField(_("答复内容"), blank=True)
    # Art. 32: why not disclosing would seriously harm the public interest, when the answer discloses over a
    # third party's objection (the third party is told in writing).
    public_interest = models.TextField(_("决定公开的公共利益理由"), blank=True)
    outcome_row = models.CharField(_("年报统计项"), max_length=32, choices=ROW_CHOICES, blank=True)
    outcome_on = models.DateField(_("办结（答复）日期"), null=True, blank=True)
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    served_how = models.CharField(_("送达方式"), max_length=12, choices=ServiceMethod.choices, blank=True)
    closed_on = models.DateField(_("归档日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("创建时间"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("更新时间"))

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ("-submitted_at", "-id")
        constraints = (
            models.UniqueConstraint(fields=["agency", "year", "seq"], name="unique_application_number"),
            models.UniqueConstraint(
                fields=["agency", "submission_token"],
                condition=~Q(submission_token=""),
                name="unique_application_submission",
            ),
            models.CheckConstraint(
                condition=Q(outcome_on__isnull=True) | Q(outcome_on__gte=F("received_on")),
                name="outcome_not_before_receipt",
            ),
            models.CheckConstraint(
                condition=Q(outcome_on__isnull=True, outcome_row="")
                | Q(outcome_on__isnull=False, received_on__isnull=False) & ~Q(outcome_row=""),
                name="outcome_row_with_outcome_date",
            ),
        )
        indexes = (
            # Table 三: a year's cases of an agency by receipt date and by outcome date.
            models.Index(fields=["agency", "received_on", "outcome_on"], name="app_agency_received"),
            models.Index(fields=["agency", "outcome_on", "outcome_row"], name="app_agency_outcome"),
            models.Index(fields=["agency", "status", "reply_due"], name="app_agency_queue"),
            # 我承办的, counted on every back-office page: an officer's open cases without reading their closed
            # ones (the foreign key's own index read all of them: 100 ms for 100 000 cases on SQLite).
            models.Index(fields=["assigned_to", "status", "reply_due"], name="app_assignee_queue"),
        )

    def __str__(self) -> str:
        return self.number

    @property
    def state(self) -> State:
        return State(self.status)

    @property
    def status_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def clock_running(self) -> bool:
        return self.state in REPLY_CLOCK_STATES

    @property
    def reply_due_still_provisional(self) -> bool:
        """The stored reply date is provisional and still matters: the case is open (an answer or a closing
        settles it, whatever the calendar later says)."""
        return self.reply_due_provisional and self.state in OPEN_STATES


class Applicant(models.Model):
    """The applicant's personal data: shown only to staff of the handling agency, every view audited."""

    class IdType(models.TextChoices):
        RESIDENT_ID = "resident_id", _("居民身份证")
        PASSPORT = "passport", _("护照")
        OTHER_PERSONAL = "other_personal", _("其他有效身份证件")
        CREDIT_CODE = "credit_code", _("统一社会信用代码")
        OTHER_ORG = "other_org", _("其他组织机构证明")

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="applicant", verbose_name=_("申请")
    )
    name = models.CharField(_("姓名或名称"), max_length=120)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices)
    id_number = models.CharField(_("证件号码"), max_length=40)
    contact_name = models.CharField(_("联系人"), max_length=60, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=200)
    postal_code = models.CharField(_("邮政编码"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("申请人")
        verbose_name_plural = _("申请人")

    def __str__(self) -> str:
        return self.name


def _attachment_path(instance: Attachment, filename: str) -> str:
    return f"applications/{instance.application.agency_id}/{instance.application_id}/{instance.sha256[:16]}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        ID_PROOF = "id_proof", _("身份证明")
        REQUEST = "request", _("申请书")
        CORRECTION = "correction", _("补正材料")
        REASONS = "reasons", _("申请理由说明")
        CONSULTATION = "consultation", _("征求意见材料")
        SERVICE = "service", _("送达回证")
        OTHER = "other", _("其他材料")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("申请")
    )
    kind = models.CharField(_("材料类型"), max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to=_attachment_path, max_length=255, verbose_name=_("文件"))
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100, verbose_name=_("文件类型"))
    size = models.PositiveIntegerField(verbose_name=_("大小（字节）"))
    sha256 = models.CharField(max_length=64, verbose_name=_("SHA-256"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("上传人")
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("上传时间"))

    class Meta:
        verbose_name = _("材料")
        verbose_name_plural = _("材料")
        ordering = ("uploaded_at", "id")

    def __str__(self) -> str:
        return self.original_name


class Event(models.Model):
    """One step of the case's timeline: the action taken, the day it counts from, who, and its details."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="events", verbose_name=_("申请")
    )
    # A `core.cases.Action` value, or one of EXTRA_EVENTS (steps that do not change the state).
    action = models.CharField(max_length=24, verbose_name=_("动作"))
    on = models.DateField(_("日期"))
    at = models.DateTimeField(auto_now_add=True, verbose_name=_("记录时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("操作人")
    )
    days = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("工作日数"))
    note = models.TextField(_("说明"), blank=True)
    # Shown on the public status page (no personal data, no internal notes).
    public = models.BooleanField(default=True, verbose_name=_("向申请人公开"))
    data = models.JSONField(default=dict, blank=True, verbose_name=_("详情"))

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ("on", "at", "id")
        indexes = (models.Index(fields=["application", "on"]),)

    def __str__(self) -> str:
        return f"{self.application_id} {self.action} {self.on}"


class Note(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="notes", verbose_name=_("申请")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name=_("作者")
    )
    text = models.TextField(_("内容"))
    at = models.DateTimeField(auto_now_add=True, verbose_name=_("记录时间"))

    class Meta:
        verbose_name = _("内部备注")
        verbose_name_plural = _("内部备注")
        ordering = ("at", "id")

    def __str__(self) -> str:
        return self.text[:40]


class Notice(models.Model):
    """A numbered written notice (告知书 and the others), generated as DOCX and PDF."""

    # The kinds are the notice templates' (one list: a template per kind).
    Kind = NoticeTemplate.Kind

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="notices", verbose_name=_("申请")
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    kind = models.CharField(_("文书类型"), max_length=12, choices=Kind.choices)
    year = models.PositiveIntegerField(verbose_name=_("年度"))
    seq = models.PositiveIntegerField(verbose_name=_("序号"))
    number = models.CharField(_("文号"), max_length=60)
    issued_on = models.DateField(_("日期"))
    # The text as issued, frozen: the DOCX and PDF are rendered from it (on first download), so editing a
    # template later never changes a notice already sent.
    title = models.CharField(_("标题"), max_length=120)
    body = models.TextField(_("正文"))
    docx = models.FileField(max_length=255, blank=True, verbose_name=_("DOCX 文件"))
    pdf = models.FileField(max_length=255, blank=True, verbose_name=_("PDF 文件"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name=_("创建人")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("创建时间"))

    class Meta:
        verbose_name = _("文书")
        verbose_name_plural = _("文书")
        ordering = ("issued_on", "id")
        constraints = (
            models.UniqueConstraint(fields=["agency", "year", "seq"], name="unique_notice_number"),
        )

    def __str__(self) -> str:
        return self.number


class Counter(models.Model):
    """The last number given per agency, year and series (cases, notices); updated in the same transaction."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="+", verbose_name=_("机关")
    )
    year = models.PositiveIntegerField(verbose_name=_("年度"))
    series = models.CharField(max_length=20, verbose_name=_("编号系列"))
    value = models.PositiveIntegerField(default=0, verbose_name=_("当前值"))

    class Meta:
        verbose_name = _("编号计数器")
        verbose_name_plural = _("编号计数器")
        constraints = (models.UniqueConstraint(fields=["agency", "year", "series"], name="unique_counter"),)

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}/{self.series}={self.value}"
