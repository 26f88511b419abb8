"""Proactive disclosure (主动公开) as data: what must be published, where, by whom, and when.

Read by every layer, never re-stated elsewhere:

- `ARTICLE_20` and `ARTICLE_21`: the categories of information agencies must publish proactively (Art. 20's fifteen
  items; Art. 21's local ones for cities with districts and counties, and for townships), `categories_for_level`;
- `PublicationChannel`: the ways information is published (Art. 23–25: portal, gazette, 微博, 微信公众号, press
  conferences, the 政务服务大厅 reading point…);
- `DisclosureAttribute` and `WithholdingGround`: the 公开属性 decided when a document is drafted — 主动公开,
  依申请公开, or 不予公开 with a ground of Art. 14–16 and a written reason (`check_attribute`);
- the review before publication ("先审查、后公开") as a transition table:

      draft ──submit_review──▶ in_review ──pass_review──▶ approved ──publish──▶ published ──retract──▶ retracted
        ▲                          │
        └──────return_draft────────┘

  only information marked 主动公开 enters it, the confidentiality reviewer (保密审查人) may not review what they
  drafted, and only a draft may be edited (`check_item_transition`, `next_item_actions`);
- rules (规章) and normative documents (行政规范性文件): issued, amended, repealed or expired, each with its date
  and instrument (`check_document_event`, `document_validity`), and the three figures of table 二 for a year
  (`lifecycle_counts`): issued in the year, repealed (or expired) in the year, in force on 31 December;
- Art. 26: whether publication was on time against the deadline from `gongkai.core.deadlines.publication_deadline`
  (`publication_timeliness`; `today` is always passed in);
- what a clerk may enter: dates neither in the future nor before the first Regulations took effect
  (`record_date_problem`, `check_record_date`, years: `check_record_year` — the appeals ledger and the year's facts
  use the same bounds), counts up to `MAX_COUNT` and table 二's fees up to `MAX_FEES_AMOUNT` 万元
  (`check_figure_count`, `check_fees_amount`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from gongkai.core.cases import FIRST_REGULATIONS_IN_FORCE
from gongkai.core.errors import DisclosureError
from gongkai.core.report.model import MAX_CELL_VALUE

__all__ = [
    "ARTICLE_20",
    "ARTICLE_21",
    "ATTRIBUTE_LABELS",
    "CATEGORIES",
    "CHANNEL_LABELS",
    "DOCUMENT_EVENT_LABELS",
    "DOCUMENT_KIND_LABELS",
    "EARLIEST_DOCUMENT_DATE",
    "EARLIEST_RECORD_DATE",
    "EDIT_REFUSALS",
    "GROUND_LABELS",
    "ITEM_STATE_LABELS",
    "ITEM_TRANSITIONS",
    "MAX_COUNT",
    "MAX_FEES_AMOUNT",
    "NEW_MEDIA_CHANNELS",
    "ROLE_LABELS",
    "TIMELINESS_LABELS",
    "VALIDITY_LABELS",
    "DisclosureAttribute",
    "DisclosureCategory",
    "DocumentEvent",
    "DocumentEventKind",
    "DocumentKind",
    "DocumentValidity",
    "ItemAction",
    "ItemState",
    "ItemTransition",
    "LifecycleCounts",
    "PublicationChannel",
    "PublicationTimeliness",
    "RegisterRole",
    "WithholdingGround",
    "categories_for_level",
    "category",
    "category_from_text",
    "channels_from_text",
    "check_attribute",
    "check_document_event",
    "check_fees_amount",
    "check_figure_count",
    "check_item_editable",
    "check_item_transition",
    "check_record_date",
    "check_record_year",
    "document_end",
    "document_validity",
    "format_index_number",
    "lifecycle_counts",
    "next_item_actions",
    "publication_timeliness",
    "record_date_problem",
    "record_year_problem",
]


# --- categories (Art. 20, 21) ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DisclosureCategory:
    id: str
    article: str
    label: str  # short, for menus and the catalogue's tree
    text: str  # the Regulations' wording
    # Agency levels (`Agency.Level` values) the category applies to; empty = every level.
    levels: frozenset[str] = frozenset()


def _a20(number: int, label: str, text: str) -> DisclosureCategory:
    numerals = "一二三四五六七八九十"
    numeral = numerals[number - 1] if number <= 10 else "十" + numerals[number - 11]
    return DisclosureCategory(f"a20.{number}", f"第二十条第（{numeral}）项", label, text)


ARTICLE_20: tuple[DisclosureCategory, ...] = (
    _a20(1, "法规文件", "行政法规、规章和规范性文件"),
    _a20(2, "机构职能", "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"),
    _a20(3, "规划计划", "国民经济和社会发展规划、专项规划、区域规划及相关政策"),
    _a20(4, "统计信息", "国民经济和社会发展统计信息"),
    _a20(5, "行政许可和对外服务", "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"),
    _a20(6, "行政处罚和行政强制",
         "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定"),
    _a20(7, "财政预决算", "财政预算、决算信息"),
    _a20(8, "行政事业性收费", "行政事业性收费项目及其依据、标准"),
    _a20(9, "政府采购", "政府集中采购项目的目录、标准及实施情况"),
    _a20(10, "重大建设项目", "重大建设项目的批准和实施情况"),
    _a20(11, "民生政策", "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"),
    _a20(12, "应急管理", "突发公共事件的应急预案、预警信息及应对情况"),
    _a20(13, "监督检查", "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"),
    _a20(14, "公务员招考", "公务员招考的职位、名额、报考条件等事项以及录用结果"),
    _a20(15, "其他应主动公开的信息", "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"),
)  # fmt: skip

# Art. 21: cities with districts and counties, and their departments; townships (乡、镇人民政府).
_CITY_COUNTY = frozenset({"city", "county", "department"})
_TOWNSHIP = frozenset({"township"})
ARTICLE_21: tuple[DisclosureCategory, ...] = (
    DisclosureCategory("a21.1", "第二十一条", "市政建设", "市政建设", _CITY_COUNTY),
    DisclosureCategory("a21.2", "第二十一条", "公共服务", "公共服务", _CITY_COUNTY),
    DisclosureCategory("a21.3", "第二十一条", "公益事业", "公益事业", _CITY_COUNTY),
    DisclosureCategory("a21.4", "第二十一条", "土地征收", "土地征收", _CITY_COUNTY | _TOWNSHIP),
    DisclosureCategory("a21.5", "第二十一条", "房屋征收", "房屋征收", _CITY_COUNTY | _TOWNSHIP),
    DisclosureCategory("a21.6", "第二十一条", "治安管理", "治安管理", _CITY_COUNTY),
    DisclosureCategory("a21.7", "第二十一条", "社会救助", "社会救助", _CITY_COUNTY | _TOWNSHIP),
    DisclosureCategory("a21.t1", "第二十一条", "农业农村政策", "贯彻落实农业农村政策", _TOWNSHIP),
    DisclosureCategory("a21.t2", "第二十一条", "农田水利", "农田水利工程建设运营", _TOWNSHIP),
    DisclosureCategory("a21.t3", "第二十一条", "土地承包经营权流转", "农村土地承包经营权流转", _TOWNSHIP),
    DisclosureCategory("a21.t4", "第二十一条", "宅基地审核", "宅基地使用情况审核", _TOWNSHIP),
    DisclosureCategory("a21.t5", "第二十一条", "筹资筹劳", "筹资筹劳", _TOWNSHIP),
)

CATEGORIES: Mapping[str, DisclosureCategory] = {c.id: c for c in (*ARTICLE_20, *ARTICLE_21)}


def category(category_id: str) -> DisclosureCategory:
    try:
        return CATEGORIES[category_id]
    except KeyError:
        raise DisclosureError(f"未知的主动公开类别“{category_id}”。", category=category_id) from None


def categories_for_level(level: str) -> tuple[DisclosureCategory, ...]:
    """Art. 20's items for every agency, then the Art. 21 items that apply at this level."""
    return (*ARTICLE_20, *(c for c in ARTICLE_21 if level in c.levels))


