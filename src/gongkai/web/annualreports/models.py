"""Annual reports per agency and year, as a sequence of versions; the files of each published version; and the
published figures in one wide row per version for fast sums over a subtree.

- `AnnualReport`: one per agency and year (for a report imported from an agency not on the platform: one per
  name and year, filed under the platform agency that supervises it).
- `ReportVersion`: the content of one version — the cells as the records gave them (`record_cells`), the cells
  an officer filled in where the records are silent (`manual_cells`), the narrative, the findings of the last
  check. A published version is never changed again; a correction is a new version.
- `ReportFile`: the HTML, DOCX, PDF and JSON rendered when a version is published (frozen bytes: the published
  document does not change when the renderers do), and the original file of an imported report.
- `ReportFigures`: one row per published version, one column per cell of the 2021 template. Summing a subtree
  is then one `SUM(...)` per column over one row per agency and year (see docs/web.md, "Annual reports and
  supervision", for why this beats a row per cell). Amount cells (万元) are stored as whole 分 (1/1 000 000 万元),
  so sums are exact on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.report.templates import TEMPLATE_2021
from gongkai.core.report.workflow import VERSION_LABELS, VersionStatus

__all__ = [
    "AMOUNT_SCALE",
    "FIGURE_FIELDS",
    "AnnualReport",
    "ReportFigures",
    "ReportFile",
    "ReportVersion",
]


# The labels are in this app's catalogue (labels.WORKFLOW_LABELS).
VERSION_CHOICES = [(status.value, _(VERSION_LABELS[status])) for status in VersionStatus]


class AnnualReport(models.Model):
    class Source(models.TextChoices):
        PLATFORM = "platform", _("平台编制")
        IMPORTED = "imported", _("外部导入")

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="annual_reports", verbose_name=_("机关")
    )
    # The agency the report is about, as it names itself. For a platform report, the agency's name.
    subject = models.CharField(_("报告机关"), max_length=120)
    # True for an agency not on the platform: `agency` is then the platform agency it is filed under.
    external = models.BooleanField(_("平台外机关"), default=False)
    year = models.PositiveSmallIntegerField(_("年度"))
    template = models.CharField(_("格式"), max_length=8, default=TEMPLATE_2021.id)
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices, default=Source.PLATFORM)
    # Kept by the services: the newest version's status and the day a version was first published.
    newest_status = models.CharField(_("最新版本状态"), max_length=12, choices=VERSION_CHOICES)
    first_published_on = models.DateField(_("首次发布日期"), null=True, blank=True)
    # An imported report's publication date is the day of the import, unless its agency stated the day it
    # published the report (an agency importing its own earlier report): only then is lateness judged.
    published_on_stated = models.BooleanField(_("发布日期由本机关填报"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("创建时间"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("更新时间"))

    class Meta:
        verbose_name = _("年度报告")
        verbose_name_plural = _("年度报告")
        ordering = ("agency__path", "-year", "subject")
        constraints = (
            models.UniqueConstraint(
                fields=("agency", "year"),
                condition=models.Q(external=False),
                name="one_platform_report_per_year",
            ),
            models.UniqueConstraint(
                fields=("agency", "subject", "year"),
                condition=models.Q(external=True),
                name="one_external_report_per_name_and_year",
            ),
        )
        indexes = (models.Index(fields=("year", "agency")),)

    def __str__(self) -> str:
        return f"{self.subject} {self.year}"


class ReportVersion(models.Model):
    report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="versions", verbose_name=_("年度报告")
    )
    number = models.PositiveSmallIntegerField(_("版本"))
    status = models.CharField(_("状态"), max_length=12, choices=VERSION_CHOICES)
    # cell id → int, a decimal string (amounts) or null. `record_cells` as taken from the records (every cell
    # of the template); `manual_cells` only the cells an officer filled where the records give nothing.
    record_cells = models.JSONField(default=dict, verbose_name=_("记录取数"))
    manual_cells = models.JSONField(default=dict, blank=True, verbose_name=_("手工填写"))
    # narrative key (preamble, overview, problems, other) → list of paragraphs
    sections = models.JSONField(default=dict, verbose_name=_("文字部分"))
    records_taken_at = models.DateTimeField(_("取数时间"), null=True, blank=True)
    # The findings of the last check (Finding.to_dict()), and their counts for list pages.
    findings = models.JSONField(default=list, blank=True, verbose_name=_("校验结果"))
    error_count = models.PositiveIntegerField(default=0, verbose_name=_("错误数"))
    warning_count = models.PositiveIntegerField(default=0, verbose_name=_("提示数"))
    checked_at = models.DateTimeField(_("校验时间"), null=True, blank=True)
    # For a correction: what was wrong and what changed. For a return: the approver's reason.
    change_note = models.TextField(_("更正说明"), blank=True)
    return_note = models.TextField(_("退回意见"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("创建人"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审批人"),
    )
    approved_on = models.DateField(_("审批日期"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发布人"),
    )
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("创建时间"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("更新时间"))

    class Meta:
        verbose_name = _("年度报告版本")
        verbose_name_plural = _("年度报告版本")
        ordering = ("report", "number")
        constraints = (models.UniqueConstraint(fields=("report", "number"), name="unique_report_version"),)

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"


class ReportFile(models.Model):
    class Kind(models.TextChoices):
        RENDITION = "rendition", _("发布文件")
        ORIGINAL = "original", _("导入原件")

    version = models.ForeignKey(
        ReportVersion, on_delete=models.CASCADE, related_name="files", verbose_name=_("版本")
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, verbose_name=_("类别"))
    fmt = models.CharField(_("格式"), max_length=8)
    name = models.CharField(_("文件名"), max_length=200)
    # Stored in the database so that a publication or an import is written whole or not at all.
    content = models.BinaryField(verbose_name=_("内容"))
    size = models.PositiveIntegerField(verbose_name=_("大小（字节）"))
    sha256 = models.CharField(max_length=64, verbose_name=_("SHA-256"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("创建时间"))

    class Meta:
        verbose_name = _("年度报告文件")
        verbose_name_plural = _("年度报告文件")
        constraints = (models.UniqueConstraint(fields=("version", "kind", "fmt"), name="unique_report_file"),)

    def __str__(self) -> str:
        return self.name


# Amount cells are stored as integers in this many parts of their unit (万元 → 分).
AMOUNT_SCALE = 1_000_000


def _field_name(cell_id: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", cell_id.lower())


FIGURE_FIELDS: dict[str, str] = {cell.id: _field_name(cell.id) for cell in TEMPLATE_2021.cells}
if len(set(FIGURE_FIELDS.values())) != len(
    FIGURE_FIELDS
):  # pragma: no cover - a template change would do this
    raise RuntimeError("two cell ids of the 2021 template map to the same figures column")


class ReportFigures(models.Model):
    """The cells of a published version, one column per cell of the 2021 template (null = blank).

    `current` marks the newest published version of its report: the one every sum counts."""

    version = models.OneToOneField(
        ReportVersion, on_delete=models.CASCADE, related_name="figures", verbose_name=_("版本")
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    year = models.PositiveSmallIntegerField(verbose_name=_("年度"))
    current = models.BooleanField(default=True, verbose_name=_("现行版本"))

    class Meta:
        verbose_name = _("已发布报告数据")
        verbose_name_plural = _("已发布报告数据")
        indexes = (models.Index(fields=("current", "year", "agency")),)

    def __str__(self) -> str:
        return f"{self.version}"


for _cell in TEMPLATE_2021.cells:
    ReportFigures.add_to_class(FIGURE_FIELDS[_cell.id], models.BigIntegerField(null=True, blank=True))
