"""Parts shared by the 2021 format and the 2019 trial format: sections, table 三's columns and rows, table 四."""

from __future__ import annotations

from gongkai.core.report.template import Block, Column, Row, Section, Table

__all__ = [
    "APPEALS_TABLE",
    "APPLICANT_COLUMNS",
    "T3_NOTE",
    "WITHHELD_UNAVAILABLE_DECLINED_ROWS",
    "applications_table",
    "sections",
]

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

_APPLICANT = "申请人情况"
_ORG = "法人或其他组织"

APPLICANT_COLUMNS: tuple[Column, ...] = (
    Column("natural", "自然人", (_APPLICANT,)),
    Column("commercial", "商业企业", (_APPLICANT, _ORG)),
    Column("research", "科研机构", (_APPLICANT, _ORG)),
    Column("nonprofit", "社会公益组织", (_APPLICANT, _ORG)),
    Column("legal", "法律服务机构", (_APPLICANT, _ORG)),
    Column("other_org", "其他", (_APPLICANT, _ORG)),
    Column("total", "总计", (_APPLICANT,)),
)

_RESULT = "三、本年度办理结果"
_WITHHELD = "（三）不予公开"
_UNAVAILABLE = "（四）无法提供"
_DECLINED = "（五）不予处理"

WITHHELD_UNAVAILABLE_DECLINED_ROWS: tuple[Row, ...] = (
    Row("withheld_secret", "1.属于国家秘密", (_RESULT, _WITHHELD), ("国家秘密",)),
    Row("withheld_law", "2.其他法律行政法规禁止公开", (_RESULT, _WITHHELD), ("禁止公开",)),
    Row("withheld_security", "3.危及“三安全一稳定”", (_RESULT, _WITHHELD), ("三安全", "一稳定")),
    Row("withheld_third_party", "4.保护第三方合法权益", (_RESULT, _WITHHELD), ("第三方",)),
    Row("withheld_internal", "5.属于三类内部事务信息", (_RESULT, _WITHHELD), ("内部事务",)),
    Row("withheld_process", "6.属于四类过程性信息", (_RESULT, _WITHHELD), ("过程性",)),
    Row("withheld_enforcement", "7.属于行政执法案卷", (_RESULT, _WITHHELD), ("执法案卷",)),
    Row("withheld_query", "8.属于行政查询事项", (_RESULT, _WITHHELD), ("查询事项",)),
    Row(
        "unavailable_not_held",
        "1.本机关不掌握相关政府信息",
        (_RESULT, _UNAVAILABLE),
        ("不掌握",),
        variants=("1.本机关不掌握相关信息",),
    ),
    Row("unavailable_needs_creation", "2.没有现成信息需要另行制作", (_RESULT, _UNAVAILABLE), ("另行制作",)),
    Row("unavailable_unclear", "3.补正后申请内容仍不明确", (_RESULT, _UNAVAILABLE), ("仍不明确",)),
    Row("declined_petition", "1.信访举报投诉类申请", (_RESULT, _DECLINED), ("信访", "举报投诉")),
    Row("declined_repeat", "2.重复申请", (_RESULT, _DECLINED), ("重复申请",)),
    Row("declined_publication", "3.要求提供公开出版物", (_RESULT, _DECLINED), ("出版物",)),
    Row("declined_mass", "4.无正当理由大量反复申请", (_RESULT, _DECLINED), ("大量反复",)),
    Row(
        "declined_confirm",
        "5.要求行政机关确认或重新出具已获取信息",
        (_RESULT, _DECLINED),
        ("重新出具", "确认或重新"),
    ),
)

_HEAD_ROWS: tuple[Row, ...] = (
    Row("new", "一、本年新收政府信息公开申请数量", (), ("本年新收",)),
    Row("carried_over", "二、上年结转政府信息公开申请数量", (), ("上年结转",)),
    Row("granted", "（一）予以公开", (_RESULT,), ("予以公开",)),
    Row("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", (_RESULT,), ("部分公开",)),
)

_TAIL_ROWS: tuple[Row, ...] = (
    Row("total", "（七）总计", (_RESULT,), ("总计",), exact=True),
    Row("carried_forward", "四、结转下年度继续办理", (), ("结转下年",)),
)


def applications_table(other_rows: tuple[Row, ...]) -> Table:
    """Table 三: the same in both formats except for the （六）其他处理 rows."""
    rows = (*_HEAD_ROWS, *WITHHELD_UNAVAILABLE_DECLINED_ROWS, *other_rows, *_TAIL_ROWS)
    block = Block(id="t3", heading="", corner=T3_NOTE, rows=rows, columns=APPLICANT_COLUMNS)
    return Table(
        id="t3", section="applications", title="收到和处理政府信息公开申请情况", blocks=(block,), note=T3_NOTE
    )


_LITIGATION = "行政诉讼"
APPEAL_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)

# Table 四 is printed with its groups side by side (行政复议 | 行政诉讼: 未经复议直接起诉 | 复议后起诉) and one row of
# figures; as data each group is a row, so cell ids read `t4.<group>.<column>`.
APPEALS_TABLE = Table(
    id="t4",
    section="appeals",
    title="政府信息公开行政复议、行政诉讼情况",
    blocks=(
        Block(
            id="t4",
            heading="",
            corner="",
            rows=(
                Row("reconsideration", "行政复议", (), ("行政复议",)),
                Row("litigation_direct", "未经复议直接起诉", (_LITIGATION,), ("未经复议",)),
                Row("litigation_after", "复议后起诉", (_LITIGATION,), ("复议后起诉",)),
            ),
            columns=APPEAL_COLUMNS,
        ),
    ),
    groups_across=True,
)


def sections(*, proactive_title: str) -> tuple[Section, ...]:
    return (
        Section("overview", "一", "总体情况", narrative=True),
        Section(
            "proactive", "二", proactive_title, ("主动公开政府信息的情况", "主动公开政府信息情况"), table="t2"
        ),
        Section("applications", "三", "收到和处理政府信息公开申请情况", table="t3"),
        Section("appeals", "四", "政府信息公开行政复议、行政诉讼情况", table="t4"),
        Section(
            "problems",
            "五",
            "存在的主要问题及改进情况",
            ("政府信息公开工作存在的主要问题及改进情况", "存在问题及改进情况", "存在的问题及改进情况"),
            narrative=True,
        ),
        Section(
            "other",
            "六",
            "其他需要报告的事项",
            narrative=True,
            placeholder="（文字描述，收取信息处理费情况在此处报告。）",
        ),
    )