# --- channels (Art. 23–25) ------------------------------------------------------------------------------


def _folded(text: str) -> str:
    """For matching what a ledger writes: width folded, no spaces, no brackets (第二十条第(五)项 = 第二十条第五项)."""
    return re.sub(r"[\s()（）【】\[\]〔〕]", "", unicodedata.normalize("NFKC", text))


def category_from_text(text: str, level: str) -> DisclosureCategory:
    """The category a ledger names, for an agency of `level`: by its id (a20.5), its article (第二十条第（五）项,
    Art. 20 only), its label (行政许可和对外服务, 市政建设), article and label together, or the Regulations'
    wording. DisclosureError (naming the choices) for anything else or a category of another level."""
    wanted = _folded(text)
    choices = categories_for_level(level)
    for candidate in choices:
        forms = {candidate.id, _folded(candidate.label), _folded(candidate.text)}
        forms.add(_folded(candidate.article + candidate.label))
        if candidate.id.startswith("a20."):
            forms.add(_folded(candidate.article))
        if wanted in forms:
            return candidate
    raise DisclosureError(
        f"无法识别的主动公开类别“{text}”。可填：{'、'.join(f'{c.article}{c.label}' for c in choices[:3])}……"
        "（第二十条各项写条项或名称均可）。",
        category=text,
    )


