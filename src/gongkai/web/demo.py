"""The demo: 吴忠市审批服务管理局 with its staff and a few hundred realistic cases over 2022–2026.

Deterministic (a seeded generator, dates anchored at DEMO_TODAY), built only through the services, so every
case has a coherent timeline, deadlines and audit trail. No case is received in 2021: the agency's real 2021
annual report says it received no application, and the next part of the system reproduces that report from
these records. Names, ID numbers, phone numbers and addresses are invented.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from gongkai.core.cases import ApplicantKind, State
from gongkai.core.errors import CalendarYearMissingError, GongkaiError
from gongkai.core.workdays import WorkdayCalendar
from gongkai.web.agencies import services as agency_services
from gongkai.web.agencies.models import Agency
from gongkai.web.annualreports import demo as annual_reports_demo
from gongkai.web.applications import services as s
from gongkai.web.applications.models import Application
from gongkai.web.catalogue import services as catalogue_services
from gongkai.web.common.clock import workday_calendar
from gongkai.web.disclosure import demo as disclosure_demo
from gongkai.web.supervision import demo as supervision_demo

__all__ = ["DEMO_PASSWORD", "DEMO_QUERY_CODE", "DEMO_TODAY", "DEMO_USERS", "DemoResult", "load_demo"]

DEMO_TODAY = dt.date(2026, 11, 20)
DEMO_PASSWORD = "Gongkai-Demo-2026"
# The query code of one demo case, so that the public status page can be tried without filing an application.
DEMO_QUERY_CODE = "WZSP-CASE"
SEED = 20210131

# username → (full name, agency code, roles)
DEMO_USERS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "wzsp_officer": ("李明", "WZSP", ("officer",)),
    "wzsp_officer2": ("王芳", "WZSP", ("officer",)),
    "wzsp_approver": ("张伟", "WZSP", ("approver",)),
    "wzsp_admin": ("马丽", "WZSP", ("admin",)),
    "wz_supervisor": ("杨军", "WZ", ("supervisor",)),
    "wzzr_officer": ("赵强", "WZZR", ("officer",)),
}

_AGENCIES = [
    # code, name, level, parent code, notice prefix
    ("NX", "宁夏回族自治区人民政府", "province", None, "宁政公开"),
    ("WZ", "吴忠市人民政府", "city", "NX", "吴政公开"),
    ("WZSP", "吴忠市审批服务管理局", "department", "WZ", "吴审批公开"),
    ("WZZR", "吴忠市自然资源局", "department", "WZ", "吴自然资源公开"),
]

_TOPICS = [
    "吴忠市利通区某商住小区项目的建设工程规划许可证及附图",
    "本人名下个体工商户营业执照的登记档案",
    "2023年度全市食品经营许可证核发数量及名单",
    "某物流园区项目环境影响评价文件的审批意见",
    "市政道路改造工程施工许可证的办理情况",
    "某小学扩建项目的立项批复文件",
    "本人提交的道路运输经营许可申请的审批结果及依据",
    "全市政务服务大厅“一窗受理”改革的实施方案",
    "某企业危险化学品经营许可证的核发材料",
    "某住宅小区竣工验收备案材料",
    "市审批服务管理局2024年部门预算及“三公”经费",
    "药品零售企业许可的审批时限和收费标准",
    "某加油站建设项目的审批文件及安全评价意见",
    "本村土地征收相关的项目审批文件",
    "城市供热管网改造项目的招标投标情况",
    "本人申请的建筑业企业资质审批的办理进度及未予批准的理由",
    "某养老机构设立许可的相关材料",
    "全市“证照分离”改革事项清单",
    "某房地产开发项目的商品房预售许可证",
    "某企业投资项目备案证明及备案信息",
]

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文海燕斌宇浩凯晨瑞欣雪梅琳晓东"
_COMPANIES = [
    ("吴忠市", "商贸有限公司", "commercial"),
    ("宁夏", "建设工程有限公司", "commercial"),
    ("吴忠", "农业科技发展有限公司", "commercial"),
    ("宁夏", "律师事务所", "legal"),
    ("宁夏", "生态环境研究院", "research"),
    ("吴忠市", "公益服务中心", "nonprofit"),
    ("吴忠市利通区", "村民委员会", "other_org"),
]


@dataclass
class DemoResult:
    created: bool
    cases: int
    states: Counter[str]
    # The case the public status page finds with DEMO_QUERY_CODE.
    sample_number: str | None = None


def _sample_number(agency: Agency) -> str | None:
    numbers = Application.objects.filter(agency=agency, events__action="reissue_code").values_list(
        "number", flat=True
    )
    return numbers.first()


def _resident_id(rng: random.Random, born: dt.date) -> str:
    body = f"6403{rng.choice(['02', '03', '23', '24', '81'])}{born:%Y%m%d}{rng.randint(0, 999):03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def _credit_code(rng: random.Random) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    return "91640300" + "".join(rng.choice(alphabet) for _ in range(10))


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (160, 100), (222, 226, 230)).save(out, format="PNG")
    return out.getvalue()


def _applicant(rng: random.Random) -> tuple[str, s.ApplicantData]:
    roll = rng.random()
    phone = f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}"
    address = f"宁夏吴忠市利通区示例路{rng.randint(1, 300)}号"
    email = f"applicant-{phone[-6:]}@example.com"  # a reserved domain: nothing real is ever written to
    if roll < 0.72:
        name = rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))
        born = dt.date(rng.randint(1955, 2002), rng.randint(1, 12), rng.randint(1, 28))
        return ApplicantKind.NATURAL.value, s.ApplicantData(
            name=name,
            id_type="resident_id",
            id_number=_resident_id(rng, born),
            phone=phone,
            email=email,
            address=address,
            postal_code="751100",
        )
    place, suffix, kind = rng.choice(_COMPANIES)
    name = f"{place}{rng.choice(_GIVEN)}{rng.choice(_GIVEN)}{suffix}"
    contact = rng.choice(_SURNAMES) + rng.choice(_GIVEN)
    return kind, s.ApplicantData(
        name=name,
        id_type="credit_code",
        id_number=_credit_code(rng),
        phone=phone,
        email=email,
        address=address,
        contact_name=contact,
        postal_code="751100",
    )


_ANSWER_WEIGHTS = [
    ("disclosed", 30),
    ("already_public", 12),
    ("partial", 12),
    ("not_held", 12),
    ("not_this_agency", 6),
    ("withheld_third_party", 4),
    ("withheld_process", 3),
    ("withheld_internal", 2),
    ("withheld_law", 1),
    ("withheld_enforcement", 1),
    ("withheld_query", 2),
    ("withheld_security", 1),
    ("withheld_secret", 1),
    ("needs_creation", 4),
    ("petition", 3),
    ("repeat", 2),
    ("publication", 1),
    ("mass", 1),
    ("confirm", 1),
    ("other", 1),
]


def _pick_answer(rng: random.Random, corrected: bool) -> str:
    if corrected and rng.random() < 0.25:
        return "still_unclear"
    answers = [answer for answer, _weight in _ANSWER_WEIGHTS]
    weights = [weight for _answer, weight in _ANSWER_WEIGHTS]
    return rng.choices(answers, weights=weights)[0]


_DECISION_TEXT = {
    "partial": "所申请信息中涉及第三方个人信息的部分不予公开，其余部分予以公开，见附件。",
    "disclosed": "现将所申请的信息提供给您，见附件。",
    "already_public": "该信息已在本机关门户网站“政府信息公开”专栏主动公开，您可以自行查阅。",
}


def _working_day_from(calendar: WorkdayCalendar, day: dt.date) -> dt.date:
    """The day itself, or the next working day (a date the agency sets, not a working-day count); weekdays
    count as working days in a year whose arrangement is not published yet."""
    while True:
        try:
            working = calendar.is_workday(day)
        except CalendarYearMissingError:
            working = day.weekday() < 5
        if working:
            return day
        day += dt.timedelta(days=1)


class _Builder:
    def __init__(self, rng: random.Random, users: dict[str, User], agency: Agency) -> None:
        self.rng = rng
        self.users = users
        self.agency = agency
        self.calendar = workday_calendar()
        self.id_proof = _png()

    def wd(self, day: dt.date, n: int) -> dt.date:
        return self.calendar.add_workdays(day, n)

    def back(self, day: dt.date, n: int) -> dt.date:
        """The working day n working days before `day` (searching forward from a week per 5 days back)."""
        start = day - dt.timedelta(days=n * 7 // 5 + 10)
        while self.wd(start, n) < day:
            start += dt.timedelta(days=1)
        while self.wd(start, n) > day:
            start -= dt.timedelta(days=1)
        return start if n else day

    def scripted(self, state: State, received: dt.date) -> Application:
        """A case taken along a fixed path to `state`."""
        officer = self.users["wzsp_officer"]
        approver = self.users["wzsp_approver"]
        kind, applicant = _applicant(self.rng)
        online = state in {State.SUBMITTED, State.DISCARDED}
        application, _code = s.application_create(
            agency=self.agency,
            applicant=applicant,
            applicant_kind=kind,
            description=self.rng.choice(_TOPICS),
            requested_form="electronic",
            delivery="email" if applicant.email else "post",
            channel="online" if online else "in_person",
            arrived_on=received,
            id_proof=SimpleUploadedFile("身份证明.png", self.id_proof, "image/png") if online else None,
            by=None if online else officer,
        )
        if state is State.SUBMITTED:
            return application
        if state is State.DISCARDED:
            return s.application_discard(
                application=application, by=officer, on=received, reason="测试提交。"
            )
        a = s.application_register(application=application, by=officer, on=received)
        day = self.wd(received, 2)
        if state is State.PROCESSING:
            return a
        if state in {State.AWAITING_CORRECTION, State.ABANDONED}:
            due = day + dt.timedelta(days=10)
            a = s.application_request_correction(
                application=a, by=officer, on=day, correction_due=due, note="请说明所需信息的形成时间。"
            )
            if state is State.AWAITING_CORRECTION:
                return a
            return s.application_close_uncorrected(application=a, by=officer, on=due + dt.timedelta(days=1))
        if state is State.CONSULTING:
            return s.application_start_consultation(application=a, by=officer, on=day, party="相关企业")
        if state is State.EXTENSION_PENDING:
            return s.application_request_extension(
                application=a, by=officer, on=self.wd(day, 10), days=15, reason="需要调取历年档案。"
            )
        if state in {State.AWAITING_FEE, State.FEE_UNPAID}:
            a = s.application_notify_fee(application=a, by=officer, on=day, pages=150)
            if state is State.AWAITING_FEE:
                return a
            return s.application_close_unpaid(application=a, by=officer, on=self.wd(day, 21))
        if state is State.WITHDRAWN:
            return s.application_withdraw(application=a, by=officer, on=day, note="申请人撤回。")
        a = s.application_propose_decision(
            application=a, by=officer, on=day, answer="disclosed", text="现将所申请的信息提供给您。"
        )
        if state is State.DECISION_PENDING:
            return a
        a = s.application_approve_decision(application=a, by=approver, on=day)
        if state is State.DECIDED:
            return a
        a = s.application_record_service(application=a, by=officer, on=self.wd(day, 1), how="email")
        if state is State.SERVED:
            return a
        return s.application_close(application=a, by=officer, on=self.wd(day, 2))

    def mass_request_deferred(self, received: dt.date) -> Application:
        """A case of Art. 35: many requests at once, the reasons asked for and accepted, a later reply date."""
        officer = self.users["wzsp_officer"]
        kind, applicant = _applicant(self.rng)
        application, _code = s.application_create(
            agency=self.agency,
            applicant=applicant,
            applicant_kind=kind,
            description="2015年至2025年本局全部行政许可决定书（共约一万二千件）的复印件。",
            requested_form="paper",
            delivery="post",
            channel="in_person",
            arrived_on=received,
            by=officer,
            register=True,
        )
        asked = self.wd(received, 2)
        a = s.application_ask_reasons(
            application=application,
            by=officer,
            on=asked,
            reasons_due=self.wd(asked, 5),
            note="请说明申请十年间全部行政许可决定书的理由和用途，以便本机关判断能否在规定期限内答复。",
        )
        s.attachment_add(
            application=a,
            by=officer,
            kind="reasons",
            upload=SimpleUploadedFile("申请理由说明.png", self.id_proof, "image/png"),
        )
        return s.application_set_reply_date(
            application=a,
            by=self.users["wzsp_approver"],
            on=self.wd(asked, 5),
            reply_on=_working_day_from(self.calendar, received + dt.timedelta(days=63)),
            reason="所申请的决定书数量巨大，需要逐件调档、复制并审查其中的个人信息",
        )

    def officer(self) -> User:
        return self.users[self.rng.choice(["wzsp_officer", "wzsp_officer", "wzsp_officer2"])]

    def case(self, received: dt.date, *, stop: Callable[[dt.date], bool]) -> Application:
        """One case received on `received`, taken through a random lawful life until `stop(date)` says the
        next step would lie after the demo's today."""
        rng = self.rng
        kind, applicant = _applicant(rng)
        online = rng.random() < 0.45
        officer = self.officer()
        approver = self.users["wzsp_approver"]
        topic = rng.choice(_TOPICS)
        channel = "online" if online else rng.choice(["in_person", "registered_post", "in_person", "fax"])
        application, _code = s.application_create(
            agency=self.agency,
            applicant=applicant,
            applicant_kind=kind,
            description=topic,
            requested_form=rng.choice(["paper", "electronic"]),
            delivery=rng.choice(["post", "email", "pickup"]),
            channel=channel,
            arrived_on=received,
            signed_on=received if channel == "registered_post" else None,
            confirmed_on=received if channel == "fax" else None,
            id_proof=SimpleUploadedFile("身份证明.png", self.id_proof, "image/png") if online else None,
            by=None if online else officer,
        )
        if online and rng.random() < 0.03:
            if not stop(received):
                s.application_discard(
                    application=application, by=officer, on=received, reason="重复提交的申请。"
                )
            return application
        if stop(received):
            return application
        application = s.application_register(application=application, by=officer, on=received)
        day = received
        corrected = False
        if rng.random() < 0.09:
            day = self.wd(day, rng.randint(1, 5))
            if stop(day):
                return application
            due = day + dt.timedelta(days=15)
            s.application_request_correction(
                application=application,
                by=officer,
                on=day,
                correction_due=due,
                note="请明确所需信息的名称、文号或者形成时间等特征性描述。",
            )
            if rng.random() < 0.2:
                if stop(due + dt.timedelta(days=1)):
                    return application
                s.application_close_uncorrected(
                    application=application, by=officer, on=due + dt.timedelta(days=1)
                )
                return application
            day = day + dt.timedelta(days=rng.randint(2, 12))
            if stop(day):
                return application
            s.application_record_correction(
                application=application, by=officer, on=day, note="申请人已补正。"
            )
            corrected = True
        if rng.random() < 0.04:
            day = self.wd(day, rng.randint(1, 10))
            if stop(day):
                return application
            s.application_withdraw(application=application, by=officer, on=day, note="申请人书面撤回申请。")
            return application
        if rng.random() < 0.1:
            day = self.wd(day, rng.randint(2, 6))
            if stop(day):
                return application
            s.application_start_consultation(
                application=application,
                by=officer,
                on=day,
                party="涉及的第三方企业",
                note="所申请信息涉及第三方商业信息。",
            )
            day = self.wd(day, rng.randint(5, 15))
            if stop(day):
                return application
            s.application_end_consultation(
                application=application,
                by=officer,
                on=day,
                response="agreed",
                result="第三方书面答复同意公开。",
            )
        if rng.random() < 0.1:
            day = self.wd(day, rng.randint(8, 15))
            if stop(day):
                return application
            days = rng.choice([10, 15, 20])
            approved_on = self.wd(day, 1)
            reply_due = Application.objects.values_list("reply_due", flat=True).get(pk=application.pk)
            if (
                reply_due is None or approved_on <= reply_due
            ):  # Art. 33: an extension of a period still running
                s.application_request_extension(
                    application=application,
                    by=officer,
                    on=day,
                    days=days,
                    reason="所需信息涉及多个年度的档案，需要较长时间检索。",
                )
                day = approved_on
                if stop(day):
                    return application
                s.application_approve_extension(application=application, by=approver, on=day)
        if rng.random() < 0.04:
            day = self.wd(day, rng.randint(2, 5))
            if stop(day):
                return application
            s.application_notify_fee(application=application, by=officer, on=day, pages=rng.randint(60, 400))
            if rng.random() < 0.3:
                expiry = self.wd(day, 21)
                if stop(expiry):
                    return application
                s.application_close_unpaid(application=application, by=officer, on=expiry)
                return application
            day = self.wd(day, rng.randint(3, 12))
            if stop(day):
                return application
            s.application_record_payment(application=application, by=officer, on=day)
        answer = _pick_answer(rng, corrected)
        reasons_due: dt.date | None = None
        if answer == "mass":  # Art. 35: not declined before the applicant was asked for reasons
            reasons_due = day + dt.timedelta(days=10)
            s.application_ask_reasons(
                application=application,
                by=officer,
                on=day,
                reasons_due=reasons_due,
                note="请说明在短期内大量申请的理由。",
            )
        day = self.wd(day, rng.randint(3, 14))
        if reasons_due is not None:  # … nor before the time given for them ran out
            day = max(day, self.wd(reasons_due, 1))
        if stop(day):
            return application
        s.application_propose_decision(
            application=application,
            by=officer,
            on=day,
            answer=answer,
            text=_DECISION_TEXT.get(answer, "经审查，依法作出本答复。"),
        )
        day = self.wd(day, rng.randint(0, 2))
        if stop(day):
            return application
        s.application_approve_decision(application=application, by=approver, on=day)
        day = self.wd(day, rng.randint(1, 3))
        if stop(day):
            return application
        s.application_record_service(
            application=application, by=officer, on=day, how=rng.choice(["post", "email", "in_person"])
        )
        day = self.wd(day, rng.randint(1, 5))
        if stop(day):
            return application
        return s.application_close(application=application, by=officer, on=day)


