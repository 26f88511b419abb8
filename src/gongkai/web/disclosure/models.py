"""The proactive-disclosure register (主动公开登记): every item with its 公开属性, review and publication; the life of
rules and normative documents; the yearly figures of table 二 that are entered rather than registered.

`RegisterItem.state` is assigned only by `disclosure.services`, after `core.disclosure.check_item_transition`.
Table 二 reads `document_kind`, `issued_on` and `ended_on` (kept by the services from `DocumentEvent`s) and
`YearlyFigures`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongkai.core.disclosure import (
    ATTRIBUTE_LABELS,
    CATEGORIES,
    CHANNEL_LABELS,
    DOCUMENT_EVENT_LABELS,
    DOCUMENT_KIND_LABELS,
    GROUND_LABELS,
    ITEM_STATE_LABELS,
    ItemState,
)

STATE_CHOICES = [(s.value, _(label)) for s, label in ITEM_STATE_LABELS.items()]
ATTRIBUTE_CHOICES = [(a.value, _(label)) for a, label in ATTRIBUTE_LABELS.items()]
GROUND_CHOICES = [(g.value, _(label)) for g, label in GROUND_LABELS.items()]
CATEGORY_CHOICES = [(c.id, _(c.label)) for c in CATEGORIES.values()]
CHANNEL_CHOICES = [(c.value, _(label)) for c, label in CHANNEL_LABELS.items()]
DOCUMENT_KIND_CHOICES = [(k.value, _(label)) for k, label in DOCUMENT_KIND_LABELS.items()]
DOCUMENT_EVENT_CHOICES = [(k.value, _(label)) for k, label in DOCUMENT_EVENT_LABELS.items()]


class RegisterItem(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="register_items", verbose_name=_("机关")
    )
    index_number = models.CharField(_("索引号"), max_length=40, unique=True)
    title = models.CharField(_("标题"), max_length=300)
    doc_number = models.CharField(pgettext_lazy("document", "文号"), max_length=100, blank=True)
    issuing_agency = models.CharField(_("发布机构"), max_length=200)
    body = models.TextField(_("正文或内容概要"), blank=True)
    category = models.CharField(_("主动公开类别"), max_length=12, choices=CATEGORY_CHOICES)
    # Further Art. 21 categories the item also belongs to (ids of `core.disclosure.ARTICLE_21`).
    local_categories = models.JSONField(_("本地主动公开事项"), default=list, blank=True)
    attribute = models.CharField(_("公开属性"), max_length=12, choices=ATTRIBUTE_CHOICES)
    withholding_ground = models.CharField(
        _("不予公开依据"), max_length=16, choices=GROUND_CHOICES, blank=True
    )
    withholding_reason = models.TextField(_("不予公开理由"), blank=True)
    formed_on = models.DateField(_("形成或者变更日期"))
    publication_due = models.DateField(_("公开期限"), null=True, blank=True)
    publication_due_provisional = models.BooleanField(default=False, verbose_name=_("公开期限为暂定"))
    state = models.CharField(_("状态"), max_length=12, choices=STATE_CHOICES, default=ItemState.DRAFT.value)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    published_late = models.BooleanField(_("逾期公开"), default=False)
    document_kind = models.CharField(_("文件类型"), max_length=12, choices=DOCUMENT_KIND_CHOICES, blank=True)
    issued_on = models.DateField(_("制发日期"), null=True, blank=True)
    ended_on = models.DateField(_("废止或失效日期"), null=True, blank=True)
    # Art. 44: the application whose information was turned into proactive disclosure.
    source_application = models.ForeignKey(
        "applications.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="register_items",
        verbose_name=_("来源申请"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("起草人"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("保密审查人"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("创建时间"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("更新时间"))

    class Meta:
        verbose_name = _("主动公开登记")
        verbose_name_plural = _("主动公开登记")
        ordering = ("-formed_on", "-id")
        permissions = (("review_confidentiality", _("可以进行保密审查")),)
        constraints = (
            models.CheckConstraint(
                condition=~Q(attribute="withheld") | ~Q(withholding_reason=""), name="withheld_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | Q(published_on__gte=F("formed_on")),
                name="published_not_before_formed",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(issued_on__isnull=False, ended_on__gte=F("issued_on")),
                name="ended_after_issued",
            ),
        )
        indexes = (
            # The public catalogue: an agency's public items by category and date, and counted by category.
            models.Index(
                fields=["agency", "state", "attribute", "category", "published_on"], name="item_catalogue"
            ),
            # The catalogue across agencies, newest first: every public item (its pages, a year's, and an Art. 21
            # matter's, which may be a local category: checked on the index entries, not the rows), a category's;
            # and by agency: an agency's catalogue.
            models.Index(
                fields=["state", "attribute", "published_on", "id", "category", "local_categories"],
                name="item_public_newest",
            ),
            models.Index(
                fields=["state", "attribute", "category", "published_on", "id"], name="item_public_category"
            ),
            models.Index(
                fields=["state", "attribute", "agency", "published_on", "id"], name="item_public_agency"
            ),
            # Table 二: an agency's rules and normative documents by issue and end dates.
            models.Index(fields=["agency", "document_kind", "issued_on", "ended_on"], name="item_documents"),
            # The Art. 26 queue.
            models.Index(fields=["agency", "state", "publication_due"], name="item_publication_queue"),
        )

    def __str__(self) -> str:
        return self.title

    @property
    def item_state(self) -> ItemState:
        return ItemState(self.state)

    @property
    def is_public(self) -> bool:
        return self.state == ItemState.PUBLISHED.value and self.attribute == "proactive"


class ItemChannel(models.Model):
    """A channel the item is (to be) published through."""

    item = models.ForeignKey(
        RegisterItem, on_delete=models.CASCADE, related_name="channels", verbose_name=_("登记事项")
    )
    channel = models.CharField(_("公开渠道"), max_length=20, choices=CHANNEL_CHOICES)

    class Meta:
        verbose_name = _("公开渠道")
        verbose_name_plural = _("公开渠道")
        constraints = (models.UniqueConstraint(fields=["item", "channel"], name="unique_item_channel"),)
        indexes = (models.Index(fields=["channel", "item"], name="channel_item"),)

    def __str__(self) -> str:
        return self.channel


class ItemEvent(models.Model):
    """One step of the item's history: drafted, submitted, returned, reviewed, published, retracted, edited."""

    item = models.ForeignKey(
        RegisterItem, on_delete=models.CASCADE, related_name="events", verbose_name=_("登记事项")
    )
    action = models.CharField(max_length=24, verbose_name=_("动作"))
    on = models.DateField(_("日期"))
    at = models.DateTimeField(auto_now_add=True, verbose_name=_("记录时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("操作人")
    )
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("登记事项记录")
        verbose_name_plural = _("登记事项记录")
        ordering = ("on", "at", "id")

    def __str__(self) -> str:
        return f"{self.item_id} {self.action} {self.on}"


class DocumentEvent(models.Model):
    """A step in the life of a rule or normative document: issued, amended, repealed, expired."""

    item = models.ForeignKey(
        RegisterItem, on_delete=models.CASCADE, related_name="document_events", verbose_name=_("登记事项")
    )
    kind = models.CharField(_("事项"), max_length=12, choices=DOCUMENT_EVENT_CHOICES)
    on = models.DateField(_("日期"))
    instrument = models.CharField(_("依据文件或文号"), max_length=200, blank=True)
    note = models.TextField(_("说明"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("操作人")
    )
    at = models.DateTimeField(auto_now_add=True, verbose_name=_("记录时间"))

    class Meta:
        verbose_name = _("文件有效性记录")
        verbose_name_plural = _("文件有效性记录")
        ordering = ("on", "at", "id")

    def __str__(self) -> str:
        return f"{self.item_id} {self.kind} {self.on}"


class YearlyFigures(models.Model):
    """Table 二's figures that are counted elsewhere and entered here, per agency and year. Blank = not entered."""

    class Source(models.TextChoices):
        FORM = "form", _("表单录入")
        IMPORT = "import", _("文件导入")

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="yearly_figures", verbose_name=_("机关")
    )
    year = models.PositiveIntegerField(_("年度"))
    licensing_decisions = models.PositiveIntegerField(_("行政许可处理决定数"), null=True, blank=True)
    penalty_decisions = models.PositiveIntegerField(_("行政处罚处理决定数"), null=True, blank=True)
    coercion_decisions = models.PositiveIntegerField(_("行政强制处理决定数"), null=True, blank=True)
    fees_amount = models.DecimalField(
        _("行政事业性收费金额（万元）"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    source = models.CharField(_("来源"), max_length=8, choices=Source.choices, default=Source.FORM)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("更新人")
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("更新时间"))

    class Meta:
        verbose_name = _("年度统计数据")
        verbose_name_plural = _("年度统计数据")
        ordering = ("-year",)
        constraints = (
            models.UniqueConstraint(fields=["agency", "year"], name="unique_yearly_figures"),
            models.CheckConstraint(
                condition=Q(fees_amount__isnull=True) | Q(fees_amount__gte=0), name="fees_not_negative"
            ),
        )

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}"
