"""Editable notice wording: one template per kind, optionally overridden per agency."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.web.notices.defaults import TEMPLATE_VARIABLES


class NoticeTemplate(models.Model):
    class Kind(models.TextChoices):
        DECISION = "decision", _("政府信息公开申请答复告知书")
        CORRECTION = "correction", _("补正申请告知书")
        EXTENSION = "extension", _("延期答复告知书")
        FEE = "fee", _("收费通知书")
        REASONS = "reasons", _("要求说明理由通知书")
        DEFERRAL = "deferral", _("延迟答复告知书")
        THIRD_PARTY = "third_party", _("决定公开告知书（第三方）")

    kind = models.CharField(_("文书类型"), max_length=12, choices=Kind.choices)
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("机关"),
        help_text=_("留空则为所有机关的默认模板。"),
    )
    title = models.CharField(_("标题"), max_length=120)
    body = models.TextField(
        _("正文"),
        help_text=_("Django 模板语法，可用变量：") + "、".join(TEMPLATE_VARIABLES),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("更新时间"))

    class Meta:
        verbose_name = _("文书模板")
        verbose_name_plural = _("文书模板")
        constraints = (
            models.UniqueConstraint(fields=["kind", "agency"], name="unique_template_per_agency"),
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(agency__isnull=True), name="unique_default_template"
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.agency or _('默认')}）"
