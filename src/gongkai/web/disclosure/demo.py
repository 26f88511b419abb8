"""The demo's proactive disclosure, appeals and other facts for 吴忠市审批服务管理局, 2021–2026 (deterministic).

2021 is the year of the agency's real annual report (tests/fixtures/corpus/wuzhong-approval-bureau-2021.txt), and
the records reproduce it: two department documents published on the portal; 246 posts on 政务微博 (96) and
微信公众号 (150); two CPPCC proposal responses disclosed; one 政府开放日; no rule or normative document issued or in
force; 行政许可, 行政处罚, 行政强制 and fees entered as 0; no reconsideration or lawsuit. Later years are invented but
realistic: a few dozen items a year across the Art. 20 categories (some published late, some still in review at
the demo's today), normative documents issued, amended, repealed and expired, yearly figures, appeals linked to
the refusals among the demo's applications (one pending across a year end), proposal responses and events.

Built only through the services, so every item has its review history, deadline and audit trail.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from decimal import Decimal

from django.contrib.auth.models import Permission, User

from gongkai.web.agencies import services as agency_services
from gongkai.web.agencies.models import Agency
from gongkai.web.appeals import services as appeal_services
from gongkai.web.applications.models import Application
from gongkai.web.common.clock import workday_calendar
from gongkai.web.disclosure import services
from gongkai.web.disclosure.models import RegisterItem
from gongkai.web.facts import services as fact_services

__all__ = ["DEMO_REVIEWER", "seed_demo"]

# The demo's confidentiality reviewer (保密审查): the agency's 负责人 holds the review permission.
DEMO_REVIEWER = "wzsp_approver"

# 2021: the two department documents the real report counts on the portal.
_DOCUMENTS_2021 = [
    ("吴忠市审批服务管理局关于印发《吴忠市工程建设项目审批“一窗受理”工作实施方案》的通知", "吴审批发〔2021〕9号",
     "a20.5", dt.date(2021, 4, 12), dt.date(2021, 4, 26),
     "为深化工程建设项目审批制度改革，优化营商环境，实行“一窗受理、集成服务”，制定本实施方案。"),
    ("吴忠市审批服务管理局关于公布政务服务事项“最多跑一次”清单的通知", "吴审批发〔2021〕23号",
     "a20.5", dt.date(2021, 9, 6), dt.date(2021, 9, 17),
     "现将本局政务服务事项“最多跑一次”清单予以公布，请申请人按照清单准备材料。"),
]  # fmt: skip

_TITLES = {
    "a20.2": ["吴忠市审批服务管理局机构职能", "吴忠市审批服务管理局领导信息", "政务服务大厅办公地址和办公时间"],
    "a20.3": ["吴忠市“十四五”政务服务发展规划", "吴忠市优化营商环境三年行动计划"],
    "a20.4": ["{y}年第{q}季度政务服务事项办件量统计", "{y}年上半年政务服务“好差评”情况通报"],
    "a20.5": [
        "{y}年第{q}季度建设工程规划许可证核发结果公示", "食品经营许可证核发结果公示（{y}年第{q}批）",
        "关于调整部分行政许可事项办理时限的公告", "{y}年企业投资项目备案情况公示", "道路运输经营许可办理指南",
        "关于推行政务服务“帮办代办”的公告", "施工许可证核发结果公示（{y}年第{q}批）",
    ],
    "a20.6": ["行政许可事项监督检查结果公示（{y}年）"],
    "a20.7": ["吴忠市审批服务管理局{y}年部门预算", "吴忠市审批服务管理局{y0}年部门决算"],
    "a20.9": ["{y}年政府集中采购项目实施情况"],
    "a20.11": ["关于进一步优化营商环境若干措施的通知", "关于做好{y}年高校毕业生创业服务的通知"],
    "a20.12": ["政务服务大厅突发事件应急预案"],
    "a20.15": ["吴忠市审批服务管理局{y0}年政府信息公开工作年度报告", "{y}年政务公开工作要点"],
}  # fmt: skip

_NORMATIVE = [
    # title, issued, instrument, later steps (kind, date, instrument)
    ("吴忠市工程建设项目审批容缺受理实施办法", dt.date(2022, 4, 18), "吴审批规发〔2022〕1号",
     [("amended", dt.date(2024, 3, 11), "吴审批规发〔2024〕1号")]),
    ("吴忠市政务服务事项告知承诺制实施细则（试行）", dt.date(2022, 9, 5), "吴审批规发〔2022〕2号",
     [("expired", dt.date(2024, 9, 4), "")]),
    ("吴忠市企业开办“一件事一次办”工作规程", dt.date(2023, 6, 20), "吴审批规发〔2023〕1号",
     [("repealed", dt.date(2025, 7, 1), "吴审批发〔2025〕31号")]),
    ("吴忠市政务服务“好差评”管理办法", dt.date(2024, 5, 8), "吴审批规发〔2024〕2号", []),
    ("吴忠市企业开办和注销便利化实施办法", dt.date(2025, 6, 27), "吴审批规发〔2025〕1号", []),
    ("吴忠市政务服务帮办代办工作规范", dt.date(2026, 3, 16), "吴审批规发〔2026〕1号", []),
]  # fmt: skip

_FIGURES = {  # year: (licensing, penalty, coercion, fees in 万元)
    2021: (0, 0, 0, Decimal(0)),
    2022: (12856, 0, 0, Decimal(0)),
    2023: (14210, 0, 0, Decimal(0)),
    2024: (15932, 2, 0, Decimal("1.2")),
    2025: (16480, 0, 0, Decimal("0.85")),
}
_WITHHELD = ("third_party", "process", "internal", "law", "enforcement", "query", "security")
_POSTS = {
    2021: (96, 150),
    2022: (132, 188),
    2023: (141, 205),
    2024: (118, 236),
    2025: (104, 251),
    2026: (87, 210),
}


def _grant_review(user: User) -> None:
    user.user_permissions.add(Permission.objects.get(codename="review_confidentiality"))


def _publish(
    item: RegisterItem, *, officer: User, reviewer: User, submitted: dt.date, reviewed: dt.date, published: dt.date,
    channels: Sequence[str],
) -> RegisterItem:  # fmt: skip
    item = services.item_submit_review(item=item, by=officer, on=submitted)
    item = services.item_pass_review(
        item=item, by=reviewer, on=reviewed, note="经审查，不涉及国家秘密、商业秘密和个人隐私，同意公开。"
    )
    return services.item_publish(item=item, by=officer, on=published, channels=channels)


class _Seeder:
    def __init__(self, agency: Agency, users: dict[str, User], rng: random.Random, today: dt.date) -> None:
        self.agency = agency
        self.officer = users["wzsp_officer"]
        self.officer2 = users["wzsp_officer2"]
        self.reviewer = users[DEMO_REVIEWER]
        self.approver = users["wzsp_approver"]
        self.rng = rng
        self.today = today
        self.calendar = workday_calendar()

    def wd(self, day: dt.date, n: int) -> dt.date:
        return self.calendar.add_workdays(day, n)

    def item(self, title: str, category: str, formed: dt.date, **extra: object) -> RegisterItem:
        drafter = self.rng.choice([self.officer, self.officer, self.officer2])
        return services.item_create(
            agency=self.agency, by=drafter, title=title, category=category, attribute="proactive", formed_on=formed,
            **extra,  # type: ignore[arg-type]
        )  # fmt: skip

    def published(
        self, item: RegisterItem, *, late: bool = False, channels: Sequence[str] = ("portal",)
    ) -> None:
        drafter = item.created_by or self.officer
        submitted = self.wd(item.formed_on, self.rng.randint(1, 4))
        reviewed = self.wd(submitted, self.rng.randint(1, 3))
        published = self.wd(reviewed, self.rng.randint(1, 5))
        if late:
            published = self.wd(item.formed_on, 20 + self.rng.randint(3, 12))
        due = item.publication_due or published
        if not late and published > due:
            published = due
        published = min(published, self.today)
        reviewed = min(reviewed, published)
        submitted = min(submitted, reviewed)
        _publish(item, officer=drafter, reviewer=self.reviewer, submitted=submitted, reviewed=reviewed,
                 published=published, channels=channels)  # fmt: skip

    def year_2021(self) -> None:
        for title, number, category, formed, published, body in _DOCUMENTS_2021:
            item = self.item(title, category, formed, doc_number=number, body=body, channels=["portal"])
            _publish(item, officer=self.officer, reviewer=self.reviewer, submitted=self.wd(formed, 1),
                     reviewed=self.wd(formed, 2), published=published, channels=["portal"])  # fmt: skip
        weibo, wechat = _POSTS[2021]
        fact_services.posts_set(agency=self.agency, by=self.officer, year=2021, channel="weibo", count=weibo,
                                account="吴忠市审批服务管理局")  # fmt: skip
        fact_services.posts_set(agency=self.agency, by=self.officer, year=2021, channel="wechat", count=wechat,
                                account="吴忠市审批服务管理局")  # fmt: skip
        for number, title, answered, disclosed in [
            ("政协吴忠市第五届委员会第五次会议第126号", "关于进一步压缩企业开办时间的提案", dt.date(2021, 6, 18), dt.date(2021, 7, 2)),
            ("政协吴忠市第五届委员会第五次会议第203号", "关于提升政务服务大厅便民服务水平的提案", dt.date(2021, 7, 9), dt.date(2021, 7, 23)),
        ]:  # fmt: skip
            fact_services.proposal_record(agency=self.agency, by=self.officer, kind="cppcc", number=number, title=title,
                                          answered_on=answered, disclosed_on=disclosed)  # fmt: skip
        fact_services.event_record(
            agency=self.agency, by=self.officer, kind="open_day", title="“政府开放日”：走进政务服务大厅",
            held_on=dt.date(2021, 11, 16), participants=32,
            description="邀请“两代表一委员”、服务对象实地观摩政务服务大厅营商服务区和项目服务区，征求意见建议。",
        )  # fmt: skip

    def later_years(self) -> None:
        for year in range(2022, self.today.year + 1):
            count = {2022: 26, 2023: 31, 2024: 34, 2025: 33, 2026: 29}.get(year, 30)
            last_day = min(dt.date(year, 12, 31), self.today - dt.timedelta(days=45))
            for _ in range(count):
                category = self.rng.choice(list(_TITLES))
                template = self.rng.choice(_TITLES[category])
                quarter = self.rng.randint(1, 4)
                title = template.format(y=year, y0=year - 1, q=quarter)
                span = (last_day - dt.date(year, 1, 4)).days
                formed = self.wd(dt.date(year, 1, 4) + dt.timedelta(days=self.rng.randint(0, span)), 0)
                while formed.weekday() >= 5:
                    formed -= dt.timedelta(days=1)
                channels = ["portal"] + (["wechat"] if self.rng.random() < 0.3 else [])
                if self.rng.random() < 0.1:
                    channels.append("service_hall")
                item = self.item(title, category, formed, body=f"{title}。（演示数据）", channels=channels)
                self.published(item, late=self.rng.random() < 0.08, channels=channels)
            weibo, wechat = _POSTS.get(year, (100, 200))
            fact_services.posts_set(
                agency=self.agency, by=self.officer, year=year, channel="weibo", count=weibo
            )
            fact_services.posts_set(
                agency=self.agency, by=self.officer, year=year, channel="wechat", count=wechat
            )
            if year in _FIGURES and year < self.today.year:
                licensing, penalty, coercion, fees = _FIGURES[year]
                services.figures_save(agency=self.agency, year=year, by=self.officer, licensing_decisions=licensing,
                                      penalty_decisions=penalty, coercion_decisions=coercion, fees_amount=fees)  # fmt: skip
            self.facts(year)
        licensing, penalty, coercion, fees = _FIGURES[2021]
        services.figures_save(agency=self.agency, year=2021, by=self.officer, licensing_decisions=licensing,
                              penalty_decisions=penalty, coercion_decisions=coercion, fees_amount=fees)  # fmt: skip

    def facts(self, year: int) -> None:
        """The year's events and proposal responses, each only once it has happened at the demo's today."""
        for kind, title, held_on, participants in [
            ("open_day", f"{year}年“政府开放日”活动", dt.date(year, 5, 15), self.rng.randint(20, 60)),
            ("press_conference", "优化营商环境政策新闻发布会", dt.date(year, 8, 20), None),
            ("training", "政务公开业务培训", dt.date(year, 3, 25), 45),
        ]:
            if (kind == "press_conference" and year < 2023) or held_on > self.today:
                continue
            fact_services.event_record(agency=self.agency, by=self.officer, kind=kind, title=title, held_on=held_on,
                                       participants=participants)  # fmt: skip
        for n, kind in enumerate(["npc", "cppcc", "cppcc"]):
            answered = dt.date(year, 6, 10 + n * 5)
            if answered > self.today:
                continue
            disclosed = answered + dt.timedelta(days=12)
            fact_services.proposal_record(
                agency=self.agency, by=self.officer, kind=kind, number=f"{year}年第{30 + n * 17}号",
                title=["关于推进政务服务“跨省通办”的建议", "关于优化项目审批流程的提案", "关于完善帮办代办服务的提案"][n],
                answered_on=answered, disclosed_on=disclosed if disclosed <= self.today else None,
            )  # fmt: skip

    def documents(self) -> None:
        for title, issued, instrument, later in _NORMATIVE:
            if issued > self.today:
                continue
            item = self.item(title, "a20.1", issued, document_kind="normative", doc_number=instrument,
                             body=f"{title}。（演示数据）", channels=["portal", "gazette"])  # fmt: skip
            services.document_record(
                item=item, by=self.officer, kind="issued", on=issued, instrument=instrument
            )
            self.published(item, channels=["portal", "gazette"])
            for kind, on, step_instrument in later:
                if on <= self.today:
                    services.document_record(
                        item=item, by=self.officer, kind=kind, on=on, instrument=step_instrument
                    )

    def current_work(self) -> None:
        """Items at every step of review at the demo's today, including one overdue for publication."""
        today = self.today
        draft = self.item("关于公布2026年第四季度政务服务事项调整情况的公告", "a20.5", today - dt.timedelta(days=3),
                          body="根据有关规定，对部分政务服务事项进行调整。", channels=["portal"])  # fmt: skip
        in_review = self.item("2026年第三季度施工许可证核发结果公示", "a20.5", today - dt.timedelta(days=10),
                              body="现将施工许可证核发结果予以公示。", channels=["portal"])  # fmt: skip
        services.item_submit_review(
            item=in_review, by=in_review.created_by or self.officer, on=today - dt.timedelta(days=8)
        )
        approved = self.item("吴忠市审批服务管理局2027年政务公开工作计划（征求意见后定稿）", "a20.15", today - dt.timedelta(days=6),
                             body="2027年政务公开工作计划。", channels=["portal"])  # fmt: skip
        services.item_submit_review(
            item=approved, by=approved.created_by or self.officer, on=today - dt.timedelta(days=5)
        )
        services.item_pass_review(item=approved, by=self.reviewer, on=today - dt.timedelta(days=4))
        overdue = self.item("2026年第三季度企业投资项目备案情况公示", "a20.5", today - dt.timedelta(days=45),
                            body="企业投资项目备案情况。", channels=["portal"])  # fmt: skip
        withheld = services.item_create(
            agency=self.agency, by=self.officer, title="关于某项目审批会商意见的请示", category="a20.5",
            attribute="withheld", withholding_ground="process", withholding_reason="属于请示报告等过程性信息（条例第十六条第二款）。",
            formed_on=today - dt.timedelta(days=20),
        )  # fmt: skip
        del draft, overdue, withheld

    def art44(self) -> None:
        candidate = (
            Application.objects.filter(agency=self.agency, outcome_row="granted", outcome_on__year=2025)
            .order_by("outcome_on", "id")
            .first()
        )
        if candidate is None or candidate.outcome_on is None:
            return
        formed = candidate.outcome_on + dt.timedelta(days=7)
        item = services.item_from_application(
            application=candidate, by=self.officer, title=f"{candidate.description}（依申请公开转主动公开）",
            category="a20.5", on=formed, formed_on=formed, channels=["portal"],
            body="多名申请人申请公开该信息，依照条例第四十四条纳入主动公开范围。",
        )  # fmt: skip
        self.published(item)

    def appeals(self) -> None:
        refused = ["partial", *(f"withheld_{g}" for g in _WITHHELD)]
        refusals = list(
            Application.objects.filter(
                agency=self.agency, outcome_on__isnull=False, outcome_row__in=refused
            ).order_by("outcome_on", "id")
        )
        by_year: dict[int, list[Application]] = {}
        for refusal in refusals:
            assert refusal.outcome_on is not None
            by_year.setdefault(refusal.outcome_on.year, []).append(refusal)

        def take(year: int, *, latest: bool = False) -> Application | None:
            found = by_year.get(year) or []
            return found.pop(-1 if latest else 0) if found else None

        plan = [
            # year of the decision, kind, filed after (days), outcome, concluded after (days), body
            (2022, "reconsideration", 40, "upheld", 55, "吴忠市人民政府"),
            (2023, "reconsideration", 30, "corrected", 58, "吴忠市人民政府"),
            (2023, "litigation_direct", 60, "upheld", 150, "吴忠市利通区人民法院"),
            (2024, "reconsideration", 35, "upheld", 50, "吴忠市人民政府"),
            (2025, "reconsideration", 45, "other", 70, "吴忠市人民政府"),
            (2026, "reconsideration", 20, "pending", 0, "吴忠市人民政府"),
        ]
        surnames = "马王李张杨"
        previous_case = None
        for index, (year, kind, filed_after, outcome, concluded_after, body) in enumerate(plan):
            # A case still pending at the demo's today is about one of the year's latest refusals.
            application = take(year, latest=outcome == "pending")
            if application is None or application.outcome_on is None:
                continue
            filed = application.outcome_on + dt.timedelta(days=filed_after)
            filed = max(application.outcome_on, min(filed, self.today - dt.timedelta(days=5)))
            concluded = filed + dt.timedelta(days=concluded_after) if outcome != "pending" else None
            if concluded is not None and concluded > self.today:
                concluded, outcome = None, "pending"
            case = appeal_services.appeal_register(
                agency=self.agency, by=self.officer, kind=kind, appellant=f"{surnames[index % 5]}某某", body=body,
                filed_on=filed, on=filed, accepted_on=min(filed + dt.timedelta(days=3), self.today),
                case_number=f"吴政复〔{filed.year}〕{10 + index}号" if kind == "reconsideration" else f"（{filed.year}）宁0302行初{30 + index}号",
                subject=f"不服对申请 {application.number} 作出的答复", application=application,
            )  # fmt: skip
            if concluded is not None:
                case = appeal_services.appeal_conclude(
                    case=case, by=self.officer, outcome=outcome, concluded_on=concluded,
                    summary="维持原答复。" if outcome == "upheld" else "责令重新答复。",
                )  # fmt: skip
            if kind == "reconsideration" and year == 2024 and concluded is not None:
                previous_case = case
        if previous_case is not None and previous_case.concluded_on is not None:
            filed = previous_case.concluded_on + dt.timedelta(days=12)
            if filed <= self.today:
                # A lawsuit after the 2024 reconsideration, still before the court at the end of 2025.
                lawsuit = appeal_services.appeal_register(
                    agency=self.agency, by=self.officer, kind="litigation_after", appellant=previous_case.appellant,
                    body="吴忠市利通区人民法院", filed_on=filed, on=filed,
                    accepted_on=min(filed + dt.timedelta(days=7), self.today),
                    case_number=f"（{filed.year}）宁0302行初58号", application=previous_case.application,
                    previous=previous_case, subject="不服行政复议决定",
                )  # fmt: skip
                ends = dt.date(2026, 3, 18)
                if ends <= self.today and ends >= filed:
                    appeal_services.appeal_conclude(case=lawsuit, by=self.officer, outcome="upheld", concluded_on=ends,
                                                    summary="驳回原告诉讼请求。")  # fmt: skip

    def other_agencies(self, others: Sequence[Agency], users: dict[str, User], password: str) -> None:
        """A few published items of the city's natural-resources bureau, so the catalogue lists two agencies."""
        officer = users.get("wzzr_officer")
        for agency in others:
            if officer is None or agency.code != "WZZR":
                continue
            reviewer = agency_services.staff_create(
                username="wzzr_reviewer", password=password, full_name="周静"
            )
            agency_services.membership_grant(user=reviewer, agency=agency, role="officer")
            _grant_review(reviewer)
            reviewer = User.objects.get(pk=reviewer.pk)
            for title, category, formed in [
                ("吴忠市国土空间总体规划（2021—2035年）批前公示", "a20.3", dt.date(2023, 4, 10)),
                ("2025年度吴忠市建设用地供应计划", "a20.3", dt.date(2025, 2, 17)),
                ("关于优化建设项目用地审批服务营商环境的通知", "a20.11", dt.date(2026, 6, 8)),
            ]:
                item = services.item_create(
                    agency=agency, by=officer, title=title, category=category, attribute="proactive", formed_on=formed,
                    channels=["portal"], body=f"{title}。（演示数据）",
                )  # fmt: skip
                _publish(item, officer=officer, reviewer=reviewer, submitted=self.wd(formed, 1),
                         reviewed=self.wd(formed, 2), published=self.wd(formed, 3), channels=["portal"])  # fmt: skip


def seed_demo(
    *,
    agency: Agency,
    users: dict[str, User],
    rng: random.Random,
    today: dt.date,
    password: str,
    others: Sequence[Agency] = (),
) -> int:
    """Add the demo's register, appeals and facts (run once, after the demo's applications). The number of items.

    The agency's 负责人 (`DEMO_REVIEWER`) gets the confidentiality-review permission; the natural-resources bureau
    among `others` gets a reviewer of its own, `wzzr_reviewer` (password `password`)."""
    _grant_review(users[DEMO_REVIEWER])
    users = {
        name: User.objects.get(pk=user.pk) for name, user in users.items()
    }  # permissions are cached per object
    seeder = _Seeder(agency, users, rng, today)
    seeder.year_2021()
    seeder.documents()
    seeder.later_years()
    seeder.art44()
    seeder.current_work()
    seeder.appeals()
    seeder.other_agencies(others, users, password)
    return RegisterItem.objects.filter(agency=agency).count()
