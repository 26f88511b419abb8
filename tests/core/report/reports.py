"""The two real reports of the corpus as `Report` values, cell by cell and paragraph by paragraph.

- `wuzhong_2021()`: tests/fixtures/corpus/wuzhong-approval-bureau-2021.txt — every table 二 and 三 cell 0, the ten
  行政诉讼 cells 0 and the five 行政复议 cells blank (None), as in the source. Paragraphs as in the file, the two
  paragraphs broken by page breaks ("精准规范答|复意见", "还不够|紧密") rejoined. `sources` give the line of the
  file each figure was read from.
- `huaian_2024()`: tests/fixtures/corpus/huaian-city-government-2024.pdf — every consistency rule holds. Paragraphs
  are pdfplumber's extract_text lines re-joined (a paragraph starts at an indented line), page footers "- N -"
  dropped. `sources` give the page each figure and section was read from.

Shared by the parser, renderer and rules tests: keep it exact.
"""

from __future__ import annotations

from decimal import Decimal

from gongkai.core.report.model import CellValue, Report, SourceRef
from gongkai.core.report.templates import get_template

__all__ = ["huaian_2024", "wuzhong_2021"]

_T3_ROWS = tuple(r.id for r in get_template("2021").table("t3").blocks[0].rows)
_T3_COLUMNS = tuple(c.id for c in get_template("2021").table("t3").blocks[0].columns)
_T4_COLUMNS = ("upheld", "corrected", "other", "pending", "total")


def _t3(rows: dict[str, tuple[CellValue, ...]]) -> dict[str, CellValue]:
    assert tuple(rows) == _T3_ROWS, "every row of table 三, in template order"
    return {
        f"t3.{row}.{col}": v
        for row, values in rows.items()
        for col, v in zip(_T3_COLUMNS, values, strict=True)
    }


def _t4(groups: dict[str, tuple[CellValue, ...]]) -> dict[str, CellValue]:
    return {
        f"t4.{group}.{col}": v
        for group, values in groups.items()
        for col, v in zip(_T4_COLUMNS, values, strict=True)
    }


_WUZHONG_SECTIONS: dict[str, tuple[str, ...]] = {
    "preamble": ("依据《中华人民共和国政府信息公开条例》第五十条之规定，制作本报告。",),
    "overview": (
        "2021 年市审批服务管理局坚持以《中华人民共和国信息公开条例》为总纲领，按照应公开，尽公开的原则，推动便民利企政策信息"
        "主动公开；建立健全部门信息管理制度，从组织领导，人员落实等方面推动政务公开工作走深走实；拓宽政府信息公开渠道，以信息"
        "化手段助力企业和群众全方位，多维度获取政府信息。",
        "主动公开方面：2021 年在中国·吴忠政府门户网站主动公开部门文件 2 条，在“吴忠市审批服务管理局”政务微博和微信公众号发布"
        "信息 246 条，内容涵盖了中央、自治区、吴忠市关于疫情防控方面的政策和倡议，民生政策、工作动态等内容。切实做好政协委员提"
        "案办理结果公开工作，按时将标注为主动公开属性的 2 件政协委员提案办理答复在吴忠市政府门户网站进行了公示公开。扎实开展"
        "“政府开放日”活动，邀请“两代表一委员”、服务对象等实地观摩政务服务大厅营商服务区和项目服务区，积极征求意见建议，促服"
        "务质量提升。",
        "依申请公开方面：畅通依申请公开受理渠道、精准规范答复意见，制定会商机制等措施，进一步提升本部门依申请公开办理水平。"
        "2021 年全年收到政府信息公开申请 0 件。",
        "政府信息管理方面：执行规范性文件公开及报送市政府公报程序，梳理定位政府在公开平台发布栏目，严抓发布前审核，做好公开内"
        "容表述、公开时机、公开方式的研判，避免发生信息发布失信、影响社会稳定等问题，发布后更新及文件有效性管理。",
        "平台建设方面：一是抓好市政府网站政务公开，进一步优化门户网站各个栏目，坚持定期更新。二是充分利用局官方微信公众号和官方"
        "微博，开展政策解读、工作动态发布、成果展示、先进典型宣传等，回应社会关切，做好舆论引导。",
        "监督保障方面：积极采取有效措施，主动接受群众的监督，确保信息公开工作得到有效落实。举办政府开放日活动，针对社会关注的相"
        "关热点问题进行回应，接受社会评议，取得明显效果。",
    ),
    "problems": (
        "2021年以来,吴忠市审批服务管理局在政府信息公开方面做了一些工作,但仍然存在一些不容忽视的问题。主要表现在:发布信息多为"
        "转载,反映本部门工作的信息少,零散信息多,综合信息少;信息公开的时效性和有效性有待进一步加强;政务公开与“放管服”改革、"
        "优化营商环境等工作的融合还不够紧密，为群众和企业提供权威性、一站式、个性化、方便快捷的信息服务水平还有待提高。下一步，"
        "我们将从以下方面做好政务公开工作：",
        "一是进一步规范政务信息的管理流程，规范政务信息收集、储存、整理、编辑、审核、传递、上报等工作程序，加强政务信息员制度建"
        "设，落实有关负责人和责任人；**二是**主动向社会公开可以公开的信息，以确保政府信息公开的完整性、全面性和及时性。**三是**"
        "围绕深化“放管服”改革优化营商环境，扎实推进后疫情时期营商环境政策措施落实，为推动全市高质量发展奠定坚实基础。",
    ),
    "other": ("无。",),
}