class PublicationChannel(StrEnum):
    PORTAL = "portal"
    GAZETTE = "gazette"
    WEIBO = "weibo"
    WECHAT = "wechat"
    APP = "app"
    VIDEO = "video"
    PRESS_CONFERENCE = "press_conference"
    NEWSPAPER = "newspaper"
    BROADCAST = "broadcast"
    SERVICE_HALL = "service_hall"
    ARCHIVES = "archives"
    LIBRARY = "library"
    NOTICE_BOARD = "notice_board"
    OTHER = "other"


CHANNEL_LABELS: Mapping[PublicationChannel, str] = {
    PublicationChannel.PORTAL: "政府网站",
    PublicationChannel.GAZETTE: "政府公报",
    PublicationChannel.WEIBO: "政务微博",
    PublicationChannel.WECHAT: "微信公众号",
    PublicationChannel.APP: "政务客户端",
    PublicationChannel.VIDEO: "政务短视频",
    PublicationChannel.PRESS_CONFERENCE: "新闻发布会",
    PublicationChannel.NEWSPAPER: "报刊",
    PublicationChannel.BROADCAST: "广播电视",
    PublicationChannel.SERVICE_HALL: "政务服务大厅",
    PublicationChannel.ARCHIVES: "档案馆",
    PublicationChannel.LIBRARY: "公共图书馆",
    PublicationChannel.NOTICE_BOARD: "公开栏、电子屏",
    PublicationChannel.OTHER: "其他",
}
_CHANNEL_ALIASES: Mapping[str, PublicationChannel] = {
    "网站": PublicationChannel.PORTAL,
    "门户网站": PublicationChannel.PORTAL,
    "政府门户网站": PublicationChannel.PORTAL,
    "政府信息公开专栏": PublicationChannel.PORTAL,
    "公报": PublicationChannel.GAZETTE,
    "微博": PublicationChannel.WEIBO,
    "微信": PublicationChannel.WECHAT,
    "公众号": PublicationChannel.WECHAT,
    "政务新媒体": PublicationChannel.WECHAT,
    "客户端": PublicationChannel.APP,
    "短视频": PublicationChannel.VIDEO,
    "发布会": PublicationChannel.PRESS_CONFERENCE,
    "报纸": PublicationChannel.NEWSPAPER,
    "政务大厅": PublicationChannel.SERVICE_HALL,
    "公开栏": PublicationChannel.NOTICE_BOARD,
    "电子屏": PublicationChannel.NOTICE_BOARD,
}


def channels_from_text(text: str) -> list[PublicationChannel]:
    """The channels a ledger lists (政府网站、政务微博; separated by 、 , ; / or spaces), each once, in order.
    DisclosureError naming an unknown one."""
    by_label = {_folded(label): channel for channel, label in CHANNEL_LABELS.items()}
    chosen: list[PublicationChannel] = []
    for part in re.split(r"[、,，;；/\s]+", unicodedata.normalize("NFKC", text)):
        if not part:
            continue
        channel = by_label.get(_folded(part)) or _CHANNEL_ALIASES.get(_folded(part))
        if channel is None:
            raise DisclosureError(
                f"无法识别的公开渠道“{part}”。可填：{'、'.join(CHANNEL_LABELS.values())}。", channel=part
            )
        if channel not in chosen:
            chosen.append(channel)
    return chosen


# The new-media accounts whose posts are counted per year (entered, not registered one by one).
NEW_MEDIA_CHANNELS: tuple[PublicationChannel, ...] = (
    PublicationChannel.WEIBO,
    PublicationChannel.WECHAT,
    PublicationChannel.APP,
    PublicationChannel.VIDEO,
)


