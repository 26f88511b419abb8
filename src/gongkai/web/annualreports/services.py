"""Writing annual reports: one function per action of the workflow, each atomic and audited.

Every action is checked against `gongkai.core.report.workflow` (nothing else decides what may happen to a
report); a published version is never written again; a correction is a new version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.errors import ReportImportError, ReportValueError, ReportWorkflowError
from gongkai.core.office import xml_safe
from gongkai.core.report import io
from gongkai.core.report.diff import diff
from gongkai.core.report.drafting import draft_sections, placeholder_findings
from gongkai.core.report.model import (
    MAX_CELL_VALUE,
    CellValue,
    Finding,
    ParseResult,
    Report,
    Severity,
    agency_key,
    agency_name,
)
from gongkai.core.report.rules import validate
from gongkai.core.report.templates import get_template
from gongkai.core.report.workflow import (
    ReportAction,
    VersionStatus,
    blocking_findings,
    check_transition,
    publication_date_problem,
    year_refusal,
)
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import supervised_agencies, user_roles
from gongkai.web.annualreports import selectors
from gongkai.web.annualreports.codec import encode_cells, encode_findings, figure_values
from gongkai.web.annualreports.models import AnnualReport, ReportFigures, ReportFile, ReportVersion
from gongkai.web.audit.services import audit_record

__all__ = [
    "PUBLISHED_FORMATS",
    "CheckResult",
    "editable_cells",
    "report_approve",
    "report_check",
    "report_correct",
    "report_create",
    "report_discard",
    "report_edit",
    "report_import",
    "report_import_own",
    "report_publish",
    "report_refresh",
    "report_return",
]

PUBLISHED_FORMATS: tuple[str, ...] = ("html", "docx", "pdf", "json")


def _locked(version: ReportVersion) -> ReportVersion:
    return (
        ReportVersion.objects.select_for_update()
        .select_related("report", "report__agency")
        .get(pk=version.pk)
    )


def _step(
    version: ReportVersion | None,
    report: AnnualReport | None,
    action: ReportAction,
    by: User,
    agency: Agency,
) -> None:
    check_transition(
        VersionStatus(version.status) if version is not None else None,
        action,
        roles=user_roles(by, agency),
        has_published=report is not None and report.first_published_on is not None,
    )


def _require_newest(version: ReportVersion) -> None:
    newest = selectors.newest_version(version.report)
    if newest is None or newest.pk != version.pk:
        raise ReportWorkflowError("这不是该报告的最新版本，只能在最新版本上办理。", version=version.number)


def _findings(version: ReportVersion) -> tuple[Finding, ...]:
    """The rules' findings (against last year's published report), and every prompt still in the narrative."""
    report = selectors.version_report(version)
    previous = selectors.previous_report(version.report)
    found = list(validate(report, previous=previous))
    if previous is None:
        found.append(
            Finding(
                code="workflow.no_previous",
                severity=Severity.INFO,
                message=f"平台上没有{report.year - 1}年度已发布的报告，未进行跨年度检查（如上年结转是否一致）。",
            )
        )
    found.extend(placeholder_findings(report))
    return tuple(found)


def _store_findings(version: ReportVersion, findings: Sequence[Finding]) -> list[str]:
    version.findings = encode_findings(findings)
    version.error_count = sum(1 for f in findings if f.severity is Severity.ERROR)
    version.warning_count = sum(1 for f in findings if f.severity is Severity.WARNING)
    return ["findings", "error_count", "warning_count"]


def _set_status(version: ReportVersion, status: VersionStatus) -> None:
    """Move the newest version to `status` (the report keeps its newest status for list pages)."""
    version.status = status.value
    report = version.report
    report.newest_status = status.value
    report.save(update_fields=["newest_status", "updated_at"])


def _audit(by: User | None, action: str, version: ReportVersion, **details: object) -> None:
    report = version.report
    audit_record(
        actor=by,
        action=f"annual_report.{action}",
        obj=version,
        agency=report.agency,
        details={"year": report.year, "subject": report.subject, "version": version.number, **details},
    )


# --- drafting -----------------------------------------------------------------------------------------------


@transaction.atomic
def report_create(*, agency: Agency, year: int, by: User, today: dt.date) -> ReportVersion:
    """The first draft of an agency's report for `year`: tables from the records, narrative with the year's facts
    written in. Only for a year that has ended, in the 2021 format (2019 and 2020 reports are imported)."""
    refusal = year_refusal(ReportAction.CREATE, year, today=today)
    if refusal is not None:
        raise ReportWorkflowError(refusal, year=year)
    existing = (
        AnnualReport.objects.select_for_update().filter(agency=agency, year=year, external=False).first()
    )
    version = selectors.newest_version(existing) if existing is not None else None
    _step(version, existing, ReportAction.CREATE, by, agency)
    cells = selectors.records_cells(agency=agency, year=year)
    facts = selectors.records_facts(agency=agency, year=year)
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(
                agency=agency, subject=agency.name, year=year, template=selectors.TEMPLATE,
                newest_status=VersionStatus.DRAFT.value,
            )  # fmt: skip
    except IntegrityError:
        # Two officers pressed the button at once (PostgreSQL; SQLite queues the second, which is refused above).
        raise ReportWorkflowError(
            f"{agency.name}{year}年度报告刚由他人生成，请刷新页面。", year=year
        ) from None
    version = ReportVersion(
        report=report, number=1, status=VersionStatus.DRAFT.value, record_cells=encode_cells(cells),
        sections={k: list(v) for k, v in draft_sections(agency=agency.name, year=year, cells=cells, facts=facts).items()},
        records_taken_at=timezone.now(), created_by=by,
    )  # fmt: skip
    version.save()
    _store_findings(version, _findings(version))
    version.save(update_fields=["findings", "error_count", "warning_count"])
    _audit(by, "create", version, errors=version.error_count)
    return version


@transaction.atomic
def report_refresh(*, version: ReportVersion, by: User) -> tuple[ReportVersion, list[str]]:
    """Take the tables from the records again (the narrative is left as written); the cells that changed."""
    version = _locked(version)
    _require_newest(version)
    report = version.report
    _step(version, report, ReportAction.REFRESH, by, report.agency)
    before = selectors.effective_cells(version)
    cells = selectors.records_cells(agency=report.agency, year=report.year)
    version.record_cells = encode_cells(cells)
    # An entry by hand stays only where the records are still silent.
    version.manual_cells = {k: v for k, v in version.manual_cells.items() if cells.get(k) is None}
    version.records_taken_at = timezone.now()
    after = selectors.effective_cells(version)
    changed = sorted(cell for cell in after if after[cell] != before.get(cell))
    fields = _store_findings(version, _findings(version))
    version.save(update_fields=["record_cells", "manual_cells", "records_taken_at", *fields, "updated_at"])
    _audit(by, "refresh", version, changed=changed)
    return version, changed


def editable_cells(version: ReportVersion) -> list[str]:
    """Cells of tables 二 and 四 the records leave blank: the officer may fill them in (table 三 always comes
    from the applications)."""
    spec = get_template(version.report.template)
    return [
        cell.id
        for cell in spec.cells
        if cell.table in {"t2", "t4"} and version.record_cells.get(cell.id) is None
    ]


def _check_manual(version: ReportVersion, manual: Mapping[str, CellValue]) -> dict[str, CellValue]:
    allowed = set(editable_cells(version))
    spec = get_template(version.report.template)
    kept: dict[str, CellValue] = {}
    for cell_id, value in manual.items():
        if cell_id not in allowed:
            raise ReportWorkflowError(
                f"“{spec.cell(cell_id).label if spec.has_cell(cell_id) else cell_id}”的数据来自办理记录，"
                "不能手工填写；请在相应台账中更正后重新取数。",
                cell=cell_id,
            )
        if value is None:
            continue
        if isinstance(value, bool) or (isinstance(value, int) and value < 0):
            raise ReportValueError(f"“{spec.cell(cell_id).label}”不能为负数。", cell=cell_id)
        if isinstance(value, Decimal) and value < 0:
            raise ReportValueError(f"“{spec.cell(cell_id).label}”不能为负数。", cell=cell_id)
        if value > MAX_CELL_VALUE:
            raise ReportValueError(
                f"“{spec.cell(cell_id).label}”不能超过{MAX_CELL_VALUE}。", cell=cell_id, value=str(value)
            )
        kept[cell_id] = value
    return kept


def _clean_text(text: str) -> str:
    """Text as it may be published: without the control characters a paste can bring (a page, a DOCX or the
    JSON cannot show them), line breaks and tabs as spaces."""
    return xml_safe(" ".join(text.replace("\t", " ").splitlines()))


def _check_sections(sections: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    cleaned: dict[str, list[str]] = {}
    for key in ("preamble", "overview", "problems", "other"):
        paragraphs = [_clean_text(p).strip() for p in sections.get(key, ())]
        cleaned[key] = [p for p in paragraphs if p]
    return cleaned


def _clean_note(note: str) -> str:
    """A return or correction note: control characters dropped (a correction note is published)."""
    return xml_safe(note).strip()


@transaction.atomic
def report_edit(
    *,
    version: ReportVersion,
    by: User,
    sections: Mapping[str, Sequence[str]],
    manual: Mapping[str, CellValue] | None = None,
    based_on: str | None = None,
) -> ReportVersion:
    """Save the officer's narrative (and figures entered where the records are silent). A checked draft goes
    back to draft: what was checked is no longer what is there. `based_on` is the `selectors.version_revision`
    the edit form was opened with: if the draft was saved since (another tab, another officer), nothing is
    overwritten."""
    version = _locked(version)
    _require_newest(version)
    report = version.report
    _step(version, report, ReportAction.EDIT, by, report.agency)
    if based_on is not None and based_on != selectors.version_revision(version):
        raise ReportWorkflowError(
            "您打开修改页面后，草稿已被保存过（可能是在其他窗口或由其他承办人保存），为避免覆盖，本次未保存。"
            "您填写的内容仍在下方，请与当前草稿核对后再保存。",
            version=version.number,
            field="revision",
        )
    before = selectors.version_report(version)
    version.sections = _check_sections(sections)
    if manual is not None:
        version.manual_cells = encode_cells(_check_manual(version, manual))
    after = selectors.version_report(version)
    _set_status(version, VersionStatus.DRAFT)
    version.checked_at = None
    fields = _store_findings(version, _findings(version))
    version.save(update_fields=["sections", "manual_cells", "status", "checked_at", *fields, "updated_at"])
    change = diff(before, after)
    _audit(
        by, "edit", version,
        cells=[c.cell for c in change.changes], sections=list(change.sections_changed),
    )  # fmt: skip
    return version


# --- checking, approving, publishing ------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckResult:
    version: ReportVersion
    passed: bool
    findings: tuple[Finding, ...]

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return blocking_findings(self.findings)


@transaction.atomic
def report_check(*, version: ReportVersion, by: User) -> CheckResult:
    """Run every rule (against last year's published report too). No error → the draft is `checked`; with errors
    it stays a draft and the findings are shown next to their cells."""
    version = _locked(version)
    _require_newest(version)
    report = version.report
    _step(version, report, ReportAction.CHECK, by, report.agency)
    _require_a_change(version)
    findings = _findings(version)
    fields = _store_findings(version, findings)
    passed = not blocking_findings(findings)
    version.checked_at = timezone.now()
    if passed:
        _set_status(version, VersionStatus.CHECKED)
    version.save(update_fields=["status", "checked_at", *fields, "updated_at"])
    _audit(by, "check", version, passed=passed, errors=version.error_count, warnings=version.warning_count)
    return CheckResult(version, passed, findings)


@transaction.atomic
def report_approve(
    *, version: ReportVersion, by: User, on: dt.date, based_on: str | None = None
) -> ReportVersion:
    """The approver agrees to publish the checked version. `based_on` is the `selectors.version_revision` of the
    page the approver read: if the content changed since (edited and checked again), nothing is approved."""
    version = _locked(version)
    _require_newest(version)
    report = version.report
    _step(version, report, ReportAction.APPROVE, by, report.agency)
    if based_on is not None and based_on != selectors.version_revision(version):
        raise ReportWorkflowError(
            "您打开本页后，报告内容已被修改并重新校验，本次未审批；请阅读当前内容后再审批。",
            version=version.number,
        )
    if selectors.drafted_by(version, by):
        raise ReportWorkflowError(
            "您起草或修改过本版本，不能审批同意自己的草稿；请由本机关的其他负责人审批。",
            version=version.number,
        )
    version.approved_by = by
    version.approved_on = on
    version.return_note = ""
    _set_status(version, VersionStatus.APPROVED)
    version.save(update_fields=["status", "approved_by", "approved_on", "return_note", "updated_at"])
    _audit(by, "approve", version, on=on.isoformat())
    return version


@transaction.atomic
def report_return(*, version: ReportVersion, by: User, note: str) -> ReportVersion:
    version = _locked(version)
    _require_newest(version)
    report = version.report
    _step(version, report, ReportAction.RETURN, by, report.agency)
    note = _clean_note(note)
    if not note:
        raise ReportWorkflowError("退回修改时请写明退回的理由。")
    version.return_note = note
    version.approved_by = None
    version.approved_on = None
    version.checked_at = None
    _set_status(version, VersionStatus.DRAFT)
    version.save(
        update_fields=["status", "return_note", "approved_by", "approved_on", "checked_at", "updated_at"]
    )
    _audit(by, "return", version, note=note)
    return version


def _file_name(report: AnnualReport, version: ReportVersion, fmt: str) -> str:
    suffix = f"（第{version.number}版）" if version.number > 1 else ""
    return f"{report.subject}{report.year}年政府信息公开工作年度报告{suffix}.{fmt}"


def _renditions(report: Report) -> dict[str, bytes]:
    return {fmt: io.render(report, fmt, font=settings.GONGKAI_CJK_FONT) for fmt in PUBLISHED_FORMATS}


def _file(version: ReportVersion, kind: str, fmt: str, name: str, content: bytes) -> ReportFile:
    return ReportFile.objects.create(
        version=version, kind=kind, fmt=fmt, name=name, content=content, size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )  # fmt: skip


def _make_current(version: ReportVersion, report_value: Report) -> None:
    """The version's figures become the ones every sum counts; the earlier published version is superseded."""
    report = version.report
    for earlier in report.versions.filter(status=VersionStatus.PUBLISHED.value).exclude(pk=version.pk):
        earlier.status = VersionStatus.SUPERSEDED.value
        earlier.save(update_fields=["status", "updated_at"])
    ReportFigures.objects.filter(version__report=report, current=True).update(current=False)
    ReportFigures.objects.create(
        version=version, agency=report.agency, year=report.year, current=True, **figure_values(report_value)
    )


def report_publish(*, version: ReportVersion, by: User, on: dt.date) -> ReportVersion:
    """Publish an approved version: its HTML, DOCX, PDF and JSON are rendered once and kept; it can no longer be
    changed. A published correction supersedes the earlier version, which stays visible."""
    # Rendering (the PDF takes a moment) happens before the transaction, so the database is not held meanwhile;
    # the content is locked while approved, and the transaction checks it still is.
    report_value = selectors.version_report(version)
    files = _renditions(report_value)
    return _publish(version=version, by=by, on=on, files=files, rendered=report_value)


@transaction.atomic
def _publish(
    *, version: ReportVersion, by: User, on: dt.date, files: Mapping[str, bytes], rendered: Report
) -> ReportVersion:
    version = _locked(version)
    _require_newest(version)
    report = version.report
    _step(version, report, ReportAction.PUBLISH, by, report.agency)
    if selectors.version_report(version) != rendered:
        raise ReportWorkflowError("报告内容在发布过程中发生了变化，请重新发布。")
    _require_a_change(version)
    for fmt, content in files.items():
        _file(version, ReportFile.Kind.RENDITION, fmt, _file_name(report, version, fmt), content)
    version.published_by = by
    version.published_on = on
    _set_status(version, VersionStatus.PUBLISHED)
    version.save(update_fields=["status", "published_by", "published_on", "updated_at"])
    _make_current(version, rendered)
    if report.first_published_on is None:
        report.first_published_on = on
        report.save(update_fields=["first_published_on", "updated_at"])
    _audit(by, "publish", version, on=on.isoformat(), files=sorted(files))
    return version


# --- corrections ------------------------------------------------------------------------------------------


def _require_a_change(version: ReportVersion) -> None:
    """A correction must change something of the version it corrects (a cell or the text): otherwise it would be
    published as a new version with a note and nothing corrected."""
    if version.number == 1:
        return
    corrected = selectors.published_version(version.report)
    if corrected is None or corrected.pk == version.pk:
        return
    change = diff(selectors.version_report(corrected), selectors.version_report(version))
    if not change.changes and not change.sections_changed:
        raise ReportWorkflowError(
            f"本次更正与第{corrected.number}版的内容完全相同：请先修改需要更正的数据或文字，或放弃本次更正。",
            version=version.number,
        )


@transaction.atomic
def report_correct(*, report: AnnualReport, by: User, note: str) -> ReportVersion:
    """Start a correction of a published report: a new version, a copy of the published one, taken through the
    same steps. `note` says what was wrong; it is published with the correction."""
    report = AnnualReport.objects.select_for_update().select_related("agency").get(pk=report.pk)
    newest = selectors.newest_version(report)
    _step(newest, report, ReportAction.CORRECT, by, report.agency)
    note = _clean_note(note)
    if not note:
        raise ReportWorkflowError("更正已发布的报告时，请写明更正的原因和内容（将随更正版本一并公开）。")
    assert newest is not None
    version = ReportVersion.objects.create(
        report=report, number=newest.number + 1, status=VersionStatus.DRAFT.value,
        record_cells=newest.record_cells, manual_cells=newest.manual_cells, sections=newest.sections,
        records_taken_at=newest.records_taken_at, change_note=note, created_by=by,
    )  # fmt: skip
    report.newest_status = VersionStatus.DRAFT.value
    report.save(update_fields=["newest_status", "updated_at"])
    _store_findings(version, _findings(version))
    version.save(update_fields=["findings", "error_count", "warning_count"])
    _audit(by, "correct", version, note=note, corrects=newest.number)
    return version


@transaction.atomic
def report_discard(*, version: ReportVersion, by: User) -> AnnualReport:
    """Drop an unpublished correction; the published version stands as it was."""
    version = _locked(version)
    _require_newest(version)
    report = version.report
    _step(version, report, ReportAction.DISCARD, by, report.agency)
    _audit(by, "discard", version, note=version.change_note)
    version.delete()
    published = selectors.published_version(report)
    assert published is not None
    report.newest_status = published.status
    report.save(update_fields=["newest_status", "updated_at"])
    return report


# --- reports published elsewhere ----------------------------------------------------------------------------


def _import_target(under: Agency, parsed: Report) -> tuple[Agency, bool]:
    """Where an imported report is filed: the platform agency of that name in the subtree (names compared by
    `agency_key`: spaces and full/half width do not count), or `under`."""
    key = agency_key(parsed.agency)
    subtree = Agency.objects.filter(path__startswith=under.path).order_by("path")
    match = next((a for a in subtree.only("pk", "name", "path") if agency_key(a.name) == key), None)
    if match is None:
        return under, True
    return Agency.objects.get(pk=match.pk), False


# The rule whose findings keep a file from being imported: a value no report can hold (a misread figure).
_OUT_OF_RANGE = "cell.out_of_range"


def _require_importable(parsed: ParseResult, *, today: dt.date) -> None:
    """What every import checks before anything is written: the file names its year and agency, the year is one
    a published report can be for, and every value lies within what a report can hold."""
    errors = {f.code for f in parsed.findings}
    if "parse.year_missing" in errors:
        raise ReportImportError("文件中没有找到报告年度（标题应为“××××年政府信息公开工作年度报告”）。")
    if "parse.agency_missing" in errors or not parsed.report.agency.strip():
        raise ReportImportError("文件中没有找到机关名称（标题应以机关名称开头）。")
    value = parsed.report
    problem = year_refusal(ReportAction.IMPORT, value.year, today=today)
    if problem is not None:
        raise ReportImportError(f"文件中的报告是{value.year}年度的，未导入：{problem}", year=value.year)
    out_of_range = [f for f in validate(value) if f.code == _OUT_OF_RANGE]
    if out_of_range:
        more = f"（共{len(out_of_range)}处）" if len(out_of_range) > 1 else ""
        raise ReportImportError(
            f"文件中的数据超出合理范围{more}，未导入：{out_of_range[0].message}",
            cells=[c for f in out_of_range for c in f.cells],
        )


def report_import(
    *, under: Agency, parsed: ParseResult, name: str, content: bytes, by: User | None, on: dt.date
) -> ReportVersion:
    """File a published report read from a file: for a platform agency of the same name in `under`'s subtree that
    has no report of its own for the year, as that agency's report; otherwise as an agency not on the platform,
    filed under `under`. Checked with the rules; stored with its findings, the original file and its figures —
    and, filed as a platform agency's report (shown on the portal), with the files the portal offers."""
    if by is not None and not supervised_agencies(by).filter(pk=under.pk).exists():
        raise ReportImportError("只有上级机关的监督人员可以导入平台外机关的年度报告。")
    _require_importable(parsed, today=on)
    # Rendered before the transaction (the PDF takes a moment), when the report will be on the portal.
    files = None if _import_target(under, parsed.report)[1] else _renditions(parsed.report)
    return _import_for_subtree(
        under=under, parsed=parsed, name=name, content=content, by=by, on=on, files=files
    )


@transaction.atomic
def _import_for_subtree(
    *, under: Agency, parsed: ParseResult, name: str, content: bytes, by: User | None, on: dt.date,
    files: Mapping[str, bytes] | None,
) -> ReportVersion:  # fmt: skip
    value = parsed.report
    agency, external = _import_target(under, value)
    key = agency_key(value.agency)
    candidates = AnnualReport.objects.select_for_update().filter(
        agency=agency, year=value.year, external=external
    )
    existing = next((r for r in candidates if not external or agency_key(r.subject) == key), None)
    if existing is not None:
        where = "平台上已有" if existing.source == AnnualReport.Source.PLATFORM else "已导入过"
        raise ReportImportError(f"{where}{existing.subject}{value.year}年度的报告，未重复导入。")
    if not external and files is None:  # the agency joined the platform while the file was being read
        files = _renditions(value)
    subject = agency_name(value.agency) if external else agency.name
    report = _new_imported_report(
        agency=agency, subject=subject, external=external, value=value, published_on=on, stated=False
    )
    return _file_imported(report, parsed=parsed, name=name, content=content, by=by, files=files or {})


def report_import_own(
    *,
    agency: Agency,
    year: int,
    parsed: ParseResult,
    name: str,
    content: bytes,
    published_on: dt.date,
    by: User,
    today: dt.date,
) -> ReportVersion:
    """An agency's own report for `year`, published before it used the platform, read from the file it
    published: filed as published on `published_on` (the day the agency states), shown on the portal with the
    original file, and the `previous` its next report is checked against."""
    refusal = year_refusal(ReportAction.IMPORT, year, today=today)
    if refusal is not None:
        raise ReportImportError(refusal, year=year)
    _require_importable(parsed, today=today)
    value = parsed.report
    if value.year != year:
        raise ReportImportError(f"文件中的报告是{value.year}年度的，不是{year}年度的，未导入。")
    if agency_key(value.agency) != agency_key(agency.name):
        raise ReportImportError(
            f"文件中的机关名称是“{value.agency}”，不是本机关（{agency.name}）的报告，未导入。"
        )
    date_problem = publication_date_problem(year, published_on, today=today)
    if date_problem is not None:
        raise ReportImportError(date_problem, field="published_on")
    # Who may, checked before the files are rendered (the PDF takes a moment) and again in the transaction.
    existing = AnnualReport.objects.filter(agency=agency, year=year, external=False).first()
    _step(selectors.newest_version(existing) if existing else None, existing, ReportAction.IMPORT, by, agency)
    files = _renditions(value)
    return _import_own(agency=agency, parsed=parsed, name=name, content=content, published_on=published_on,
                       by=by, files=files)  # fmt: skip


@transaction.atomic
def _import_own(
    *, agency: Agency, parsed: ParseResult, name: str, content: bytes, published_on: dt.date, by: User,
    files: Mapping[str, bytes],
) -> ReportVersion:  # fmt: skip
    value = parsed.report
    existing = (
        AnnualReport.objects.select_for_update()
        .filter(agency=agency, year=value.year, external=False)
        .first()
    )
    version = selectors.newest_version(existing) if existing is not None else None
    _step(version, existing, ReportAction.IMPORT, by, agency)
    report = _new_imported_report(
        agency=agency,
        subject=agency.name,
        external=False,
        value=value,
        published_on=published_on,
        stated=True,
    )
    return _file_imported(report, parsed=parsed, name=name, content=content, by=by, files=files)


def _new_imported_report(
    *, agency: Agency, subject: str, external: bool, value: Report, published_on: dt.date, stated: bool
) -> AnnualReport:
    try:
        with transaction.atomic():
            return AnnualReport.objects.create(
                agency=agency, subject=subject, external=external, year=value.year, template=value.template,
                source=AnnualReport.Source.IMPORTED, newest_status=VersionStatus.PUBLISHED.value,
                first_published_on=published_on, published_on_stated=stated,
            )  # fmt: skip
    except IntegrityError:
        raise ReportImportError(f"{value.agency}{value.year}年度的报告正由他人导入，未重复导入。") from None


def _file_imported(
    report: AnnualReport,
    *,
    parsed: ParseResult,
    name: str,
    content: bytes,
    by: User | None,
    files: Mapping[str, bytes],
) -> ReportVersion:
    """The published version of an imported report: its findings (last year's report included), the original
    file, the portal's files, its figures; audited."""
    value = parsed.report
    version = ReportVersion.objects.create(
        report=report, number=1, status=VersionStatus.PUBLISHED.value, record_cells=encode_cells(value.cells),
        sections={k: list(v) for k, v in value.sections.items()}, published_on=report.first_published_on,
        published_by=by if report.published_on_stated else None, created_by=by,
    )  # fmt: skip
    previous = selectors.previous_report(report)
    _store_findings(version, (*parsed.findings, *validate(value, previous=previous)))
    version.save(update_fields=["findings", "error_count", "warning_count"])
    fmt = parsed.format or "txt"
    _file(version, ReportFile.Kind.ORIGINAL, fmt, name[-200:], content)
    for rendition, rendered in files.items():
        _file(version, ReportFile.Kind.RENDITION, rendition, _file_name(report, version, rendition), rendered)
    _make_current(version, value)
    _audit(by, "import", version, file=name, format=fmt, external=report.external, errors=version.error_count,
           published_on=report.first_published_on.isoformat() if report.first_published_on else None)  # fmt: skip
    return version