# The line of the .txt file each table row was read from.
_WUZHONG_T2_LINES = {
    "rules": 29,
    "normative": 30,
    "licensing": 34,
    "penalty": 37,
    "coercion": 38,
    "fees": 41,
}
_WUZHONG_T3_LINES = dict(zip(_T3_ROWS, (*range(48, 55), *range(57, 71), 73, 74, 75, 76), strict=True))
_WUZHONG_T4_LINE = 83


def wuzhong_2021() -> Report:
    """吴忠市审批服务管理局 2021 (template 2021)."""
    template = get_template("2021")
    zeros = (0,) * len(_T3_COLUMNS)
    cells: dict[str, CellValue] = {c.id: 0 for c in template.table("t2").cells()}
    cells["t2.fees.amount"] = Decimal("0")
    cells |= _t3(dict.fromkeys(_T3_ROWS, zeros))
    cells |= _t4(
        {
            "reconsideration": (None, None, None, None, None),
            "litigation_direct": (0, 0, 0, 0, 0),
            "litigation_after": (0, 0, 0, 0, 0),
        }
    )
    sources: dict[str, SourceRef] = {}
    for cell_id, value in cells.items():
        table, row, _ = cell_id.split(".")
        line = {"t2": _WUZHONG_T2_LINES, "t3": _WUZHONG_T3_LINES}.get(table, {}).get(row, _WUZHONG_T4_LINE)
        sources[cell_id] = SourceRef(format="txt", line=line, raw=None if value is None else "0")
    sources |= {
        "preamble": SourceRef(format="txt", line=7),
        "overview": SourceRef(format="txt", line=11),
        "problems": SourceRef(format="txt", line=87),
        "other": SourceRef(format="txt", line=95),
    }
    return Report(
        template="2021",
        agency="吴忠市审批服务管理局",
        year=2021,
        cells=cells,
        sections=_WUZHONG_SECTIONS,
        sources=sources,
    )


