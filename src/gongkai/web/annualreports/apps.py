from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnualReportsConfig(AppConfig):
    name = "gongkai.web.annualreports"
    label = "annualreports"
    verbose_name = _("政府信息公开工作年度报告")
