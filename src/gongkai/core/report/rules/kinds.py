"""The closed vocabulary of consistency rules (勾稽关系), and the catalogue of their stable codes.

A rule is data: which cells, which identity, which Chinese message. `declare.rules_for(template_id)` builds the
rules of a template from its declaration; `engine.validate` evaluates them. Adding a kind means adding a class
here, a branch in the engine (checked exhaustively by mypy) and a line in the docs renderer.

Message templates are `str.format` strings; each kind documents the fields it fills in. Numbers are filled in
as plain text (`12`, `96171.6`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeAlias

from gongkai.core.report.model import Severity

__all__ = [
    "CODES",
    "CROSS_YEAR_KINDS",
    "NOT_COMPARABLE",
    "OTHER_AGENCY",
    "YEAR_IMPOSSIBLE",
    "CarryOver",
    "CrossYearRule",
    "Equal",
    "FeeConfusion",
    "InForceDrift",
    "NarrativeFigure",
    "NarrativeRepeated",
    "NonNegativeAmount",
    "NonNegativeInteger",
    "NotBlank",
    "Rule",
    "RuleCode",
    "SectionNotEmpty",
    "SingleYearRule",
    "Sum",
    "WithinBound",
]


@dataclass(frozen=True)
class RuleCode:
    """One stable finding code: its severity, a short Chinese title and what it checks (English, for the docs)."""

    code: str
    severity: Severity
    title: str
    description: str


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

# The info finding `validate` gives instead of the cross-year checks when `previous` cannot be compared.
NOT_COMPARABLE = "previous.not_comparable"
# The warning `validate` gives instead of the cross-year checks when `previous` is another agency's report.
OTHER_AGENCY = "previous.other_agency"
# The error `validate` gives, when told `today`, for a year no published report can be for.
YEAR_IMPOSSIBLE = "report.year"

CODES: Mapping[str, RuleCode] = {
    c.code: c
    for c in (
        RuleCode(
            "cell.blank",
            _E,
            "单元格未填写",
            "A cell is blank, or holds “/”, “—” or similar instead of a number; the template wants 0 when there "
            "is nothing to count. Reported once per blank cell; identities involving it are then skipped.",
        ),
        RuleCode(
            "cell.not_non_negative_integer",
            _E,
            "件数不是非负整数",
            "A count cell holds a negative number or a non-integer.",
        ),
        RuleCode("cell.negative_amount", _E, "金额为负数", "An amount cell (万元) holds a negative number."),
        RuleCode(
            "cell.out_of_range",
            _E,
            "数值超出合理范围",
            "A count or amount is larger than any report can hold (absolute value above `MAX_CELL_VALUE`, "
            "1 000 000 000): a misread figure, usually from a badly extracted PDF. Such a report is not "
            "imported.",
        ),
        RuleCode(
            "t3.balance",
            _E,
            "表三本列勾稽关系不成立",
            "Per column of table 三: new + carried_over = total + carried_forward "
            "(the identity printed in the template itself).",
        ),
        RuleCode(
            "t3.outcome_sum",
            _E,
            "表三办理结果之和不等于总计",
            "Per column of table 三: total = the sum of every outcome row (予以公开 … 其他处理).",
        ),
        RuleCode(
            "t3.row_sum",
            _E,
            "表三各类申请人之和不等于总计",
            "Per row of table 三: the 总计 column = the sum of the applicant columns.",
        ),
        RuleCode(
            "t4.group_sum",
            _E,
            "表四分项之和不等于总计",
            "Per group of table 四: total = upheld + corrected + other + pending.",
        ),
        RuleCode(
            "narrative.figure",
            _E,
            "正文数字与表格不一致",
            "A figure the text states unambiguously (共收到…申请N件, 上年结转N件, N件结转下年度, 行政复议N件 and its "
            "breakdown, 行政诉讼N件 and its breakdown) differs from the table cells it describes.",
        ),
        RuleCode(
            "carry_over",
            _E,
            "上年结转与上年报告不一致",
            "Across years, per column of table 三: this year's carried_over = last year's carried_forward.",
        ),
        RuleCode(
            "t2.in_force_drift",
            _W,
            "现行有效件数与上年推算不符",
            "Across years (2021 format): in_force ≈ last year's in_force + issued − repealed. A warning: "
            "documents also lapse without being repealed.",
        ),
        RuleCode(
            "fee.confusion",
            _W,
            "信息处理费可能误填为行政事业性收费",
            "Section 六 states an amount of 信息处理费 equal to table 二's 行政事业性收费 amount (in 万元), or equal "
            "to it as a number although stated in 元 (元 written as 万元). 信息处理费 is not 行政事业性收费.",
        ),
        RuleCode(
            "section.problems_empty",
            _W,
            "“存在的主要问题及改进情况”为空",
            "Section 五 is empty or says only 无 / 暂无.",
        ),
        RuleCode(
            "narrative.repeated",
            _W,
            "正文与上年报告大量雷同",
            "Across years: most of last year's narrative reappears almost unchanged this year "
            "(thresholds in the rule: paragraph similarity and share of last year's text).",
        ),
        RuleCode(
            YEAR_IMPOSSIBLE,
            _E,
            "报告年度不可能",
            "Given today's date (`validate(report, today=…)`; the CLI passes it): the year is before 2008, when "
            "the Regulations took effect, or has not ended yet. Without `today` this check is not run.",
        ),
        RuleCode(
            OTHER_AGENCY,
            _W,
            "上年报告是另一机关的",
            "The previous report given names another agency (names compared without spaces, full- and "
            "half-width folded); the cross-year rules are skipped, their results would mean nothing.",
        ),
        RuleCode(
            NOT_COMPARABLE,
            _I,
            "未做跨年度核对",
            "The previous report given is not the year before, or lacks the cells a cross-year rule compares; "
            "the cross-year rules concerned are skipped and this one finding says which and why.",
        ),
    )
}


class _Coded:
    code: str

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity


@dataclass(frozen=True)
class NotBlank(_Coded):
    """Every one of `cells` holds a value. Message fields: `cell` (its Chinese name), `raw_note`."""

    code: str
    cells: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class NonNegativeInteger(_Coded):
    """Every filled one of `cells` is an integer ≥ 0. Message fields: `cell`, `value`."""

    code: str
    cells: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class NonNegativeAmount(_Coded):
    """Every filled one of `cells` is an amount ≥ 0. Message fields: `cell`, `value`."""

    code: str
    cells: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class WithinBound(_Coded):
    """Every filled one of `cells` lies within ±`maximum`. Message fields: `cell`, `value`, `maximum`."""

    code: str
    cells: tuple[str, ...]
    maximum: int
    message: str


@dataclass(frozen=True)
class Sum(_Coded):
    """`target` = Σ `parts`. Finding: expected = Σ parts, actual = target. Message fields: `expected`, `actual`."""

    code: str
    target: str
    parts: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class Equal(_Coded):
    """Σ `left` = Σ `right`. Finding: expected = Σ left, actual = Σ right. Message fields: `expected`, `actual`."""

    code: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class NarrativeFigure(_Coded):
    """A figure stated in the text of `sections` equals the sum of `cells`.

    `patterns` are regular expressions (applied to the NFKC-folded paragraph, so brackets, commas and digits are
    half-width) with a named group `n`: the stated figure; they are tried only on sentences holding one of
    `keywords`. A figure preceded by 近/约/逾/超过 or followed by
    余/多/以上/左右 is approximate and ignored. `also_accepted` lists other cell sums the wording may equally mean
    (共收到…申请 N 件 sometimes counts last year's carried-over applications). Finding: expected = Σ cells,
    actual = the stated figure. Message fields: `section`, `quote`, `stated`, `cells`, `expected`.
    """

    code: str
    topic: str
    sections: tuple[str, ...]
    patterns: tuple[str, ...]
    keywords: tuple[str, ...]
    cells: tuple[str, ...]
    message: str
    also_accepted: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class FeeConfusion(_Coded):
    """Section `section` states a 信息处理费 amount that equals the 行政事业性收费 `cell` (万元).

    `message` is for a stated amount equal once converted to 万元 (reported as 行政事业性收费); `message_unit` for
    an amount stated in 元 equal to the cell as a bare number (元 written as 万元). Finding: expected = the stated
    amount (in its unit), actual = the cell. Message fields: `quote`, `stated`, `unit`, `amount`.
    """

    code: str
    section: str
    cell: str
    message: str
    message_unit: str


@dataclass(frozen=True)
class SectionNotEmpty(_Coded):
    """Section `section` says something besides 无. Message field: `section`."""

    code: str
    section: str
    message: str


@dataclass(frozen=True)
class CarryOver(_Coded):
    """Cross-year: `cell` this year = `previous_cell` last year. Finding: expected = last year's, actual = this.

    Message fields: `expected`, `actual`, `previous_year`.
    """

    code: str
    cell: str
    previous_cell: str
    message: str


@dataclass(frozen=True)
class InForceDrift(_Coded):
    """Cross-year: `in_force` ≈ last year's `in_force` + `issued` − `repealed`.

    Finding: expected = that estimate, actual = `in_force`. Message fields: `expected`, `actual`, `previous`,
    `issued`, `repealed`, `previous_year`.
    """

    code: str
    in_force: str
    issued: str
    repealed: str
    message: str


@dataclass(frozen=True)
class NarrativeRepeated(_Coded):
    """Cross-year: most of last year's narrative in `sections` reappears this year.

    Paragraphs are compared with digits folded (a copy with only the figures updated is still a copy) by
    `difflib.SequenceMatcher`; a paragraph of last year's (at least `min_chars` characters) counts as repeated
    when some paragraph of this year's is at least `similarity` alike. The finding fires when the repeated
    paragraphs hold more than `share` of last year's text. Finding: expected = `share`, actual = the share found.
    Message fields: `repeated`, `total`, `percent`, `previous_year`.
    """

    code: str
    sections: tuple[str, ...]
    message: str
    similarity: float = 0.8
    share: float = 0.5
    min_chars: int = 20


SingleYearRule: TypeAlias = (
    NotBlank
    | NonNegativeInteger
    | NonNegativeAmount
    | WithinBound
    | Sum
    | Equal
    | NarrativeFigure
    | FeeConfusion
    | SectionNotEmpty
)
CrossYearRule: TypeAlias = CarryOver | InForceDrift | NarrativeRepeated
Rule: TypeAlias = SingleYearRule | CrossYearRule

# The kinds that compare a report with last year's; they run only when `validate` is given `previous`.
CROSS_YEAR_KINDS: tuple[type[CarryOver], type[InForceDrift], type[NarrativeRepeated]] = (
    CarryOver,
    InForceDrift,
    NarrativeRepeated,
)
