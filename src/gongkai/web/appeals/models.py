"""The appeals ledger: reconsideration (行政复议) and litigation (行政诉讼) over the agency's disclosure decisions.

`AppealCase.outcome` and `concluded_on` are assigned only by `appeals.services`, after `core.appeals.check_appeal`.
Table 四 reads `kind`, `filed_on`, `outcome` and `concluded_on` (see `core.appeals` for the counting rule).
The appellant's name is personal data: shown only to staff of the agency, masked for supervisors.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gongkai.core.appeals import KIND_LABELS, OUTCOME_LABELS, Outcome

KIND_CHOICES = [(k.value, _(label)) for k, label in KIND_LABELS.items()]
OUTCOME_CHOICES = [(o.value, _(label)) for o, label in OUTCOME_LABELS.items()]


class AppealCase(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="appeal_cases",
        verbose_name=_("被申请人或被告机关"),
    )
    kind = models.CharField(_("类型"), max_length=20, choices=KIND_CHOICES)
    # The application whose answer is contested; blank for cases about decisions made before the platform.
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeal_cases",
        verbose_name=_("相关申请"),
    )
    # For a lawsuit after reconsideration: the reconsideration case.
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("前序复议案件"),
    )
    appellant = models.CharField(_("申请人或原告"), max_length=120)
    body = models.CharField(_("复议机关或人民法院"), max_length=200)
    case_number = models.CharField(_("案号"), max_length=100, blank=True)
    subject = models.TextField(_("争议事项"), blank=True)
    filed_on = models.DateField(_("提出（起诉）日期"))
    accepted_on = models.DateField(_("受理（立案）日期"), null=True, blank=True)
    extended = models.BooleanField(_("已延长审理期限"), default=False)
    decision_due = models.DateField(_("审理期限"), null=True, blank=True)
    outcome = models.CharField(
        _("审理结果"), max_length=12, choices=OUTCOME_CHOICES, default=Outcome.PENDING.value
    )
    concluded_on = models.DateField(_("审结日期"), null=True, blank=True)
    outcome_summary = models.TextField(_("结果摘要"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("创建人"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("创建时间"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("更新时间"))

    class Meta:
        verbose_name = _("行政复议、行政诉讼案件")
        verbose_name_plural = _("行政复议、行政诉讼案件")
        ordering = ("-filed_on", "-id")
        constraints = (
            models.CheckConstraint(
                condition=Q(outcome="pending", concluded_on__isnull=True)
                | ~Q(outcome="pending") & Q(concluded_on__isnull=False),
                name="appeal_outcome_with_date",
            ),
            models.CheckConstraint(
                condition=Q(concluded_on__isnull=True) | Q(concluded_on__gte=F("filed_on")),
                name="appeal_concluded_after_filed",
            ),
            # The same case registered twice would count twice in table 四; cases without a 案号 are not compared.
            models.UniqueConstraint(
                fields=["agency", "kind", "case_number"],
                condition=~Q(case_number=""),
                name="unique_appeal_case_number",
            ),
        )
        indexes = (
            # Table 四: an agency's cases by filing and conclusion dates.
            models.Index(fields=["agency", "filed_on", "concluded_on"], name="appeal_agency_dates"),
            models.Index(fields=["agency", "outcome", "decision_due"], name="appeal_agency_queue"),
        )

    def __str__(self) -> str:
        return self.case_number or f"#{self.pk}"

    @property
    def pending(self) -> bool:
        return self.outcome == Outcome.PENDING.value


class AppealEvent(models.Model):
    case = models.ForeignKey(
        AppealCase, on_delete=models.CASCADE, related_name="events", verbose_name=_("案件")
    )
    action = models.CharField(max_length=24, verbose_name=_("动作"))
    on = models.DateField(_("日期"))
    at = models.DateTimeField(auto_now_add=True, verbose_name=_("记录时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("操作人")
    )
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("案件记录")
        verbose_name_plural = _("案件记录")
        ordering = ("on", "at", "id")

    def __str__(self) -> str:
        return f"{self.case_id} {self.action} {self.on}"