_HUAIAN_T3: dict[str, tuple[CellValue, ...]] = {
    "new": (3001, 53, 0, 0, 61, 4, 3119),
    "carried_over": (34, 0, 0, 0, 0, 0, 34),
    "granted": (1288, 21, 0, 0, 50, 3, 1362),
    "partial": (447, 7, 0, 0, 0, 0, 454),
    "withheld_secret": (2, 0, 0, 0, 0, 0, 2),
    "withheld_law": (30, 1, 0, 0, 0, 0, 31),
    "withheld_security": (5, 0, 0, 0, 0, 0, 5),
    "withheld_third_party": (6, 0, 0, 0, 0, 0, 6),
    "withheld_internal": (7, 1, 0, 0, 0, 0, 8),
    "withheld_process": (12, 0, 0, 0, 0, 0, 12),
    "withheld_enforcement": (9, 0, 0, 0, 0, 0, 9),
    "withheld_query": (105, 0, 0, 0, 0, 0, 105),
    "unavailable_not_held": (746, 12, 0, 0, 10, 1, 769),
    "unavailable_needs_creation": (11, 0, 0, 0, 0, 0, 11),
    "unavailable_unclear": (1, 0, 0, 0, 0, 0, 1),
    "declined_petition": (56, 6, 0, 0, 0, 0, 62),
    "declined_repeat": (25, 0, 0, 0, 0, 0, 25),
    "declined_publication": (0, 0, 0, 0, 0, 0, 0),
    "declined_mass": (0, 0, 0, 0, 0, 0, 0),
    "declined_confirm": (1, 0, 0, 0, 0, 0, 1),
    "other_no_correction": (67, 3, 0, 0, 1, 0, 71),
    "other_fee_unpaid": (6, 0, 0, 0, 0, 0, 6),
    "other_other": (108, 2, 0, 0, 0, 0, 110),
    "total": (2932, 53, 0, 0, 61, 4, 3050),
    "carried_forward": (103, 0, 0, 0, 0, 0, 103),
}

_HUAIAN_SECTIONS: dict[str, tuple[str, ...]] = {
    "preamble": (
        "本报告由淮安市人民政府办公室根据《中华人民共和国政府信息公开条例》（国令第 711 号）（以下简称《条例》）规定编制。报告所"
        "列统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。如对本报告有疑问，请与淮安市人民政府办公室联系（地址：淮安市翔宇南"
        "道 1 号，邮编：223001，电话：0517-83605210，电子邮箱：hazwgkc@163.com）。",
    ),
    "overview": (
        "2024 年，我市坚持以习近平新时代中国特色社会主义思想为指导，认真学习宣传贯彻党的二十大和二十届二中、三中全会精神，按照党"
        "中央国务院、省委省政府决策部署和市委工作要求，严格落实《中华人民共和国政府信息公开条例》各项规定，圆满完成了各项任务。",
        "（一）主动公开情况。2024 年，市政府网站主动公开各类政府信息 5500 余条，全年新增公开市政府规章 1 件、市政府及市政府办政"
        "策性文件 11 件，通过文字、图片等形式制作政策解读21 个，制作《淮安市人民政府公报》6 期。紧紧围绕保障民生、深化改革、科技"
        "创新等工作主线，组织召开了“春节前后服务企业用工和促进返乡人员就业创业专项活动”“建设‘四最’一流营商环境高质量推进产业"
        "发展”“加快建设长三角北部重要产业科技创新高地的若干政策”等新闻发布会 12 场，努力传递政府声音、宣传政策法规、回应舆论关"
        "切。",
        "（二）依申请公开情况。定期对政府信息公开申请集中的领域和热点问题进行研判，探索从源头上解决实际问题。着力强化与申请人的直"
        "接沟通，准确了解申请人诉求，提高答复的及时性和针对性。2024 年，全市共受理政府信息公开申请 3119 件，答复 3050 件（含上年"
        "度结转申请 34 件，另有 103 件顺延到下年度答复），均在法定期限内予以答复。政府信息公开行政复议 351件，其中结果维持 72 件，"
        "结果纠正 64 件，其他结果 178 件，尚未审结 37 件；政府信息公开行政诉讼 46 件，其中结果维持 25件，结果纠正 5 件，其他结果 9 "
        "件，尚未审结 7 件。",
        "（三）政府信息管理情况。在政府网站、政务新媒体、政府公报等公开平台发布信息时，坚持“先审查、后公开”“一事一审”工作原则，"
        "规范审查程序，建立健全重要事项公开保密审查协调机制，落实政府信息公开属性源头认定机制，加强政府信息源头管理工作。对政务公"
        "开平台已公开信息进行梳理，优化主动公开目录，着力为群众提供看得懂、找得到、用得上的政府信息公开服务。系统性排查全市各地各"
        "部门政务服务网办事指南、表格样表、在线申请等与群众密切相关服务事项，并不断修改完善，积极构建权威、便捷、高效的一体化互联"
        "网政务服务平台。",
        "（四）政府信息公开平台建设情况。进一步优化政务公开专栏设置，省市联动制作“全力巩固和增强经济回升向好态势”“推动大规模设备"
        "更新和消费品以旧换新”等专题专栏。在日常读网巡查的基础上，定期对政府信息公开栏目进行检查，将栏目不更新、政策解读不通俗易"
        "懂、互动咨询不回应等问题列入重点检查范围。深入开展防治政务新媒体“指尖上的形式主义”工作，聚焦解决政务新媒体开而少用、更"
        "新不及时、不互动不回应、表述不规范等新老问题。截至目前，全市在运维政务新媒体共计 95个，在省办 2024 年四个季度政务新媒体检"
        "查抽查中，合格率均为 100%。",
        "（五）政府信息公开监督保障情况。根据省政务公开年度和季度监测指标，全年组织 4 次政府信息公开栏目全覆盖检查，并出具各县区、"
        "各部门政务公开评估分报告。在日常巡查的基础上，按季度开展政务新媒体专项检查，针对突出问题和日常共性问题，及时督促整改。针"
        "对具体问题，创新开展调研式培训、过堂式培训，不断提高全市政务公开工作人员的工作能力和水平。",
    ),
    "problems": (
        "对照上级新要求和公众新期待，还有一些需要加强和改进的地方。主要表现在：一是政策解读质量仍需提升，个别单位政策解读内容简单、"
        "形式单一；二是政务公开队伍建设还需进一步加强，个别单位存在人员配备不足、兼职多、流动性过快的问题。",
        "针对存在问题，下一步，我市将着力加强政策解读质效，重点提升解读的针对性和通俗化，探索建立政社合作、多元参与的政策宣传解读模"
        "式，开发更多可读、可视、可感的政策解读产品，积极回应企业和群众的实际需求；建立健全“传帮带”机制，对新上岗人员开展“面对面"
        "、手把手”指导，定期组织业务培训，全面提升政务公开工作队伍水平，同时加强先进典型宣传和正面激励，增强队伍凝聚力。",
    ),
    "other": (
        "2024 年，市政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费 3940 元。",
    ),
}

