"""Agencies as a tree (province → city → county → departments) and the staff who work in them."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.cases import Role


class Agency(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("省级人民政府")
        CITY = "city", _("市级人民政府")
        COUNTY = "county", _("县级人民政府")
        TOWNSHIP = "township", _("乡镇人民政府、街道办事处")
        DEPARTMENT = "department", _("政府部门")
        OTHER = "other", _("其他机关")

    name = models.CharField(_("机关名称"), max_length=120, unique=True)
    level = models.CharField(_("层级"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级机关"),
    )
    # Materialised path of ids, "/1/4/9/", kept by the services: a subtree is one indexed prefix match.
    path = models.CharField(
        max_length=255, editable=False, db_index=True, default="", verbose_name=_("层级路径")
    )
    code = models.CharField(
        _("简码"),
        max_length=8,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2,8}$", _("简码为2至8个大写字母，例如 WZSP。"))],
        help_text=_("用于申请编号，例如 WZSP-2026-0042。"),
    )
    notice_prefix = models.CharField(
        _("文书字号"), max_length=30, help_text=_("告知书编号的机关代字，例如“吴审批公开”。")
    )
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    postal_code = models.CharField(_("邮政编码"), max_length=10, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    fax = models.CharField(_("传真"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    website = models.URLField(_("网站"), blank=True)
    unit_name = models.CharField(
        _("政府信息公开工作机构"), max_length=120, blank=True, help_text=_("例如“办公室”。")
    )
    guide_intro = models.TextField(_("指南说明"), blank=True)
    accepts_online = models.BooleanField(_("接受在线申请"), default=True)
    # An agency that joins in a later year published its earlier reports elsewhere: those years are not late here.
    reports_from = models.PositiveSmallIntegerField(
        _("在本平台编制年报的起始年度"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2008), MaxValueValidator(2100)],
        help_text=_(
            "此前年度的年报在平台外发布：未导入的显示为“平台启用前”，不计为逾期。留空：每个年度都在本平台编制。"
        ),
    )

    class Meta:
        verbose_name = _("机关")
        verbose_name_plural = _("机关")
        ordering = ("path",)

    def __str__(self) -> str:
        return self.name


class StaffMembership(models.Model):
    class RoleChoice(models.TextChoices):
        OFFICER = Role.OFFICER.value, _("承办人")
        APPROVER = Role.APPROVER.value, _("负责人")
        ADMIN = Role.ADMIN.value, _("机关管理员")
        SUPERVISOR = Role.SUPERVISOR.value, _("监督人员")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("用户")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("机关")
    )
    role = models.CharField(_("职责"), max_length=20, choices=RoleChoice.choices)
    active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("创建时间"))

    class Meta:
        verbose_name = _("工作人员职责")
        verbose_name_plural = _("工作人员职责")
        constraints = (models.UniqueConstraint(fields=["user", "agency", "role"], name="unique_membership"),)

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"