def _users() -> dict[str, User]:
    user_model = get_user_model()
    users: dict[str, User] = {}
    for username, (full_name, _code, _roles) in DEMO_USERS.items():
        existing = user_model.objects.filter(username=username).first()
        if existing is None:
            existing = agency_services.staff_create(
                username=username, password=DEMO_PASSWORD, full_name=full_name
            )
        users[username] = existing
    admin = users["wzsp_admin"]
    if not admin.is_superuser:
        # The agency administrator of the demo also configures the system in /admin/.
        admin.is_staff = True
        admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
    return users


@transaction.atomic
def load_demo(*, today: dt.date = DEMO_TODAY, seed: int = SEED) -> DemoResult:
    """Create the demo once; a second call finds it and changes nothing but the catalogue's search index, rebuilt
    (a second for the demo's items) so that a demo database made by an earlier release searches by today's
    indexing rules."""
    if Agency.objects.filter(code="WZSP").exists():
        catalogue_services.catalogue_rebuild()
        agency = Agency.objects.get(code="WZSP")
        states = Counter(Application.objects.filter(agency=agency).values_list("status", flat=True))
        return DemoResult(
            created=False, cases=sum(states.values()), states=states, sample_number=_sample_number(agency)
        )
    agencies: dict[str, Agency] = {}
    for code, name, level, parent, prefix in _AGENCIES:
        # The bureau has kept its reports here from 2021; the others joined for their 2025 reports.
        details: dict[str, Any] = {"reports_from": 2025}
        if code == "WZSP":
            details = {
                "reports_from": 2021,
                "address": "宁夏吴忠市利通区（示例地址）市民大厦",
                "postal_code": "751100",
                "office_hours": "工作日 上午8:30—12:00，下午14:30—18:00（夏季）",
                "phone": "0953-0000000（示例）",
                "unit_name": "办公室（政府信息公开工作机构）",
                "guide_intro": "本指南依据《中华人民共和国政府信息公开条例》编制，说明向吴忠市审批服务管理局申请获取"
                "政府信息的方式、流程和期限。（演示数据）",
            }
        agencies[code] = agency_services.agency_create(
            name=name,
            level=level,
            code=code,
            notice_prefix=prefix,
            parent=agencies[parent] if parent else None,
            **details,
        )
    users = _users()
    for username, (_name, code, roles) in DEMO_USERS.items():
        for role in roles:
            agency_services.membership_grant(user=users[username], agency=agencies[code], role=role)
    rng = random.Random(seed)
    builder = _Builder(rng, users, agencies["WZSP"])
    per_year = {2022: 52, 2023: 61, 2024: 68, 2025: 66, 2026: 63}
    for year, count in per_year.items():
        last = dt.date(year, 12, 31) if year < today.year else today
        first = dt.date(year, 1, 4)
        span = (last - first).days
        days = sorted(first + dt.timedelta(days=rng.randint(0, span)) for _ in range(count))
        for day in days:
            while day.weekday() >= 5:
                day -= dt.timedelta(days=1)
            try:
                builder.case(day, stop=lambda d: d > today)
            except GongkaiError as error:  # pragma: no cover - a demo bug must not hide as a half-built demo
                raise RuntimeError(f"演示数据生成失败（{day}）：{error}") from error
    # Recent cases for the back-office queues (new, due soon, overdue, waiting), and one case in every state.
    recent = [
        (State.SUBMITTED, 0),
        (State.SUBMITTED, 0),
        (State.SUBMITTED, 1),
        (State.PROCESSING, 3),
        (State.PROCESSING, 8),
        (State.PROCESSING, 16),
        (State.PROCESSING, 17),
        (State.PROCESSING, 24),
        (State.DECISION_PENDING, 18),
        (State.EXTENSION_PENDING, 15),
        (State.AWAITING_CORRECTION, 5),
        (State.CONSULTING, 10),
        (State.AWAITING_FEE, 6),
        (State.DECIDED, 12),
        (State.SERVED, 14),
    ]
    for state, back in recent:
        case = builder.scripted(state, builder.back(today, back))
        if state is State.SERVED:
            s.application_reissue_query_code(application=case, by=users["wzsp_officer"], code=DEMO_QUERY_CODE)
    states = Counter(Application.objects.filter(agency=agencies["WZSP"]).values_list("status", flat=True))
    for state in State:
        if state.value not in states:
            builder.scripted(state, builder.back(today, 40))
    builder.mass_request_deferred(builder.back(today, 12))
    states = Counter(Application.objects.filter(agency=agencies["WZSP"]).values_list("status", flat=True))
    disclosure_demo.seed_demo(
        agency=agencies["WZSP"],
        users=users,
        rng=random.Random(seed + 1),
        today=today,
        password=DEMO_PASSWORD,
        others=[agencies["WZZR"]],
    )
    # Keep these last: the annual reports are made from every record above (and any other demo step's).
    annual_reports_demo.seed_demo(agency=agencies["WZSP"], rng=random.Random(seed), today=today)
    supervision_demo.seed_demo(under=agencies["WZ"], rng=random.Random(seed), today=today)
    return DemoResult(
        created=True,
        cases=sum(states.values()),
        states=states,
        sample_number=_sample_number(agencies["WZSP"]),
    )
