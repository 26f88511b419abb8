"""The built-in wording of the four notices (editable per deployment and per agency in the admin).

Template language: Django's, with these variables: notice_number, date, agency_name, agency_address,
agency_phone, application_number, applicant_name, received_on, description, answer_label, answer_basis,
decision_text, correction_due, reply_due, and per notice: items (补正事项), days and reason (延期), amount,
method, pages and explanation (收费).
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
