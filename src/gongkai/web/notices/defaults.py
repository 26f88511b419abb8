"""The built-in wording of the seven notices (editable per deployment and per agency in the admin).

Template language: Django's, with these variables: notice_number, date, agency_name, agency_address,
agency_phone, application_number, applicant_name, received_on, description, answer_label, answer_basis,
decision_text, correction_due, reply_due, and per notice: items (补正事项; 说明理由的事项), days and reason
(延期), amount, method, pages and explanation (收费), reasons_due (说明理由), reply_on and reason (延迟答复),
party and public_interest (the notice to a third party whose objection is overridden; it opens with the party's
name, not the applicant's).
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["DEFAULT_TEMPLATES", "TEMPLATE_VARIABLES"]

TEMPLATE_VARIABLES = [
    "notice_number",
    "date",
    "agency_name",
    "agency_address",
    "agency_phone",
    "application_number",
    "applicant_name",
    "received_on",
    "description",
    "answer_label",
    "answer_basis",
    "decision_text",
    "correction_due",
    "reply_due",
    "items",
    "days",
    "reason",
    "amount",
    "method",
    "pages",
    "explanation",
    "reasons_due",
    "reply_on",
    "party",
    "public_interest",
]

_OPENING = (
    "{{ applicant_name }}：\n"
    '本机关于{{ received_on|date:"Y年n月j日" }}收到您（单位）提出的政府信息公开申请（申请编号：'
    "{{ application_number }}），申请获取：{{ description }}。\n"
)

DEFAULT_TEMPLATES: Mapping[str, tuple[str, str]] = {
    "decision": (
        "政府信息公开申请答复告知书",
        _OPENING + "经审查，现答复如下：\n"
        "{{ answer_label }}。\n"
        "{{ decision_text }}\n"
        "依据：{{ answer_basis }}。\n"
        "如对本答复不服，可以在收到本告知书之日起六十日内依法申请行政复议，或者依法提起行政诉讼；"
        "对不予公开的答复不服的，应当先申请行政复议。\n"
        "联系地址：{{ agency_address }}　联系电话：{{ agency_phone }}",
    ),
    "correction": (
        "补正申请告知书",
        _OPENING + "经审查，您的申请内容不够明确。根据《中华人民共和国政府信息公开条例》第三十条的规定，"
        '请您于{{ correction_due|date:"Y年n月j日" }}前对以下事项作出补正：\n'
        "{{ items }}\n"
        "答复期限自本机关收到补正后的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，"
        "本机关不再处理该政府信息公开申请。\n"
        "联系地址：{{ agency_address }}　联系电话：{{ agency_phone }}",
    ),
    "extension": (
        "延期答复告知书",
        _OPENING + "因{{ reason }}，本机关不能在规定期限内作出答复。根据《中华人民共和国政府信息公开条例》"
        "第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长{{ days }}个工作日，"
        '本机关将于{{ reply_due|date:"Y年n月j日" }}前作出答复。\n'
        "联系地址：{{ agency_address }}　联系电话：{{ agency_phone }}",
    ),
    "reasons": (
        "要求说明理由通知书",
        _OPENING
        + "您（单位）申请公开政府信息的数量、频次明显超过合理范围。根据《中华人民共和国政府信息公开条例》"
        '第三十五条的规定，请您于{{ reasons_due|date:"Y年n月j日" }}前说明申请理由：\n'
        "{{ items }}\n"
        "本机关认为申请理由不合理的，将告知您不予处理；认为理由合理但无法在规定期限内答复的，将确定延迟答复的"
        "合理期限并告知您。\n"
        "联系地址：{{ agency_address }}　联系电话：{{ agency_phone }}",
    ),
    "deferral": (
        "延迟答复告知书",
        _OPENING + "您（单位）申请公开政府信息的数量、频次明显超过合理范围，经审查，您说明的申请理由合理，"
        "但本机关无法在《中华人民共和国政府信息公开条例》第三十三条规定的期限内答复。因{{ reason }}，"
        "根据条例第三十五条的规定，本机关确定延迟答复的合理期限，"
        '将于{{ reply_on|date:"Y年n月j日" }}前作出答复。\n'
        "联系地址：{{ agency_address }}　联系电话：{{ agency_phone }}",
    ),
    "third_party": (
        "决定公开告知书",
        "{{ party }}：\n"
        '本机关于{{ received_on|date:"Y年n月j日" }}收到政府信息公开申请（申请编号：{{ application_number }}），'
        "申请获取：{{ description }}。本机关曾就此征求您（单位）的意见，您（单位）不同意公开。\n"
        "经审查，本机关认为不公开可能对公共利益造成重大影响，理由如下：\n"
        "{{ public_interest }}\n"
        "根据《中华人民共和国政府信息公开条例》第三十二条的规定，本机关决定予以公开，现将决定公开的政府信息内容"
        "和理由书面告知您（单位）：\n"
        "{{ decision_text }}\n"
        "如对本决定不服，可以依法申请行政复议或者提起行政诉讼。\n"
        "联系地址：{{ agency_address }}　联系电话：{{ agency_phone }}",
    ),
    "fee": (
        "政府信息公开信息处理费缴费通知书",
        _OPENING + "根据《中华人民共和国政府信息公开条例》第四十二条和《政府信息公开信息处理费管理办法》，"
        "您的申请需缴纳信息处理费人民币{{ amount }}元（计收方式：{{ method }}"
        "{% if pages %}，共{{ pages }}页{% endif %}）。\n"
        "{% if explanation %}计算方法：{{ explanation }}\n{% endif %}"
        "请于收到本通知之日起20个工作日内缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。"
        "缴费期间不计算在答复期限内。\n"
        "联系地址：{{ agency_address }}　联系电话：{{ agency_phone }}",
    ),
}
