"""Notice text from the editable templates, and its rendering to DOCX (python-docx) and PDF (reportlab)."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.template import Context, Engine, TemplateSyntaxError
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from gongkai.core.errors import TransitionError
from gongkai.core.fonts import find_cjk_font
from gongkai.core.office import xml_safe
from gongkai.web.agencies.models import Agency
from gongkai.web.audit.services import audit_record
from gongkai.web.notices.defaults import DEFAULT_TEMPLATES
from gongkai.web.notices.models import NoticeTemplate

__all__ = ["notice_text", "render_notice_docx", "render_notice_pdf", "template_problem", "template_recorded"]

# A name the template uses but the notice does not supply renders as this marker (found, and refused, below),
# never silently as nothing: a 补正告知书 without its 补正事项 is no notice at all.
_UNKNOWN = "\x00{unknown:%s}\x00"
_ENGINE = Engine(autoescape=False, string_if_invalid=_UNKNOWN)
_UNKNOWN_FOUND = re.compile("\x00\\{unknown:([^}]*)\\}\x00")


def _template_for(kind: str, agency: Agency) -> tuple[str, str]:
    found = (
        NoticeTemplate.objects.filter(kind=kind, agency=agency).first()
        or NoticeTemplate.objects.filter(kind=kind, agency__isnull=True).first()
    )
    if found is not None:
        return found.title, found.body
    return DEFAULT_TEMPLATES[kind]


def template_problem(title: str, body: str, context: Mapping[str, Any]) -> str | None:
    """Why the wording cannot make a notice with `context`: a syntax error or a name it does not supply."""
    try:
        text = _ENGINE.from_string(body).render(Context(dict(context), autoescape=False))
    except TemplateSyntaxError as error:
        return f"文书模板“{title}”有语法错误：{error}"
    unknown = list(dict.fromkeys(_UNKNOWN_FOUND.findall(text)))
    if unknown:
        names = "、".join(f"{{{{ {name} }}}}" for name in unknown)
        return f"文书模板“{title}”使用了本文书没有的变量：{names}（可用的变量见模板说明）"
    return None


def template_recorded(*, template: NoticeTemplate, by: Any, action: str) -> None:
    """Audit a notice wording created, changed or (about to be) deleted in the admin site: the words of every
    letter issued later depend on it."""
    audit_record(
        actor=by,
        action=f"notice_template.{action}",
        obj=template,
        agency=template.agency,
        details={"kind": template.kind, "title": template.title},
    )


def notice_text(*, kind: str, agency: Agency, context: Mapping[str, Any]) -> tuple[str, str]:
    """The notice's title and body with the case's details filled in; a template that cannot make the notice
    (a syntax error, a misspelt variable) is refused, so that no numbered notice is issued with blanks."""
    title, body = _template_for(kind, agency)
    problem = template_problem(title, body, context)
    if problem is not None:
        raise TransitionError(f"{problem}，请在管理后台修改。")
    text = _ENGINE.from_string(body).render(Context(dict(context), autoescape=False))
    lines = [line.strip() for line in xml_safe(text).splitlines()]
    return title, "\n".join(line for line in lines if line)


def _document_text(
    title: str, number: str, body: str, signature: tuple[str, ...]
) -> tuple[str, str, str, tuple[str, ...]]:
    """The parts of a notice as a document can hold them: a control character in what an applicant typed (or
    in a notice stored before the forms refused them) must not make the letter impossible to produce."""
    return xml_safe(title), xml_safe(number), xml_safe(body), tuple(xml_safe(line) for line in signature)


def render_notice_docx(*, title: str, number: str, body: str, signature: tuple[str, ...] = ()) -> bytes:
    title, number, body, signature = _document_text(title, number, body, signature)
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "FangSong"
    style.font.size = Pt(14)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋")
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold = True
    run.font.size = Pt(20)
    run.font.name = "SimSun"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    numbered = document.add_paragraph(number)
    numbered.alignment = WD_ALIGN_PARAGRAPH.CENTER
    lines = body.splitlines()
    for index, line in enumerate(lines):
        paragraph = document.add_paragraph(line)
        if index > 0:
            paragraph.paragraph_format.first_line_indent = Pt(28)
    for line in signature:
        paragraph = document.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@cache
def _pdf_font() -> str:
    name = "GongkaiCJK"
    path = find_cjk_font(settings.GONGKAI_CJK_FONT)
    options: dict[str, Any] = {"subfontIndex": 0} if path.suffix.lower() == ".ttc" else {}
    pdfmetrics.registerFont(TTFont(name, str(path), **options))
    return name


def render_notice_pdf(*, title: str, number: str, body: str, signature: tuple[str, ...] = ()) -> bytes:
    title, number, body, signature = _document_text(title, number, body, signature)
    font = _pdf_font()
    base = ParagraphStyle("body", fontName=font, fontSize=14, leading=24, wordWrap="CJK", firstLineIndent=28)
    first = ParagraphStyle("first", parent=base, firstLineIndent=0)
    heading = ParagraphStyle(
        "title", parent=base, fontSize=20, leading=30, alignment=TA_CENTER, firstLineIndent=0
    )
    centered = ParagraphStyle("number", parent=first, alignment=TA_CENTER)
    right = ParagraphStyle("sign", parent=first, alignment=TA_RIGHT)
    story: list[Any] = [
        Paragraph(escape(title), heading),
        Paragraph(escape(number), centered),
        Spacer(1, 6 * mm),
    ]
    for index, line in enumerate(body.splitlines()):
        story.append(Paragraph(escape(line), base if index else first))
    if signature:
        story.append(Spacer(1, 10 * mm))
        story.extend(Paragraph(escape(line), right) for line in signature)
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        topMargin=37 * mm,
        bottomMargin=35 * mm,
        title=title,
        author=signature[0] if signature else "",
    )
    document.build(story)
    return out.getvalue()
