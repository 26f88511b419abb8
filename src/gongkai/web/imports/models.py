"""An import run from the office page: who started it, on what, and how it ended.

The rows themselves are never stored here (they hold applicants' personal data): the background run gets them in
memory from the upload request. Live progress is kept in the cache, not here, because the run writes every case
inside one transaction that holds SQLite's write lock until it commits.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        # An unexpected failure (e.g. the database refused the transaction): nothing was written.
        FAILED = "failed", _("出错")

    # A random id: the job's URL gives nothing away about other people's imports.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("编号"))
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("创建人")
    )
    filename = models.CharField(_("文件名"), max_length=255)
    dry_run = models.BooleanField(_("试导入"))
    rows = models.PositiveIntegerField(_("行数"))
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.QUEUED, verbose_name=_("状态")
    )
    imported = models.PositiveIntegerField(default=0, verbose_name=_("已导入"))
    # [{"row": 3, "column": "渠道", "message": "…"}], as ImportResult.errors.
    errors = models.JSONField(default=list, blank=True, verbose_name=_("错误"))
    # [{"number": 41, "text": "合计 35件", "reason": "合计行"}]: rows of the file set aside as not cases.
    skipped = models.JSONField(default=list, blank=True, verbose_name=_("跳过的行"))
    failure = models.TextField(blank=True, verbose_name=_("失败原因"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("创建时间"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("完成时间"))

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"
