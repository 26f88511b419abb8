"""The demo's annual reports: the demo agency's reports for every year since 2021 taken from its records through
the whole workflow (draft → check → approval → publication; 2024 corrected once), and a sibling agency's
report left as a late draft, so the office and the supervision pages show every state.

The 2021 report reproduces the agency's real one: its tables come from the records (all 0), section 一 states
the same facts, and the parts only the agency could write are filled in with the real report's own words.
"""

from __future__ import annotations

import datetime as dt
import random
import re

from django.contrib.auth.models import User

from gongkai.core.cases import Role
from gongkai.core.report.drafting import PLACEHOLDER
from gongkai.core.report.workflow import year_due
from gongkai.web.agencies.models import Agency
from gongkai.web.annualreports import selectors, services
from gongkai.web.annualreports.models import ReportVersion

__all__ = ["seed_demo"]

# What the officer writes in place of each prompt (the 2021 wording is the real report's).
_WRITTEN_2021 = {
    "本年度政府信息公开工作的总体思路和主要举措": "以《条例》为总纲领，按照应公开、尽公开的原则，推动便民利企"
    "政策信息主动公开；建立健全部门信息管理制度，从组织领导、人员落实等方面推动政务公开工作走深走实",
    "政府网站、政务新媒体建设和政务公开监督考核等情况": "一是抓好市政府网站政务公开，进一步优化门户网站各个栏目，坚持定期更新；"
    "二是充分利用局官方微信公众号和官方微博，开展政策解读、工作动态发布、成果展示、先进典型宣传等，回应社会关切；"
    "积极采取有效措施，主动接受群众的监督，确保信息公开工作得到有效落实",
    "本年度政府信息公开工作存在的主要问题": "发布信息多为转载，反映本部门工作的信息少，零散信息多，综合信息少；"
    "信息公开的时效性和有效性有待进一步加强；政务公开与“放管服”改革、优化营商环境等工作的融合还不够紧密。",
    "改进措施": "一是进一步规范政务信息的管理流程，加强政务信息员制度建设；二是主动向社会公开可以公开的信息，确保政府信息"
    "公开的完整性、全面性和及时性；三是围绕深化“放管服”改革优化营商环境，扎实推进营商环境政策措施落实。",
}
_WRITTEN = {
    "本年度政府信息公开工作的总体思路和主要举措": "围绕“高效办成一件事”改革，把政务公开贯穿审批服务全过程，"
    "健全公开前保密审查和发布后更新机制",
    "政府网站、政务新媒体建设和政务公开监督考核等情况": "优化门户网站“政府信息公开”专栏，政务微博和微信公众号坚持每周更新；"
    "将政务公开纳入科室年度考核，接受“两代表一委员”和服务对象监督",
    "本年度政府信息公开工作存在的主要问题": "政策解读形式较为单一，图解、视频解读较少；依申请公开答复文书的说理还需加强。",
    "改进措施": "一是丰富政策解读形式，重要政策同步发布图解；二是加强答复文书审核和业务培训；三是按季度开展公开内容自查。",
}


def _first_member(agency: Agency, role: Role) -> User:
    membership = agency.memberships.filter(role=role.value, active=True).select_related("user").first()
    if membership is None:  # pragma: no cover - the demo loader grants every role first
        raise RuntimeError(f"演示数据缺少{agency.name}的{role.value}账号。")
    return membership.user


def _write(version: ReportVersion, officer: User, year: int) -> ReportVersion:
    texts = _WRITTEN_2021 if year == 2021 else _WRITTEN

    def fill(match: re.Match[str]) -> str:
        prompt = match.group(0)[1:-1].removeprefix("请填写：").removeprefix("请补充：")
        return texts.get(prompt, "本机关已按要求完成相关工作")

    sections = {
        key: [PLACEHOLDER.sub(fill, p) for p in paragraphs] for key, paragraphs in version.sections.items()
    }
    # Figures the records do not hold (e.g. a year before the register was kept) are entered as the agency's
    # report gave them: none of the demo agency's decisions were recorded elsewhere.
    manual = dict.fromkeys(services.editable_cells(version), 0)
    return services.report_edit(version=version, by=officer, sections=sections, manual=manual)


def _publish(version: ReportVersion, officer: User, approver: User, on: dt.date) -> ReportVersion:
    result = services.report_check(version=version, by=officer)
    if not result.passed:  # pragma: no cover - a demo bug must not hide as an unpublished report
        raise RuntimeError("演示年度报告校验未通过：" + "；".join(f.message for f in result.blocking))
    version = services.report_approve(version=result.version, by=approver, on=on)
    return services.report_publish(version=version, by=approver, on=on)


def seed_demo(*, agency: Agency, rng: random.Random, today: dt.date) -> None:
    """The demo agency's reports for 2021 … last year, all published (2024 corrected), and a sibling agency's
    last report left a draft after its deadline."""
    officer = _first_member(agency, Role.OFFICER)
    approver = _first_member(agency, Role.APPROVER)
    for year in range(2021, year_due(today) + 1):
        on = dt.date(year + 1, 1, rng.randint(12, 27))
        version = services.report_create(agency=agency, year=year, by=officer, today=on)
        version = _write(version, officer, year)
        version = _publish(version, officer, approver, on)
        if year == 2024:
            correction = services.report_correct(
                report=version.report, by=officer,
                note="第五部分“存在的主要问题及改进情况”表述不完整，补充改进措施的完成时限。",
            )  # fmt: skip
            sections = dict(correction.sections)
            sections["problems"] = [*sections["problems"], "上述改进措施于2025年6月底前完成。"]
            correction = services.report_edit(version=correction, by=officer, sections=sections)
            _publish(correction, officer, approver, dt.date(year + 1, 3, 12))
    if agency.parent is None:
        return
    for sibling in agency.parent.children.exclude(pk=agency.pk).order_by("path"):
        member = (
            sibling.memberships.filter(role=Role.OFFICER.value, active=True).select_related("user").first()
        )
        if member is None:
            continue
        year = year_due(today)
        if selectors.report_for(sibling, year) is None:
            services.report_create(agency=sibling, year=year, by=member.user, today=dt.date(year + 1, 2, 3))
