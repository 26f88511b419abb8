"""The official report formats, declared as data. `get_template("2021")` or `TEMPLATES["2019"]`."""

from __future__ import annotations

from gongkai.core.errors import UnknownTemplateError
from gongkai.core.report.template import Template
from gongkai.core.report.templates.y2019 import TEMPLATE_2019
from gongkai.core.report.templates.y2021 import TEMPLATE_2021

__all__ = ["TEMPLATES", "TEMPLATE_2019", "TEMPLATE_2021", "get_template"]

TEMPLATES: dict[str, Template] = {t.id: t for t in (TEMPLATE_2021, TEMPLATE_2019)}


def get_template(template_id: str) -> Template:
    try:
        return TEMPLATES[template_id]
    except KeyError:
        known = "、".join(TEMPLATES)
        raise UnknownTemplateError(
            f"未知的年度报告格式“{template_id}”，可用的格式为：{known}。", template=template_id
        ) from None
