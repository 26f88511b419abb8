"""The 2021 unified format (国办公开办函〔2021〕30号), used for the 2021 reports onwards: 200 cells."""

from __future__ import annotations

from gongkai.core.report.template import Block, Column, Row, Table, Template
from gongkai.core.report.templates.common import APPEALS_TABLE, applications_table, sections

__all__ = ["TEMPLATE_2021"]

_CORNER = "信息内容"
_DECISIONS = Column("decisions", "本年处理决定数量", variants=("处理决定数量",))

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
                Row("normative", "行政规范性文件", (), ("规范性文件",), variants=("规范性文件",)),
            ),
            columns=(
                Column("issued", "本年制发件数"),
                Column("repealed", "本年废止件数"),
                Column("in_force", "现行有效件数"),
            ),
        ),
        Block(
            id="t2.item5",
            heading="第二十条第（五）项",
            corner=_CORNER,
            rows=(Row("licensing", "行政许可", (), ("行政许可",)),),
            columns=(_DECISIONS,),
        ),
        Block(
            id="t2.item6",
            heading="第二十条第（六）项",
            corner=_CORNER,
            rows=(
                Row("penalty", "行政处罚", (), ("行政处罚",)),
                Row("coercion", "行政强制", (), ("行政强制",)),
            ),
            columns=(_DECISIONS,),
        ),
        Block(
            id="t2.item8",
            heading="第二十条第（八）项",
            corner=_CORNER,
            rows=(Row("fees", "行政事业性收费", (), ("事业性收费",)),),
            columns=(Column("amount", "本年收费金额（单位：万元）", variants=("本年收费金额",)),),
            amounts={"t2.fees.amount": "万元"},
        ),
    ),
)

_OTHER = "（六）其他处理"
_RESULT = "三、本年度办理结果"

TEMPLATE_2021 = Template(
    id="2021",
    name="政府信息公开工作年度报告格式（2021年版）",
    basis="国办公开办函〔2021〕30号",
    sections=sections(proactive_title="主动公开政府信息情况"),
    tables=(
        _PROACTIVE,
        applications_table(
            (
                Row(
                    "other_no_correction",
                    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                    (_RESULT, _OTHER),
                    ("不补正",),
                ),
                Row(
                    "other_fee_unpaid",
                    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                    (_RESULT, _OTHER),
                    ("缴纳费用", "收费通知"),
                ),
                Row("other_other", "3.其他", (_RESULT, _OTHER), ("其他",), exact=True),
            )
        ),
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
        "other_no_correction",
        "other_fee_unpaid",
        "other_other",
    ),
)