# --- 公开属性 (decided at drafting) -----------------------------------------------------------------------


class DisclosureAttribute(StrEnum):
    PROACTIVE = "proactive"
    ON_REQUEST = "on_request"
    WITHHELD = "withheld"


ATTRIBUTE_LABELS: Mapping[DisclosureAttribute, str] = {
    DisclosureAttribute.PROACTIVE: "主动公开",
    DisclosureAttribute.ON_REQUEST: "依申请公开",
    DisclosureAttribute.WITHHELD: "不予公开",
}


class WithholdingGround(StrEnum):
    """Art. 14–16: why information is not to be disclosed."""

    STATE_SECRET = "state_secret"
    LAW_FORBIDS = "law_forbids"
    SECURITY = "security"
    THIRD_PARTY = "third_party"
    INTERNAL = "internal"
    PROCESS = "process"
    ENFORCEMENT = "enforcement"


GROUND_LABELS: Mapping[WithholdingGround, str] = {
    WithholdingGround.STATE_SECRET: "属于国家秘密（第十四条）",
    WithholdingGround.LAW_FORBIDS: "法律、行政法规禁止公开（第十四条）",
    WithholdingGround.SECURITY: "公开后可能危及国家安全、公共安全、经济安全、社会稳定（第十四条）",
    WithholdingGround.THIRD_PARTY: "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害（第十五条）",
    WithholdingGround.INTERNAL: "人事管理、后勤管理、内部工作流程等内部事务信息（第十六条第一款）",
    WithholdingGround.PROCESS: "讨论记录、过程稿、磋商信函、请示报告等过程性信息（第十六条第二款）",
    WithholdingGround.ENFORCEMENT: "行政执法案卷信息（第十六条第二款）",
}


def check_attribute(attribute: DisclosureAttribute | str, *, ground: str = "", reason: str = "") -> None:
    """不予公开 needs a ground of Art. 14–16 and a written reason; the other attributes take neither."""
    try:
        chosen = DisclosureAttribute(attribute)
    except ValueError:
        raise DisclosureError(f"未知的公开属性“{attribute}”。", attribute=str(attribute)) from None
    if chosen is DisclosureAttribute.WITHHELD:
        if not ground:
            raise DisclosureError("公开属性为“不予公开”时，须选择不予公开的依据（条例第十四条至第十六条）。")
        try:
            WithholdingGround(ground)
        except ValueError:
            raise DisclosureError(f"未知的不予公开依据“{ground}”。", ground=ground) from None
        if not reason.strip():
            raise DisclosureError("公开属性为“不予公开”时，须写明不予公开的理由。")
    elif ground:
        raise DisclosureError(
            f"公开属性为“{ATTRIBUTE_LABELS[chosen]}”时不填写不予公开的依据。", attribute=chosen.value
        )


# --- review before publication --------------------------------------------------------------------------


