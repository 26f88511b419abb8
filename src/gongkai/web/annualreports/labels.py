"""The workflow's and the findings' Chinese labels from the core, wrapped in gettext_noop so that `makemessages` puts them in this
app's catalogue (the core never imports Django). A test checks the list is complete."""

from __future__ import annotations

from django.utils.translation import gettext_noop

WORKFLOW_LABELS = (
    # ReportAction (workflow.TRANSITIONS)
    gettext_noop("由办理记录生成草稿"),
    gettext_noop("按最新记录重新生成表格"),
    gettext_noop("修改草稿"),
    gettext_noop("校验"),
    gettext_noop("审批同意"),
    gettext_noop("退回修改"),
    gettext_noop("发布"),
    gettext_noop("更正（形成新版本）"),
    gettext_noop("放弃本次更正"),
    gettext_noop("导入已发布的报告"),
    # VersionStatus and ReportStatus
    gettext_noop("草稿"),
    gettext_noop("已校验"),
    gettext_noop("已审批"),
    gettext_noop("已发布"),
    gettext_noop("已被更正版本替代"),
    gettext_noop("未开始"),
    gettext_noop("逾期未发布"),
    gettext_noop("平台启用前（未导入）"),
)

SEVERITY_LABELS = (
    # model.SEVERITY_LABELS: a finding's severity
    gettext_noop("错误"),
    gettext_noop("警告"),
    gettext_noop("提示"),
)