# The page of the PDF each table row was read from (table 三 runs over pages 4 and 5).
_HUAIAN_T2_PAGES = {"rules": 3, "normative": 3, "licensing": 3, "penalty": 4, "coercion": 4, "fees": 4}
_HUAIAN_T3_PAGE_5_FROM = _T3_ROWS.index("unavailable_needs_creation")


def huaian_2024() -> Report:
    """淮安市人民政府 2024 (template 2021)."""
    cells: dict[str, CellValue] = {
        "t2.rules.issued": 1,
        "t2.rules.repealed": 0,
        "t2.rules.in_force": 11,
        "t2.normative.issued": 8,
        "t2.normative.repealed": 26,
        "t2.normative.in_force": 66,
        "t2.licensing.decisions": 447228,
        "t2.penalty.decisions": 3985758,
        "t2.coercion.decisions": 88283,
        "t2.fees.amount": Decimal("96171.6"),
    }
    cells |= _t3(_HUAIAN_T3)
    cells |= _t4(
        {
            "reconsideration": (72, 64, 178, 37, 351),
            "litigation_direct": (13, 4, 8, 1, 26),
            "litigation_after": (12, 1, 1, 6, 20),
        }
    )
    sources: dict[str, SourceRef] = {}
    for cell_id, value in cells.items():
        table, row, _ = cell_id.split(".")
        if table == "t2":
            page = _HUAIAN_T2_PAGES[row]
        elif table == "t3":
            page = 5 if _T3_ROWS.index(row) >= _HUAIAN_T3_PAGE_5_FROM else 4
        else:
            page = 5
        sources[cell_id] = SourceRef(format="pdf", page=page, raw=str(value))
    sources |= {
        "preamble": SourceRef(format="pdf", page=1),
        "overview": SourceRef(format="pdf", page=1),
        "problems": SourceRef(format="pdf", page=5),
        "other": SourceRef(format="pdf", page=6),
    }
    return Report(
        template="2021",
        agency="淮安市人民政府",
        year=2024,
        cells=cells,
        sections=_HUAIAN_SECTIONS,
        sources=sources,
    )
