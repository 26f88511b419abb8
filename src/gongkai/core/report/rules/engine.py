"""`validate(report, previous=None)`: every rule of the report's template at once, every finding returned.

Findings come in rule order (see `declare`), and within a rule in cell order. A blank cell is reported once, by
the not-blank rule; identities that involve it are skipped rather than reported again. Cross-year rules run only
with `previous`; when `previous` is not the year before, or lacks the cells a cross-year rule compares, one info
finding (`previous.not_comparable`) says which checks were skipped and why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import assert_never

from gongkai.core.report.model import (
    CellValue,
    Finding,
    Report,
    Severity,
    SourceRef,
    agency_key,
    year_problem,
)
from gongkai.core.report.rules.declare import rules_for
from gongkai.core.report.rules.kinds import (
    NOT_COMPARABLE,
    OTHER_AGENCY,
    YEAR_IMPOSSIBLE,
    CarryOver,
    CrossYearRule,
    Equal,
    FeeConfusion,
    InForceDrift,
    NarrativeFigure,
    NarrativeRepeated,
    NonNegativeAmount,
    NonNegativeInteger,
    NotBlank,
    SectionNotEmpty,
    SingleYearRule,
    Sum,
    WithinBound,
)
from gongkai.core.report.rules.naming import cell_name, section_name
from gongkai.core.report.rules.narrative import (
    fee_statements,
    is_effectively_empty,
    repetition,
    stated_figures,
)

__all__ = ["validate"]

# What each cross-year check compares, for the info finding that says it was skipped.
_CROSS_YEAR_CHECKS: dict[type[CrossYearRule], str] = {
    CarryOver: "表三“上年结转”与上年报告“结转下年度继续办理”是否一致",
    InForceDrift: "表二“现行有效件数”与上年推算是否一致",
    NarrativeRepeated: "正文是否与上年报告雷同",
}


def validate(
    report: Report, previous: Report | None = None, *, today: dt.date | None = None
) -> tuple[Finding, ...]:
    """Check `report` against every rule of its template (and against `previous`, last year's report).

    With `today` (the core has no clock: the caller passes it), a year no published report can be for (before
    2008, or not ended) is an error, `report.year`, first of all. A `previous` of another agency gives one
    warning, `previous.other_agency`, instead of the cross-year checks."""
    findings: list[Finding] = []
    if today is not None and (problem := year_problem(report.year, today=today)) is not None:
        findings.append(
            Finding(YEAR_IMPOSSIBLE, Severity.ERROR, problem, (), expected=today.year - 1, actual=report.year)
        )
    skipped: list[CrossYearRule] = []
    skipped_at = 0
    same_year_before = previous is not None and previous.year == report.year - 1
    other_agency = previous is not None and agency_key(previous.agency) != agency_key(report.agency)
    for rule in rules_for(report.template):
        if isinstance(rule, (CarryOver, InForceDrift, NarrativeRepeated)):
            if previous is None:
                continue
            if other_agency:
                if not skipped:
                    skipped_at = len(findings)
                skipped.append(rule)
                continue
            if not same_year_before or not _previous_has_cells(rule, previous):
                if not skipped:
                    skipped_at = len(findings)
                skipped.append(rule)
                continue
            findings.extend(_cross_year(rule, report, previous))
        else:
            findings.extend(_check(rule, report))
    if previous is not None and skipped:
        if other_agency:
            findings.insert(skipped_at, _other_agency(report, previous, skipped))
        else:
            findings.insert(skipped_at, _not_comparable(report, previous, skipped, same_year_before))
    return tuple(findings)


def _check(rule: SingleYearRule, report: Report) -> Iterator[Finding]:
    match rule:
        case NotBlank():
            yield from _not_blank(rule, report)
        case NonNegativeInteger():
            yield from _non_negative(rule, report, integer=True)
        case NonNegativeAmount():
            yield from _non_negative(rule, report, integer=False)
        case WithinBound():
            yield from _within_bound(rule, report)
        case Sum():
            yield from _identity(rule, report, (rule.target, *rule.parts), rule.parts, (rule.target,))
        case Equal():
            yield from _identity(rule, report, (*rule.left, *rule.right), rule.left, rule.right)
        case NarrativeFigure():
            yield from _narrative_figure(rule, report)
        case FeeConfusion():
            yield from _fee_confusion(rule, report)
        case SectionNotEmpty():
            if is_effectively_empty(report.sections.get(rule.section, ())):
                yield _finding(
                    rule,
                    rule.message.format(section=section_name(report.template, rule.section)),
                    (),
                    sources=_sources(report, (rule.section,)),
                )
        case _:
            assert_never(rule)


def _cross_year(rule: CrossYearRule, report: Report, previous: Report) -> Iterator[Finding]:
    match rule:
        case CarryOver():
            actual, expected = report[rule.cell], previous[rule.previous_cell]
            if actual is not None and expected is not None and actual != expected:
                message = rule.message.format(
                    expected=_text(expected), actual=_text(actual), previous_year=previous.year
                )
                sources = (*_sources(report, (rule.cell,)), *_sources(previous, (rule.previous_cell,)))
                yield _finding(rule, message, (rule.cell,), expected=expected, actual=actual, sources=sources)
        case InForceDrift():
            cells = (rule.in_force, rule.issued, rule.repealed)
            in_force, issued, repealed = (report[c] for c in cells)
            before = previous[rule.in_force]
            if in_force is None or issued is None or repealed is None or before is None:
                return
            expected = before + issued - repealed
            if in_force != expected:
                message = rule.message.format(
                    expected=_text(expected),
                    actual=_text(in_force),
                    previous=_text(before),
                    issued=_text(issued),
                    repealed=_text(repealed),
                    previous_year=previous.year,
                )
                sources = (*_sources(report, cells), *_sources(previous, (rule.in_force,)))
                yield _finding(rule, message, cells, expected=expected, actual=in_force, sources=sources)
        case NarrativeRepeated():
            found = repetition(
                _paragraphs(report, rule.sections),
                _paragraphs(previous, rule.sections),
                similarity=rule.similarity,
                min_chars=rule.min_chars,
            )
            if found.total_paragraphs and found.share > rule.share:
                message = rule.message.format(
                    repeated=found.repeated_paragraphs,
                    total=found.total_paragraphs,
                    percent=round(found.share * 100),
                    previous_year=previous.year,
                )
                yield _finding(
                    rule,
                    message,
                    (),
                    expected=rule.share,
                    actual=round(found.share, 3),
                    sources=_sources(report, rule.sections),
                )
        case _:
            assert_never(rule)


def _previous_has_cells(rule: CrossYearRule, previous: Report) -> bool:
    match rule:
        case CarryOver():
            return previous.spec.has_cell(rule.previous_cell)
        case InForceDrift():
            return previous.spec.has_cell(rule.in_force)
        case NarrativeRepeated():
            return True
        case _:
            assert_never(rule)


def _other_agency(report: Report, previous: Report, skipped: Sequence[CrossYearRule]) -> Finding:
    checks = "；".join(dict.fromkeys(_CROSS_YEAR_CHECKS[type(rule)] for rule in skipped))
    message = (
        f"所给的上年报告是“{previous.agency}”的，不是本报告机关“{report.agency}”的，"
        f"未做跨年度核对（{checks}）：请确认所给的是同一机关的报告。"
    )
    return Finding(
        OTHER_AGENCY, Severity.WARNING, message, (), expected=report.agency, actual=previous.agency
    )


def _not_comparable(
    report: Report, previous: Report, skipped: Sequence[CrossYearRule], same_year_before: bool
) -> Finding:
    checks = "；".join(dict.fromkeys(_CROSS_YEAR_CHECKS[type(rule)] for rule in skipped))
    if not same_year_before:
        message = (
            f"所给的上年报告是{previous.year}年度的，不是本报告（{report.year}年度）的上一年度，"
            f"未做跨年度核对（{checks}）。"
        )
        return Finding(
            NOT_COMPARABLE, Severity.INFO, message, (), expected=report.year - 1, actual=previous.year
        )
    message = (
        f"上年报告（{previous.year}年度）采用{previous.spec.name}，本报告采用{report.spec.name}，"
        f"上年报告没有可比的单元格，未做跨年度核对（{checks}）。"
    )
    return Finding(
        NOT_COMPARABLE, Severity.INFO, message, (), expected=report.template, actual=previous.template
    )


def _not_blank(rule: NotBlank, report: Report) -> Iterator[Finding]:
    values = report.cells
    for cell in rule.cells:
        if values[cell] is not None:
            continue
        source = report.sources.get(cell)
        raw = (source.raw or "").strip() if source is not None else ""
        raw_note = f"（原文填的是“{raw}”）" if raw else ""
        message = rule.message.format(cell=cell_name(report.template, cell), raw_note=raw_note)
        yield _finding(rule, message, (cell,), actual=raw or None, sources=_sources(report, (cell,)))


def _non_negative(
    rule: NonNegativeInteger | NonNegativeAmount, report: Report, *, integer: bool
) -> Iterator[Finding]:
    values = report.cells
    for cell in rule.cells:
        value = values[cell]
        if value is None:
            continue
        if integer:
            valid = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        else:
            valid = value >= 0
        if not valid:
            message = rule.message.format(cell=cell_name(report.template, cell), value=_text(value))
            yield _finding(rule, message, (cell,), actual=value, sources=_sources(report, (cell,)))


def _within_bound(rule: WithinBound, report: Report) -> Iterator[Finding]:
    values = report.cells
    for cell in rule.cells:
        value = values[cell]
        if value is None or -rule.maximum <= value <= rule.maximum:
            continue
        message = rule.message.format(
            cell=cell_name(report.template, cell), value=_text(value), maximum=rule.maximum
        )
        yield _finding(
            rule, message, (cell,), expected=rule.maximum, actual=value, sources=_sources(report, (cell,))
        )


def _identity(
    rule: Sum | Equal,
    report: Report,
    cells: tuple[str, ...],
    expected_cells: Sequence[str],
    actual_cells: Sequence[str],
) -> Iterator[Finding]:
    values = report.cells
    if any(values[c] is None for c in cells):
        return
    expected, actual = _sum(report, expected_cells), _sum(report, actual_cells)
    if expected != actual:
        message = rule.message.format(expected=_text(expected), actual=_text(actual))
        yield _finding(
            rule, message, cells, expected=expected, actual=actual, sources=_sources(report, cells)
        )


def _narrative_figure(rule: NarrativeFigure, report: Report) -> Iterator[Finding]:
    if any(report[c] is None for c in (*rule.cells, *(c for cs in rule.also_accepted for c in cs))):
        return
    expected = _sum(report, rule.cells)
    accepted = {expected, *(_sum(report, cells) for cells in rule.also_accepted)}
    for section in rule.sections:
        for figure in stated_figures(report.sections.get(section, ()), rule.patterns, rule.keywords):
            if figure.value in accepted:
                continue
            message = rule.message.format(
                section=section_name(report.template, section),
                quote=figure.quote,
                stated=figure.value,
                expected=_text(expected),
            )
            sources = _sources(report, (section, *rule.cells))
            yield _finding(rule, message, rule.cells, expected=expected, actual=figure.value, sources=sources)


def _fee_confusion(rule: FeeConfusion, report: Report) -> Iterator[Finding]:
    amount = report[rule.cell]
    if amount is None or amount == 0:
        return
    for statement in fee_statements(report.sections.get(rule.section, ())):
        if statement.amount == 0:
            continue
        if statement.in_wan == amount:
            template = rule.message
        elif statement.unit == "元" and statement.amount == amount:
            template = rule.message_unit
        else:
            continue
        message = template.format(
            quote=statement.quote, stated=_text(statement.amount), unit=statement.unit, amount=_text(amount)
        )
        sources = _sources(report, (rule.section, rule.cell))
        yield _finding(rule, message, (rule.cell,), expected=statement.amount, actual=amount, sources=sources)


def _finding(
    rule: SingleYearRule | CrossYearRule,
    message: str,
    cells: tuple[str, ...],
    *,
    expected: object = None,
    actual: object = None,
    sources: tuple[SourceRef, ...] = (),
) -> Finding:
    return Finding(rule.code, rule.severity, message, cells, expected, actual, sources)


def _sum(report: Report, cells: Iterable[str]) -> int | Decimal:
    values = report.cells
    total: int | Decimal = 0
    for cell in cells:
        value = values[cell]
        if value is not None:
            total += value
    return total


def _sources(report: Report, keys: Iterable[str]) -> tuple[SourceRef, ...]:
    return tuple(report.sources[k] for k in keys if k in report.sources)


def _paragraphs(report: Report, sections: Iterable[str]) -> tuple[str, ...]:
    return tuple(p for s in sections for p in report.sections.get(s, ()))


def _text(value: CellValue | int) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)
