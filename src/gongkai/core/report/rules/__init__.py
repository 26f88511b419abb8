"""The consistency rules (勾稽关系) of the annual report: a closed vocabulary of rule kinds, the rules of each
template derived from its declaration, and `validate`, which runs them all at once.

    >>> findings = validate(report, previous=last_years_report)

Each finding has a stable `code` (the catalogue is `CODES`; docs/report-format.md lists them), a severity, a
Chinese message naming the rows and columns, the cells involved, the two sides of a failed identity
(`expected`/`actual`) and where the cells were read (`sources`).
"""

from __future__ import annotations

from gongkai.core.report.rules.declare import rules_for
from gongkai.core.report.rules.engine import validate
from gongkai.core.report.rules.kinds import (
    CODES,
    CROSS_YEAR_KINDS,
    NOT_COMPARABLE,
    OTHER_AGENCY,
    YEAR_IMPOSSIBLE,
    CarryOver,
    Equal,
    FeeConfusion,
    InForceDrift,
    NarrativeFigure,
    NarrativeRepeated,
    NonNegativeAmount,
    NonNegativeInteger,
    NotBlank,
    Rule,
    RuleCode,
    SectionNotEmpty,
    Sum,
    WithinBound,
)

__all__ = [
    "CODES",
    "CROSS_YEAR_KINDS",
    "NOT_COMPARABLE",
    "OTHER_AGENCY",
    "YEAR_IMPOSSIBLE",
    "CarryOver",
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
    "Sum",
    "WithinBound",
    "rules_for",
    "validate",
]
