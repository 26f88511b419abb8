"""The 2019 trial format (国办公开办函〔2019〕60号), used for the 2019 and 2020 reports (and by some agencies later)."""

from __future__ import annotations

from gongkai.core.report.template import Block, Column, Row, Table, Template
from gongkai.core.report.templates.common import APPEALS_TABLE, applications_table, sections

__all__ = ["TEMPLATE_2019"]

_CORNER = "信息内容"
_ITEMS = (
    Column("prev_items", "上一年项目数量"),
    Column("change", "本年增/减", variants=("本年增减",)),
)
_ITEMS_AND_DECISIONS = (*_ITEMS, Column("decisions", "处理决定数量", variants=("本年处理决定数量",)))

_PROACTIVE = Table(
    id="t2",
    section="proactive",
    title="主动公开政府信息情况",
    blocks=(
        Block(
            id="t2.item1",
            heading="第二十条第（一）项",
            corner=_CORNER,
            rows=(
                Row("rules", "规章", (), ("规章",), exact=True),
                Row("normative", "规范性文件", (), ("规范性文件",), variants=("行政规范性文件",)),
            ),
            columns=(
                Column("made", "本年新制作数量"),
                Column("published", "本年新公开数量"),
                Column("total_public", "对外公开总数量"),
            ),
        ),
        Block(
            id="t2.item5",
            heading="第二十条第（五）项",
            corner=_CORNER,
            rows=(
                Row("licensing", "行政许可", (), ("行政许可",)),
                Row("other_services", "其他对外管理服务事项", (), ("对外管理服务",)),
            ),
            columns=_ITEMS_AND_DECISIONS,
        ),
        Block(
            id="t2.item6",
            heading="第二十条第（六）项",
            corner=_CORNER,
            rows=(
                Row("penalty", "行政处罚", (), ("行政处罚",)),
                Row("coercion", "行政强制", (), ("行政强制",)),
            ),
            columns=_ITEMS_AND_DECISIONS,
        ),
        Block(
            id="t2.item8",
            heading="第二十条第（八）项",
            corner=_CORNER,
            rows=(Row("fees", "行政事业性收费", (), ("事业性收费",)),),
            columns=_ITEMS,
        ),
        Block(
            id="t2.item9",
            heading="第二十条第（九）项",
            corner=_CORNER,
            rows=(Row("procurement", "政府集中采购", (), ("集中采购",)),),
            columns=(Column("items", "采购项目数量"), Column("amount", "采购总金额")),
            amounts={"t2.procurement.amount": ""},
        ),
    ),
)

TEMPLATE_2019 = Template(
    id="2019",
    name="政府信息公开工作年度报告格式（2019年试行）",
    basis="国办公开办函〔2019〕60号",
    sections=sections(proactive_title="主动公开政府信息情况"),
    tables=(
        _PROACTIVE,
        applications_table((Row("other", "（六）其他处理", ("三、本年度办理结果",), ("其他处理",)),)),
        APPEALS_TABLE,
    ),
    outcome_rows=(
        "granted",
        "partial",
        "withheld_secret",
        "withheld_law",
        "withheld_security",
        "withheld_third_party",
        "withheld_internal",
        "withheld_process",
        "withheld_enforcement",
        "withheld_query",
        "unavailable_not_held",
        "unavailable_needs_creation",
        "unavailable_unclear",
        "declined_petition",
        "declined_repeat",
        "declined_publication",
        "declined_mass",
        "declined_confirm",
        "other",
    ),
)
