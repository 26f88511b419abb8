"""Every error the core raises, in one tree, each with a stable code.

    GongkaiError                      gongkai.error
    ├── ReportError                   report.error
    │   ├── UnreadableReportError     report.unreadable     the file cannot be read, or is not an annual report
    │   ├── UnknownTemplateError      report.unknown_template
    │   ├── UnsupportedFormatError    report.unsupported_format
    │   ├── ReportValueError          report.invalid_value  a value that does not fit its cell or field
    │   ├── ReportWorkflowError       report.workflow       a step of the annual-report workflow not allowed now
    │   │                                                   (e.g. approving an unchecked draft, editing a published one)
    │   └── ReportImportError         report.import         an external report that cannot be filed (no year or agency
    │                                                       found, or the agency's report is already on the platform)
    ├── CalendarError                 calendar.error
    │   ├── CalendarYearMissingError  calendar.year_missing the official arrangement of a year is not loaded
    │   ├── CalendarDataError         calendar.bad_data     a calendar file is malformed or contradicts itself
    │   └── CalendarNoticeError       calendar.bad_notice   a holiday notice's text gives no arrangement, or one
    │                                                       that contradicts itself (a weekday, a day count)
    ├── DeadlineError                 deadline.error        impossible event sequence (e.g. resumed before paused)
    ├── FeeError                      fee.error
    │   └── FeeMethodConflictError    fee.method_conflict   one request charged both per request and per page
    ├── TransitionError               case.bad_transition   an action not allowed in the case's current state
    ├── CaseDataError                 case.bad_data         an application's own data that cannot be true (received
    │   │                                                   in the future, before the Regulations existed)
    │   └── DuplicateSubmissionError  case.duplicate        the same form submitted twice (a double click, a retry)
    ├── FontMissingError              font.missing          no CJK font to embed in a PDF
    ├── DisclosureError               disclosure.error      a register item, review step or document lifecycle
    │                                                       step the rules do not allow (e.g. 不予公开 without a reason)
    ├── AppealError                   appeal.error          a reconsideration or litigation record that contradicts
    │                                                       itself (decided before filed, concluded twice)
    └── FactsError                    facts.error           a yearly fact that cannot be true (negative count, wrong year)

Messages are in Chinese, for the clerk who will read them; `code` is for programs, logs and tests.
Callers (CLI, web) show `str(error)`; they never need to parse it.
"""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "AppealError",
    "CalendarDataError",
    "CalendarError",
    "CalendarNoticeError",
    "CalendarYearMissingError",
    "CaseDataError",
    "DeadlineError",
    "DisclosureError",
    "DuplicateSubmissionError",
    "FactsError",
    "FeeError",
    "FeeMethodConflictError",
    "FontMissingError",
    "GongkaiError",
    "ReportError",
    "ReportImportError",
    "ReportValueError",
    "ReportWorkflowError",
    "TransitionError",
    "UnknownTemplateError",
    "UnreadableReportError",
    "UnsupportedFormatError",
]


class GongkaiError(Exception):
    """Base of every error the core raises on purpose."""

    code: ClassVar[str] = "gongkai.error"

    def __init__(self, message: str, **context: Any) -> None:
        super().__init__(message)
        self.message = message
        self.context = context

    def __str__(self) -> str:
        return self.message


class ReportError(GongkaiError):
    code = "report.error"


class UnreadableReportError(ReportError):
    code = "report.unreadable"


class UnknownTemplateError(ReportError):
    code = "report.unknown_template"


class UnsupportedFormatError(ReportError):
    code = "report.unsupported_format"


class ReportValueError(ReportError):
    code = "report.invalid_value"


class ReportWorkflowError(ReportError):
    code = "report.workflow"


class ReportImportError(ReportError):
    code = "report.import"


class CalendarError(GongkaiError):
    code = "calendar.error"


class CalendarYearMissingError(CalendarError):
    code = "calendar.year_missing"

    def __init__(self, message: str, *, year: int, **context: Any) -> None:
        super().__init__(message, year=year, **context)
        self.year = year


class CalendarDataError(CalendarError):
    code = "calendar.bad_data"


class CalendarNoticeError(CalendarError):
    code = "calendar.bad_notice"


class DeadlineError(GongkaiError):
    code = "deadline.error"


class FeeError(GongkaiError):
    code = "fee.error"


class FeeMethodConflictError(FeeError):
    code = "fee.method_conflict"


class TransitionError(GongkaiError):
    code = "case.bad_transition"


class CaseDataError(GongkaiError):
    code = "case.bad_data"


class DuplicateSubmissionError(CaseDataError):
    """`context["number"]`: the case the first submission created."""

    code = "case.duplicate"


class FontMissingError(GongkaiError):
    code = "font.missing"


class DisclosureError(GongkaiError):
    code = "disclosure.error"


class AppealError(GongkaiError):
    code = "appeal.error"


class FactsError(GongkaiError):
    code = "facts.error"