class ItemState(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    PUBLISHED = "published"
    RETRACTED = "retracted"


ITEM_STATE_LABELS: Mapping[ItemState, str] = {
    ItemState.DRAFT: "起草",
    ItemState.IN_REVIEW: "保密审查中",
    ItemState.APPROVED: "审查通过待发布",
    ItemState.PUBLISHED: "已公开",
    ItemState.RETRACTED: "已撤下",
}


class RegisterRole(StrEnum):
    """Who acts on the register. Officer, approver and admin are the agency's staff roles; the reviewer is a
    member of the agency's staff who also holds the confidentiality-review permission."""

    OFFICER = "officer"
    APPROVER = "approver"
    ADMIN = "admin"
    REVIEWER = "reviewer"


ROLE_LABELS: Mapping[RegisterRole, str] = {
    RegisterRole.OFFICER: "承办人",
    RegisterRole.APPROVER: "负责人",
    RegisterRole.ADMIN: "机关管理员",
    RegisterRole.REVIEWER: "保密审查人",
}


class ItemAction(StrEnum):
    SUBMIT_REVIEW = "submit_review"
    RETURN_DRAFT = "return_draft"
    PASS_REVIEW = "pass_review"
    PUBLISH = "publish"
    RETRACT = "retract"


@dataclass(frozen=True)
class ItemTransition:
    action: ItemAction
    label: str
    sources: frozenset[ItemState]
    target: ItemState
    roles: frozenset[RegisterRole]
    # Only information marked 主动公开 goes through review and publication.
    proactive_only: bool = True
    # The action needs a written note (why it was returned, why it was taken down).
    needs_note: bool = False


def _it(
    action: ItemAction,
    label: str,
    sources: Iterable[ItemState],
    target: ItemState,
    roles: Iterable[RegisterRole],
    *,
    needs_note: bool = False,
) -> ItemTransition:
    return ItemTransition(action, label, frozenset(sources), target, frozenset(roles), True, needs_note)


_DRAFTERS = (RegisterRole.OFFICER, RegisterRole.ADMIN)
ITEM_TRANSITIONS: Mapping[ItemAction, ItemTransition] = {
    t.action: t
    for t in (
        _it(ItemAction.SUBMIT_REVIEW, "提交保密审查", [ItemState.DRAFT], ItemState.IN_REVIEW, _DRAFTERS),
        _it(ItemAction.RETURN_DRAFT, "退回修改", [ItemState.IN_REVIEW], ItemState.DRAFT, [RegisterRole.REVIEWER],
            needs_note=True),
        _it(ItemAction.PASS_REVIEW, "保密审查通过", [ItemState.IN_REVIEW], ItemState.APPROVED, [RegisterRole.REVIEWER]),
        _it(ItemAction.PUBLISH, "发布", [ItemState.APPROVED], ItemState.PUBLISHED, _DRAFTERS),
        _it(ItemAction.RETRACT, "撤下", [ItemState.PUBLISHED], ItemState.RETRACTED,
            [RegisterRole.APPROVER, RegisterRole.ADMIN], needs_note=True),
    )
}  # fmt: skip


def _item_transition(action: ItemAction | str) -> ItemTransition:
    try:
        return ITEM_TRANSITIONS[ItemAction(action)]
    except ValueError:
        raise DisclosureError(f"未知的公开操作“{action}”。", action=str(action)) from None


def check_item_transition(
    state: ItemState | str,
    action: ItemAction | str,
    *,
    roles: Iterable[RegisterRole | str],
    attribute: DisclosureAttribute | str,
    acting_drafter: bool = False,
    note: str = "",
) -> ItemTransition:
    """The transition `action` takes, or `DisclosureError` saying in Chinese why it may not be taken.

    `acting_drafter`: the person acting drafted the item (a reviewer may not pass their own draft).
    """
    step = _item_transition(action)
    current = ItemState(state)
    if current not in step.sources:
        raise DisclosureError(
            f"该信息当前状态为“{ITEM_STATE_LABELS[current]}”，不能执行“{step.label}”。",
            state=current.value,
            action=step.action.value,
        )
    held = {RegisterRole(r) for r in roles}
    if not held & step.roles:
        who = "或".join(ROLE_LABELS[r] for r in sorted(step.roles, key=list(RegisterRole).index))
        raise DisclosureError(
            f"“{step.label}”须由{who}办理，您在本机关没有该职责。",
            state=current.value,
            action=step.action.value,
        )
    chosen = DisclosureAttribute(attribute)
    if step.proactive_only and chosen is not DisclosureAttribute.PROACTIVE:
        raise DisclosureError(
            f"公开属性为“{ATTRIBUTE_LABELS[chosen]}”的信息不主动公开，不能执行“{step.label}”；"
            "如需主动公开，请先在起草状态将公开属性改为“主动公开”。",
            attribute=chosen.value,
        )
    if step.action is ItemAction.PASS_REVIEW and acting_drafter:
        raise DisclosureError("保密审查须由起草人以外的审查人进行，不能审查本人起草的信息。")
    if step.needs_note and not note.strip():
        raise DisclosureError(f"“{step.label}”须写明理由。", action=step.action.value)
    return step


def next_item_actions(
    state: ItemState | str,
    *,
    roles: Iterable[RegisterRole | str],
    attribute: DisclosureAttribute | str,
    acting_drafter: bool = False,
) -> tuple[ItemTransition, ...]:
    """The lawful next actions for someone holding `roles` (the buttons to show), in the table's order."""
    held = {RegisterRole(r) for r in roles}
    current = ItemState(state)
    proactive = DisclosureAttribute(attribute) is DisclosureAttribute.PROACTIVE
    return tuple(
        t
        for t in ITEM_TRANSITIONS.values()
        if current in t.sources
        and held & t.roles
        and (proactive or not t.proactive_only)
        and not (t.action is ItemAction.PASS_REVIEW and acting_drafter)
    )


# Why an item in each state other than draft may not be edited, and what to do instead.
EDIT_REFUSALS: Mapping[ItemState, str] = {
    ItemState.IN_REVIEW: "该信息正在保密审查中，不能修改；如需修改，请保密审查人退回修改。",
    ItemState.APPROVED: "该信息已通过保密审查、待发布，不能修改；如内容有误，请不要发布，另行登记并重新审查。",
    ItemState.PUBLISHED: "该信息已公开，不能修改；如需更正，请负责人撤下后另行登记；文件废止在“有效性”中登记。",
    ItemState.RETRACTED: "该信息已撤下，不能修改；如需重新公开，请另行登记。",
}


def check_item_editable(state: ItemState | str) -> None:
    """Only a draft may be edited; otherwise `DisclosureError` saying why for its state and what to do instead."""
    current = ItemState(state)
    if current is not ItemState.DRAFT:
        raise DisclosureError(EDIT_REFUSALS[current], state=current.value)


def format_index_number(agency_code: str, year: int, seq: int) -> str:
    """The catalogue's 索引号: agency, year and a sequence, e.g. WZSP/2021-00002."""
    return f"{agency_code}/{year}-{seq:05d}"


# --- rules and normative documents ----------------------------------------------------------------------


class DocumentKind(StrEnum):
    RULE = "rules"  # the value is table 二's row id
    NORMATIVE = "normative"


DOCUMENT_KIND_LABELS: Mapping[DocumentKind, str] = {
    DocumentKind.RULE: "规章",
    DocumentKind.NORMATIVE: "行政规范性文件",
}


class DocumentEventKind(StrEnum):
    ISSUED = "issued"
    AMENDED = "amended"
    REPEALED = "repealed"
    EXPIRED = "expired"


DOCUMENT_EVENT_LABELS: Mapping[DocumentEventKind, str] = {
    DocumentEventKind.ISSUED: "制发",
    DocumentEventKind.AMENDED: "修改",
    DocumentEventKind.REPEALED: "废止",
    DocumentEventKind.EXPIRED: "有效期届满失效",
}
_ENDINGS = frozenset({DocumentEventKind.REPEALED, DocumentEventKind.EXPIRED})


@dataclass(frozen=True)
class DocumentEvent:
    kind: DocumentEventKind
    on: dt.date
    # The instrument: the document's own 文号 when issued; the amending or repealing decision's 文号.
    instrument: str = ""


class DocumentValidity(StrEnum):
    NOT_ISSUED = "not_issued"
    IN_FORCE = "in_force"
    AMENDED = "amended"
    REPEALED = "repealed"
    EXPIRED = "expired"


VALIDITY_LABELS: Mapping[DocumentValidity, str] = {
    DocumentValidity.NOT_ISSUED: "尚未制发",
    DocumentValidity.IN_FORCE: "现行有效",
    DocumentValidity.AMENDED: "现行有效（已修改）",
    DocumentValidity.REPEALED: "已废止",
    DocumentValidity.EXPIRED: "已失效",
}


def check_document_event(
    history: Sequence[DocumentEvent], new: DocumentEvent, *, today: dt.date, formed_on: dt.date | None = None
) -> None:
    """Whether `new` may follow `history` (oldest first): dated neither after `today` nor before
    `EARLIEST_DOCUMENT_DATE` (`check_record_date`); issued once and first, not before the document was formed (`formed_on`); amended,
    repealed or expired only while in force; never dated before the step before it; amendments and repeals name
    their instrument."""
    label = DOCUMENT_EVENT_LABELS[new.kind]
    check_record_date(new.on, today=today, what=f"{label}日期", earliest=EARLIEST_DOCUMENT_DATE)
    if new.kind is DocumentEventKind.ISSUED and formed_on is not None and new.on < formed_on:
        raise DisclosureError(
            f"制发日期{new.on:%Y-%m-%d}早于该文件的形成日期{formed_on:%Y-%m-%d}，请核对。",
            kind=new.kind.value,
        )
    issued = [e for e in history if e.kind is DocumentEventKind.ISSUED]
    if new.kind is DocumentEventKind.ISSUED:
        if issued:
            raise DisclosureError(f"该文件已于{issued[0].on:%Y-%m-%d}制发，不能重复登记制发。")
        if not new.instrument.strip():
            raise DisclosureError("登记制发须填写文件的文号。")
        return
    if not issued:
        raise DisclosureError(f"该文件尚未登记制发，不能登记{label}。", kind=new.kind.value)
    ended = [e for e in history if e.kind in _ENDINGS]
    if ended:
        raise DisclosureError(
            f"该文件已于{ended[0].on:%Y-%m-%d}{DOCUMENT_EVENT_LABELS[ended[0].kind]}，不能再登记{label}。",
            kind=new.kind.value,
        )
    last = max(e.on for e in history)
    if new.on < last:
        raise DisclosureError(
            f"{label}日期{new.on:%Y-%m-%d}早于该文件上一次登记的日期{last:%Y-%m-%d}，请核对。"
        )
    if new.kind in {DocumentEventKind.AMENDED, DocumentEventKind.REPEALED} and not new.instrument.strip():
        raise DisclosureError(f"登记{label}须填写作出{label}决定的文件名称或文号。", kind=new.kind.value)


def document_end(history: Iterable[DocumentEvent]) -> dt.date | None:
    """The day the document stopped being in force (repealed or expired), if it did."""
    ends = [e.on for e in history if e.kind in _ENDINGS]
    return min(ends) if ends else None


def document_validity(history: Sequence[DocumentEvent], on: dt.date) -> DocumentValidity:
    """The document's validity at the end of day `on`."""
    past = [e for e in history if e.on <= on]
    if not any(e.kind is DocumentEventKind.ISSUED for e in past):
        return DocumentValidity.NOT_ISSUED
    for event in past:
        if event.kind is DocumentEventKind.REPEALED:
            return DocumentValidity.REPEALED
        if event.kind is DocumentEventKind.EXPIRED:
            return DocumentValidity.EXPIRED
    if any(e.kind is DocumentEventKind.AMENDED for e in past):
        return DocumentValidity.AMENDED
    return DocumentValidity.IN_FORCE


@dataclass(frozen=True)
class LifecycleCounts:
    issued: int
    repealed: int
    in_force: int


def lifecycle_counts(
    documents: Iterable[tuple[dt.date | None, dt.date | None]], *, year: int
) -> LifecycleCounts:
    """Table 二's three figures from (issued_on, ended_on) pairs: issued in the year; repealed or expired in the
    year; in force on 31 December (issued by then and not ended by then). Documents not yet issued count nowhere.

    Hence in_force(year) = in_force(year − 1) + issued(year) − repealed(year) for documents issued before they
    end, which is what the report rules expect.
    """
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    issued = repealed = in_force = 0
    for issued_on, ended_on in documents:
        if issued_on is None:
            continue
        if first <= issued_on <= last:
            issued += 1
        if ended_on is not None and first <= ended_on <= last:
            repealed += 1
        if issued_on <= last and (ended_on is None or ended_on > last):
            in_force += 1
    return LifecycleCounts(issued, repealed, in_force)


# --- Art. 26: on time? ----------------------------------------------------------------------------------


class PublicationTimeliness(StrEnum):
    PENDING = "pending"  # not published, deadline not passed
    OVERDUE = "overdue"  # not published, deadline passed
    ON_TIME = "on_time"
    LATE = "late"


TIMELINESS_LABELS: Mapping[PublicationTimeliness, str] = {
    PublicationTimeliness.PENDING: "待公开",
    PublicationTimeliness.OVERDUE: "已逾期未公开",
    PublicationTimeliness.ON_TIME: "按时公开",
    PublicationTimeliness.LATE: "逾期公开",
}


def publication_timeliness(
    *, due: dt.date, published_on: dt.date | None, today: dt.date
) -> PublicationTimeliness:
    """Art. 26: published within the deadline, late, or not yet (pending, or overdue once the deadline passed).
    The deadline's last day still counts as on time."""
    if published_on is not None:
        return PublicationTimeliness.ON_TIME if published_on <= due else PublicationTimeliness.LATE
    return PublicationTimeliness.OVERDUE if today > due else PublicationTimeliness.PENDING


# --- what a clerk enters: dates, years, counts and amounts -----------------------------------------------

# The first Regulations (国务院令第492号) took effect on 1 May 2008: no record of the work kept here is dated
# earlier — not a review step, an appeal or a fact of the annual report (the same day as the applications').
EARLIEST_RECORD_DATE = FIRST_REGULATIONS_IN_FORCE
# A document and its publication may be older than the Regulations: a 规章 of 1998 still in force belongs in the
# register (and in table 二's 现行有效), with its own dates. Its earliest possible date: the People's Republic's.
EARLIEST_DOCUMENT_DATE = dt.date(1949, 10, 1)
# The largest count a clerk may enter (decisions, posts, participants) and the largest fee amount (万元, 10 万亿元):
# the annual report's own bound for any cell, which these figures fill.
MAX_COUNT = MAX_CELL_VALUE
MAX_FEES_AMOUNT = Decimal(MAX_CELL_VALUE)
_FEES_PLACES = 4


def record_date_problem(
    day: dt.date, *, today: dt.date, what: str, earliest: dt.date = EARLIEST_RECORD_DATE
) -> str | None:
    """Why `day` cannot be the date of something that happened (after `today`, or before `earliest`: the
    Regulations, or for a document's own dates `EARLIEST_DOCUMENT_DATE`), or None. The one date rule of the
    register, the appeals ledger and the year's facts: each raises its own error."""
    if day > today:
        return f"{what}{day:%Y-%m-%d}晚于今天（{today:%Y-%m-%d}），请核对：只登记已经发生的事项。"
    if day < earliest:
        since = f"{earliest.year}年{earliest.month}月{earliest.day}日"
        if earliest == EARLIEST_RECORD_DATE:
            return f"{what}{day:%Y-%m-%d}早于{since}（《中华人民共和国政府信息公开条例》施行之日），请核对。"
        return f"{what}{day:%Y-%m-%d}早于{since}，请核对。"
    return None


def record_year_problem(year: int, *, today: dt.date) -> str | None:
    """Why `year` cannot be a year of records (it has not begun, or it is before the Regulations), or None."""
    if year > today.year:
        return f"{year}年度尚未开始（今天是{today:%Y-%m-%d}），不能录入该年度的数据。"
    if year < EARLIEST_RECORD_DATE.year:
        return f"年度“{year}”早于{EARLIEST_RECORD_DATE.year}年（《中华人民共和国政府信息公开条例》施行之年），请核对。"
    return None


def check_record_date(
    day: dt.date, *, today: dt.date, what: str, earliest: dt.date = EARLIEST_RECORD_DATE
) -> dt.date:
    """`day`, or `DisclosureError` if it is after `today` or before `earliest` (see `record_date_problem`)."""
    problem = record_date_problem(day, today=today, what=what, earliest=earliest)
    if problem is not None:
        raise DisclosureError(problem, what=what, day=day.isoformat())
    return day


def check_record_year(year: int, *, today: dt.date) -> int:
    """`year`, or `DisclosureError` if it has not begun or is before the Regulations took effect."""
    problem = record_year_problem(year, today=today)
    if problem is not None:
        raise DisclosureError(problem, year=year)
    return year


def check_figure_count(value: int | None, *, what: str) -> int | None:
    """A count entered by hand (blank stays blank): a whole number from 0 to `MAX_COUNT`."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise DisclosureError(f"{what}应为整数。", what=what)
    if value < 0:
        raise DisclosureError(f"{what}不能为负数。", what=what, value=value)
    if value > MAX_COUNT:
        raise DisclosureError(f"{what}{value}超过上限{MAX_COUNT}，请核对。", what=what, value=value)
    return value


def check_fees_amount(value: Decimal | None, *, what: str = "行政事业性收费金额") -> Decimal | None:
    """Table 二's fees in 万元 (blank stays blank): from 0 to `MAX_FEES_AMOUNT`, at most 4 decimals."""
    if value is None:
        return None
    exponent = value.as_tuple().exponent
    if not value.is_finite() or value < 0 or (isinstance(exponent, int) and exponent < -_FEES_PLACES):
        raise DisclosureError(f"{what}应为不小于0、最多{_FEES_PLACES}位小数的金额（单位：万元）。", what=what)
    if value > MAX_FEES_AMOUNT:
        raise DisclosureError(
            f"{what}{value}万元超过上限{MAX_FEES_AMOUNT}万元，请核对单位和数值。", what=what
        )
    return value
