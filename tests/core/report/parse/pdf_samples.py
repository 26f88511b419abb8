"""Small PDFs drawn with reportlab for the PDF reader's tests: not reports, scanned, encrypted, many pages."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from PIL import Image
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

from gongkai.core.fonts import find_cjk_font

__all__ = ["encrypted_pdf", "image_only_pdf", "long_table_pdf", "many_pages_pdf", "pages_pdf", "text_pdf"]

_FONT = "TestCJK"


def _font() -> str:
    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_FONT, str(find_cjk_font()), subfontIndex=0))
    return _FONT


def _pdf(draw: Callable[[Canvas], None], **options: object) -> bytes:
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, **options)
    draw(canvas)
    canvas.save()
    return buffer.getvalue()


def text_pdf(lines: list[str]) -> bytes:
    """One page of text, one line each, 14 pt."""

    def draw(canvas: Canvas) -> None:
        canvas.setFont(_font(), 14)
        for number, line in enumerate(lines):
            canvas.drawString(72, 760 - number * 24, line)

    return _pdf(draw)


def encrypted_pdf() -> bytes:
    """A text page that opens only with the password "secret"."""

    def draw(canvas: Canvas) -> None:
        canvas.setFont(_font(), 14)
        canvas.drawString(72, 760, "淮安市人民政府2024年政府信息公开工作年度报告")

    return _pdf(draw, encrypt="secret")


def image_only_pdf() -> bytes:
    """A "scanned" page: a picture of text, no text layer."""
    picture = Image.new("L", (300, 200), 255)
    for x in range(40, 260):
        for y in (60, 61, 100, 101, 140, 141):
            picture.putpixel((x, y), 0)
    png = BytesIO()
    picture.save(png, format="PNG")
    png.seek(0)

    def draw(canvas: Canvas) -> None:
        canvas.drawImage(ImageReader(png), 72, 400, width=450, height=300)

    return _pdf(draw)


def pages_pdf(pages: list[list[tuple[str, float]]], *, body: float = 14, header: str = "") -> bytes:
    """Pages of text lines, each (text, font size), 1.5 lines apart from the top of the body down; `header` is
    drawn on every page at 9 pt in the top margin, as Word does."""

    def draw(canvas: Canvas) -> None:
        for lines in pages:
            if header:
                canvas.setFont(_font(), 9)
                canvas.drawString(72, 800, header)
            y = 740.0
            for text, size in lines:
                canvas.setFont(_font(), size)
                canvas.drawString(72, y, text)
                y -= 1.5 * body
            canvas.showPage()

    return _pdf(draw)


def many_pages_pdf(pages: int) -> bytes:
    def draw(canvas: Canvas) -> None:
        for number in range(pages):
            canvas.setFont(_font(), 14)
            canvas.drawString(72, 760, f"第{number + 1}页的内容，没有别的。")
            canvas.showPage()

    return _pdf(draw)


def long_table_pdf(rows: int) -> bytes:
    """A ruled table of `rows` rows under a header row that reportlab repeats on every page; the first column
    merges rows 1–10 ("甲组")."""
    data = [["分组", "项目", "数量"]] + [
        ["甲组" if i == 0 else "", f"第{i + 1}项", str(i)] for i in range(rows)
    ]
    table = Table(data, repeatRows=1, colWidths=[80, 200, 80])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("FONT", (0, 0), (-1, -1), _font(), 10),
                ("SPAN", (0, 1), (0, 10)),
            ]
        )
    )
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1).build([table])
    return buffer.getvalue()
