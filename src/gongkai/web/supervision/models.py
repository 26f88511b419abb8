"""A batch of external reports imported by a supervisor, with the result of every file."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    class Origin(models.TextChoices):
        WEB = "web", _("网页上传")
        COMMAND = "command", _("命令行")

    under = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("归入机关")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("创建人"),
    )
    origin = models.CharField(
        max_length=10, choices=Origin.choices, default=Origin.WEB, verbose_name=_("来源")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("创建时间"))
    # One entry per file, in the order given: name, ok, message, format, report id, agency, year, error and
    # warning counts.
    results = models.JSONField(default=list, verbose_name=_("结果"))
    imported = models.PositiveIntegerField(default=0, verbose_name=_("已导入"))
    failed = models.PositiveIntegerField(default=0, verbose_name=_("失败"))

    class Meta:
        verbose_name = _("年度报告导入批次")
        verbose_name_plural = _("年度报告导入批次")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.under} {self.created_at:%Y-%m-%d %H:%M}"
