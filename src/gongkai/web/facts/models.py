"""The year's other facts the annual report states: posts on new-media accounts (entered per channel and year),
responses to 人大代表建议 and 政协提案 disclosed, and open days and other events."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gongkai.core.disclosure import CHANNEL_LABELS, NEW_MEDIA_CHANNELS

NEW_MEDIA_CHOICES = [(c.value, _(CHANNEL_LABELS[c])) for c in NEW_MEDIA_CHANNELS]


class ChannelPosts(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    year = models.PositiveIntegerField(_("年度"))
    channel = models.CharField(_("渠道"), max_length=20, choices=NEW_MEDIA_CHOICES)
    count = models.PositiveIntegerField(_("发布信息条数"))
    account = models.CharField(_("账号名称"), max_length=120, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("更新人"),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("更新时间"))

    class Meta:
        verbose_name = _("新媒体发布数量")
        verbose_name_plural = _("新媒体发布数量")
        ordering = ("-year", "channel")
        constraints = (
            models.UniqueConstraint(fields=["agency", "year", "channel"], name="unique_channel_posts"),
        )

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}/{self.channel}={self.count}"


class ProposalResponse(models.Model):
    """A response to a deputy's suggestion (人大代表建议) or a CPPCC member's proposal (政协提案)."""

    class Kind(models.TextChoices):
        NPC = "npc", _("人大代表建议")
        CPPCC = "cppcc", _("政协委员提案")

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices)
    number = models.CharField(_("建议或提案编号"), max_length=60, blank=True)
    title = models.CharField(_("标题"), max_length=300)
    answered_on = models.DateField(_("答复日期"))
    # The day the response was published (主动公开); blank while it is not.
    disclosed_on = models.DateField(_("公开日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("创建人"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("创建时间"))

    class Meta:
        verbose_name = _("建议提案办理答复")
        verbose_name_plural = _("建议提案办理答复")
        ordering = ("-answered_on", "-id")
        constraints = (
            models.CheckConstraint(
                condition=Q(disclosed_on__isnull=True) | Q(disclosed_on__gte=F("answered_on")),
                name="proposal_disclosed_after_answer",
            ),
        )
        indexes = (models.Index(fields=["agency", "kind", "disclosed_on"], name="proposal_disclosed"),)

    def __str__(self) -> str:
        return self.title


class OutreachEvent(models.Model):
    """An open day (政府开放日), press conference, online interview, training or other event of the year."""

    class Kind(models.TextChoices):
        OPEN_DAY = "open_day", _("政府开放日")
        PRESS_CONFERENCE = "press_conference", _("新闻发布会")
        INTERVIEW = "interview", _("在线访谈")
        POLICY_BRIEFING = "policy_briefing", _("政策解读")
        TRAINING = "training", _("业务培训")
        OTHER = "other", _("其他活动")

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=200)
    held_on = models.DateField(_("日期"))
    participants = models.PositiveIntegerField(_("参加人数"), null=True, blank=True)
    description = models.TextField(_("内容"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("创建人"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("创建时间"))

    class Meta:
        verbose_name = _("公开活动")
        verbose_name_plural = _("公开活动")
        ordering = ("-held_on", "-id")
        indexes = (models.Index(fields=["agency", "kind", "held_on"], name="outreach_agency_kind"),)

    def __str__(self) -> str:
        return self.title
