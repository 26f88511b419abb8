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

# Per Art. 20 category: (title, body) templates ({y} the year, {y0} the year before, {q} a quarter).
_TITLES = {
    "a20.2": [
        ("吴忠市审批服务管理局机构职能",
         "吴忠市审批服务管理局是市人民政府工作部门。主要职责：贯彻落实深化“放管服”改革、优化营商环境的决策部署；"
         "承担划转的行政许可事项的审批及相关服务；统筹全市政务服务体系和政务服务大厅标准化建设；推进政务服务"
         "“一网通办”“跨省通办”。内设办公室、行政审批一科、行政审批二科、政务服务管理科。"),
        ("吴忠市审批服务管理局领导信息",
         "局长：主持全面工作，分管办公室。副局长：负责行政审批业务，分管行政审批一科、二科。副局长：负责政务服务"
         "大厅运行管理和“好差评”工作，分管政务服务管理科。"),
        ("政务服务大厅办公地址和办公时间",
         "吴忠市政务服务大厅位于利通区明珠路。办公时间：法定工作日上午9:00至12:00，下午14:30至17:30，"
         "冬季下午14:00至17:00；实行延时服务和预约服务。咨询电话在大厅服务台和门户网站公布。"),
    ],
    "a20.3": [
        ("吴忠市“十四五”政务服务发展规划",
         "本规划明确了“十四五”时期全市政务服务发展的总体要求、主要目标和重点任务：推进政务服务标准化、规范化、"
         "便利化，深化“一网通办”，加快数据共享，到2025年基本实现高频事项“掌上办”“就近办”。"),
        ("吴忠市优化营商环境三年行动计划",
         "为持续优化营商环境，激发市场主体活力，制定本行动计划。重点围绕企业开办、工程建设项目审批、不动产登记、"
         "获得电力、纳税等领域，压缩办理时限，减少申请材料，推行告知承诺制和容缺受理。"),
    ],
    "a20.4": [
        ("{y}年第{q}季度政务服务事项办件量统计",
         "{y}年第{q}季度，市政务服务大厅共受理各类政务服务事项，按时办结率100%。其中即办件占比过半，"
         "网上办理比例较上季度提高。各窗口办件量和群众评价情况详见附表。"),
        ("{y}年上半年政务服务“好差评”情况通报",
         "{y}年上半年，全市政务服务“好差评”系统共收到评价数万条，好评率99%以上。对收到的差评已全部核实整改"
         "并回访，整改情况向评价人反馈。"),
    ],
    "a20.5": [
        ("{y}年第{q}季度建设工程规划许可证核发结果公示",
         "根据《中华人民共和国城乡规划法》，现将{y}年第{q}季度建设工程规划许可证核发结果予以公示，包括项目名称、"
         "建设单位、建设位置和建设规模。如有异议，请于公示之日起7日内向本局反映。"),
        ("食品经营许可证核发结果公示（{y}年第{q}批）",
         "依据《中华人民共和国食品安全法》和《食品经营许可和备案管理办法》，现将本批次食品经营许可证核发结果"
         "予以公示，包括经营者名称、许可证编号、经营项目和有效期限。"),
        ("关于调整部分行政许可事项办理时限的公告",
         "为进一步提升审批效率，经研究，决定压缩部分行政许可事项的承诺办理时限。调整后的事项清单和办理时限"
         "自公告之日起执行，请申请人通过政务服务网或政务服务大厅办理。"),
        ("{y}年企业投资项目备案情况公示",
         "根据《企业投资项目核准和备案管理条例》，现将{y}年本局办理的企业投资项目备案情况予以公示，包括项目"
         "名称、项目单位、建设地点、总投资和备案日期。"),
        ("道路运输经营许可办理指南",
         "本指南说明道路旅客运输、道路货物运输经营许可的设定依据、申请条件、申请材料、办理流程、办理时限和"
         "收费标准。申请人可通过政务服务网在线申请，也可到政务服务大厅交通运输窗口办理。"),
        ("关于推行政务服务“帮办代办”的公告",
         "为给企业和群众提供更便捷的服务，本局在政务服务大厅设立帮办代办窗口，为重点项目、老年人和残疾人等"
         "提供全程帮办代办服务，审批部门在承诺时限内办结。"),
        ("施工许可证核发结果公示（{y}年第{q}批）",
         "根据《中华人民共和国建筑法》和《建筑工程施工许可管理办法》，现将本批次建筑工程施工许可证核发结果"
         "予以公示，包括工程名称、建设单位、施工单位和合同工期。"),
    ],
    "a20.6": [
        ("行政许可事项监督检查结果公示（{y}年）",
         "按照“双随机一公开”要求，本局于{y}年对已许可事项开展监督检查，随机抽取检查对象，检查结果和"
         "整改要求予以公示。"),
    ],
    "a20.7": [
        ("吴忠市审批服务管理局{y}年部门预算",
         "根据《中华人民共和国预算法》和财政部门的要求，现将吴忠市审批服务管理局{y}年部门预算公开如下："
         "部门主要职责和机构设置、收支预算总表、财政拨款收支预算、一般公共预算“三公”经费预算及其说明。"),
        ("吴忠市审批服务管理局{y0}年部门决算",
         "现将吴忠市审批服务管理局{y0}年部门决算公开如下：部门收支决算总表、财政拨款收支决算、一般公共预算"
         "“三公”经费支出决算、政府采购支出和绩效评价情况。"),
    ],
    "a20.9": [
        ("{y}年政府集中采购项目实施情况",
         "{y}年，本局按照政府采购法律法规组织实施集中采购项目，采购内容主要为办公设备和政务服务大厅运行维护"
         "服务，采购方式、中标供应商和合同金额予以公开。"),
    ],
    "a20.11": [
        ("关于进一步优化营商环境若干措施的通知",
         "为进一步优化营商环境，现提出以下措施：推行企业开办“一件事一次办”，全程网办、当日办结；工程建设"
         "项目审批实行容缺受理和告知承诺制；政务服务事项“最多跑一次”。"),
        ("关于做好{y}年高校毕业生创业服务的通知",
         "为支持{y}年高校毕业生创业，政务服务大厅开设创业服务专窗，为高校毕业生办理营业执照、税务登记等事项"
         "提供帮办代办服务，相关费用按规定减免。"),
    ],
    "a20.12": [
        ("政务服务大厅突发事件应急预案",
         "为有效预防和妥善处置政务服务大厅内发生的突发事件，保障办事群众和工作人员安全，制定本预案。预案规定"
         "了组织指挥体系、预警和报告、应急处置和善后工作。"),
    ],
    "a20.15": [
        ("吴忠市审批服务管理局{y0}年政府信息公开工作年度报告",
         "本报告根据《中华人民共和国政府信息公开条例》编制，包括总体情况、主动公开政府信息情况、收到和处理"
         "政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况和其他需要报告的事项。"),
        ("{y}年政务公开工作要点",
         "{y}年全市审批服务系统政务公开工作要点：围绕优化营商环境加强政策公开和解读；做好政务服务事项清单"
         "和办事指南公开；规范依申请公开办理；加强政府网站和政务新媒体管理。"),
    ],
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

# The normative documents' opening articles.
_NORMATIVE_BODIES = {
    "吴忠市工程建设项目审批容缺受理实施办法": "第一条 为深化工程建设项目审批制度改革，提高审批效率，根据国家和自治区有关规定，结合本市实际，制定本办法。"
    "第二条 本办法所称容缺受理，是指申请人基本条件具备、主要申报材料齐全且符合法定条件，次要材料或者手续有欠缺"
    "的，审批部门先予受理并进行审查，申请人在规定时限内补齐材料。第三条 容缺受理事项实行清单管理，清单由本局公布。",
    "吴忠市政务服务事项告知承诺制实施细则（试行）": "第一条 为减证便民、优化营商环境，推行证明事项和涉企经营许可事项告知承诺制，制定本细则。第二条 实行告知"
    "承诺制的事项，审批部门一次性告知申请人审批条件和所需材料，申请人书面承诺符合条件的，当场作出审批决定。"
    "第三条 审批部门对承诺内容开展事中事后核查，发现承诺不实的依法撤销审批决定。",
    "吴忠市企业开办“一件事一次办”工作规程": "第一条 为压缩企业开办时间，实现企业开办“一件事一次办”，制定本规程。第二条 企业开办包括营业执照办理、"
    "公章刻制、申领发票和税控设备、员工参保登记和住房公积金企业缴存登记，一表申请、一窗受理、一日办结。"
    "第三条 申请人可以通过企业开办“一网通办”平台在线办理，也可以到政务服务大厅综合窗口办理。",
    "吴忠市政务服务“好差评”管理办法": "第一条 为建立政务服务绩效由企业和群众评判的“好差评”制度，提升政务服务质量，制定本办法。第二条 本办法"
    "适用于全市各级政务服务机构、政务服务平台和工作人员。第三条 差评实行回访核实、整改反馈制度，整改期限一般不"
    "超过5个工作日。",
    "吴忠市企业开办和注销便利化实施办法": "第一条 为进一步便利市场主体准入和退出，根据《优化营商环境条例》，制定本办法。第二条 企业开办全程网上办理，"
    "办理时间压缩至1个工作日以内。第三条 推行企业简易注销，符合条件的企业公示期为20日，公示期满无异议的即可"
    "申请注销登记。",
    "吴忠市政务服务帮办代办工作规范": "第一条 为规范政务服务帮办代办工作，为企业和群众提供便捷高效的服务，制定本规范。第二条 本规范适用于全市"
    "各级政务服务大厅。第三条 帮办代办人员应当主动为企业和群众提供咨询、引导、材料预审和全程跟踪服务；对重点项目"
    "实行全程帮办代办，审批部门在承诺时限内办结。",
}

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
                title_template, body_template = self.rng.choice(_TITLES[category])
                quarter = self.rng.randint(1, 4)
                title = title_template.format(y=year, y0=year - 1, q=quarter)
                body = body_template.format(y=year, y0=year - 1, q=quarter) + "（演示数据）"
                span = (last_day - dt.date(year, 1, 4)).days
                formed = self.wd(dt.date(year, 1, 4) + dt.timedelta(days=self.rng.randint(0, span)), 0)
                while formed.weekday() >= 5:
                    formed -= dt.timedelta(days=1)
                channels = ["portal"] + (["wechat"] if self.rng.random() < 0.3 else [])
                if self.rng.random() < 0.1:
                    channels.append("service_hall")
                item = self.item(title, category, formed, body=body, channels=channels)
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
                             body=_NORMATIVE_BODIES[title] + "（演示数据）", channels=["portal", "gazette"])  # fmt: skip
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
            for title, category, formed, body in [
                (
                    "吴忠市国土空间总体规划（2021—2035年）批前公示",
                    "a20.3",
                    dt.date(2023, 4, 10),
                    "根据《中华人民共和国土地管理法》和《中华人民共和国城乡规划法》，现将规划草案的主要内容予以批前公示，"
                    "包括国土空间开发保护格局、耕地和永久基本农田、生态保护红线和城镇开发边界。公示期30日。",
                ),
                (
                    "2025年度吴忠市建设用地供应计划",
                    "a20.3",
                    dt.date(2025, 2, 17),
                    "根据国民经济和社会发展计划、国土空间规划和土地利用年度计划，编制本年度建设用地供应计划，"
                    "明确供应总量、结构、布局和时序，优先保障重点项目和民生项目用地。",
                ),
                (
                    "关于优化建设项目用地审批服务营商环境的通知",
                    "a20.11",
                    dt.date(2026, 6, 8),
                    "为进一步优化营商环境，推行建设项目用地预审与选址意见书合并办理、用地规划许可与用地批准合并办理，"
                    "压缩审批时限，推行“拿地即开工”。",
                ),
            ]:
                item = services.item_create(
                    agency=agency, by=officer, title=title, category=category, attribute="proactive", formed_on=formed,
                    channels=["portal"], body=body + "（演示数据）",
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
