"""The raw material of a PDF page: its characters with their boxes, its ruling lines, whether it holds images.

Extraction goes through PDFium (pypdfium2, installed with pdfplumber): it is compiled code and reads a six-page
report in a few milliseconds, where pdfminer's pure-Python content-stream parser needs half a second. The table
geometry built on these ruling lines reuses pdfplumber's edge-merging and cell-finding algorithm
(`pdf_tables.py`).

Coordinates are PDF points with the origin at the TOP-left of the page (`top` grows downwards), like pdfplumber.

Only real characters are kept. PDFium also synthesises spaces where it sees a gap (Word's automatic spacing
between Chinese and Latin text, justified lines); those are dropped, except between two Latin letters or digits
where a gap really is a word space in a PDF written without space glyphs (`Char.space_before`).
"""

from __future__ import annotations

import ctypes
import itertools
import threading
import time
from dataclasses import dataclass

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

from gongkai.core.errors import UnreadableReportError

__all__ = ["Char", "Edge", "PageContent", "read_pages"]

# PDFium is not thread-safe; the web layer may read reports from several threads.
_PDFIUM_LOCK = threading.Lock()

# A line thinner than this (as a filled rectangle) is a ruling line, thicker it is shading.
_MAX_RULE_THICKNESS = 2.5
# Ink lighter than this on every channel is invisible on white paper.
_WHITE = 235
# Beyond these counts a page is not a report page (a vector map, a text dump): the rest of it is not read.
_MAX_CHARS_PER_PAGE = 30_000
_MAX_PATH_SEGMENTS_PER_PAGE = 40_000


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    # A word space PDFium saw (as a gap) just before this character, between two Latin letters/digits.
    space_before: bool = False

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True, slots=True)
class Edge:
    """A horizontal ("h") or vertical ("v") ruling line, as pdfplumber's table finder expects it."""

    orientation: str
    x0: float
    top: float
    x1: float
    bottom: float

    def as_pdfplumber(self) -> dict[str, object]:
        return {
            "object_type": "line",
            "orientation": self.orientation,
            "x0": self.x0,
            "x1": self.x1,
            "top": self.top,
            "bottom": self.bottom,
            "width": self.x1 - self.x0,
            "height": self.bottom - self.top,
        }


@dataclass(frozen=True)
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    chars: tuple[Char, ...]
    edges: tuple[Edge, ...]
    has_images: bool
    unmapped_chars: int  # characters whose font has no Unicode mapping (text that cannot be read)


def read_pages(data: bytes, *, max_pages: int, seconds_per_page: float) -> list[PageContent]:
    """Every page's content. Raises UnreadableReportError for encrypted, damaged, oversized or too slow documents."""
    with _PDFIUM_LOCK:
        return _read_all(data, max_pages=max_pages, seconds_per_page=seconds_per_page)


def _read_all(data: bytes, *, max_pages: int, seconds_per_page: float) -> list[PageContent]:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise _open_error(error) from None
    try:
        count = len(document)
        if count == 0:
            raise UnreadableReportError("这个 PDF 文件没有任何页面。")
        if count > max_pages:
            raise UnreadableReportError(
                f"这个 PDF 有 {count} 页，超过了 {max_pages} 页的上限，不像是一份政府信息公开工作年度报告。"
            )
        pages = []
        started = time.monotonic()
        for index in range(count):
            pages.append(_read_page(document, index))
            if time.monotonic() - started > seconds_per_page * (index + 1):
                raise UnreadableReportError(
                    f"读取这个 PDF 用时过长（到第 {index + 1} 页已超过时限），文件可能异常，已停止读取。"
                )
        return pages
    finally:
        document.close()


def _open_error(error: Exception) -> UnreadableReportError:
    code = getattr(error, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return UnreadableReportError("这个 PDF 文件已加密，需要密码才能打开。请提供未加密的文件。")
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return UnreadableReportError("这个 PDF 文件使用了不支持的加密方式，无法打开。请提供未加密的文件。")
    return UnreadableReportError("无法打开这个 PDF 文件：文件已损坏或不是有效的 PDF。")


def _read_page(document: object, index: int) -> PageContent:
    try:
        page = document.get_page(index)  # type: ignore[attr-defined]
    except pdfium.PdfiumError:
        raise UnreadableReportError(f"PDF 第 {index + 1} 页已损坏，无法读取。") from None
    try:
        left, _bottom, _right, top = page.get_mediabox()
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            chars, unmapped = _read_chars(textpage.raw, left=left, top=top)
        finally:
            textpage.close()
        edges, has_images = _read_graphics(page.raw, left=left, top=top)
        return PageContent(
            number=index + 1,
            width=float(width),
            height=float(height),
            chars=tuple(chars),
            edges=tuple(edges),
            has_images=has_images,
            unmapped_chars=unmapped,
        )
    finally:
        page.close()


def _is_word_char(code: int) -> bool:
    return code < 128 and chr(code).isalnum()


def _read_chars(textpage: object, *, left: float, top: float) -> tuple[list[Char], int]:
    count = min(pdfium_c.FPDFText_CountChars(textpage), _MAX_CHARS_PER_PAGE)
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    get_unicode = pdfium_c.FPDFText_GetUnicode
    is_generated = pdfium_c.FPDFText_IsGenerated
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    map_error = pdfium_c.FPDFText_HasUnicodeMapError
    chars: list[Char] = []
    unmapped = 0
    pending_space = False
    previous_code = 0
    index = 0
    while index < count:
        code = get_unicode(textpage, index)
        if is_generated(textpage, index):
            # A synthesised space (a gap) or line break: only a gap between Latin words is kept, as a flag.
            pending_space = code == 0x20 and _is_word_char(previous_code)
            index += 1
            continue
        if 0xD800 <= code < 0xDC00 and index + 1 < count:
            low = get_unicode(textpage, index + 1)
            if 0xDC00 <= low < 0xE000:
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                index += 1
        if map_error(textpage, index):
            unmapped += 1
        if code == 0x02:  # PDFium reports a hyphen ending a line as this "soft hyphen" mark
            code = 0x2D
        if code in (0, 0xFFFE, 0xFFFF) or code == 0x0D or code == 0x0A or code == 0xFEFF:
            index += 1
            continue
        if not get_box(textpage, index, rect_ref):
            index += 1
            continue
        x0, x1 = rect.left - left, rect.right - left
        y_top, y_bottom = top - rect.top, top - rect.bottom
        if y_bottom <= y_top:  # a degenerate box (zero-size font): invisible text
            index += 1
            continue
        chars.append(
            Char(
                text=chr(code),
                x0=x0,
                x1=x1,
                top=y_top,
                bottom=y_bottom,
                space_before=pending_space and _is_word_char(code),
            )
        )
        pending_space = False
        previous_code = code
        index += 1
    return _drop_overprints(chars), unmapped


def _drop_overprints(chars: list[Char]) -> list[Char]:
    """Fake bold draws each character twice, a hair apart: keep one copy."""
    kept: list[Char] = []
    seen: set[tuple[str, int, int]] = set()
    for char in chars:
        # Two grids, whole and rounded points: twins less than half a point apart share a cell in one of them.
        floor = (char.text, int(char.x0), int(char.top))
        near = (char.text, round(char.x0) + 100_000, round(char.top))
        if floor in seen or near in seen:
            continue
        seen.add(floor)
        seen.add(near)
        kept.append(char)
    return kept


_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(inner: _Matrix, outer: _Matrix) -> _Matrix:
    a, b, c, d, e, f = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _object_matrix(obj: object) -> _Matrix:
    matrix = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
        return _IDENTITY
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


def _read_graphics(page: object, *, left: float, top: float) -> tuple[list[Edge], bool]:
    edges: list[Edge] = []
    state = {"segments": 0, "images": 0}

    def visit(count: int, get: object, parent: _Matrix, depth: int) -> None:
        for i in range(count):
            obj = get(i)  # type: ignore[operator]
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                state["images"] += 1
            elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                if state["segments"] < _MAX_PATH_SEGMENTS_PER_PAGE:
                    state["segments"] += _path_edges(obj, parent, edges, left=left, top=top)
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 4:
                form_matrix = _compose(_object_matrix(obj), parent)
                visit(
                    pdfium_c.FPDFFormObj_CountObjects(obj),
                    lambda k, form=obj: pdfium_c.FPDFFormObj_GetObject(form, k),
                    form_matrix,
                    depth + 1,
                )

    visit(
        pdfium_c.FPDFPage_CountObjects(page),
        lambda k: pdfium_c.FPDFPage_GetObject(page, k),
        _IDENTITY,
        0,
    )
    return edges, state["images"] > 0


def _visible(get_color: object, obj: object) -> bool:
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not get_color(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):  # type: ignore[operator]
        return True
    if a.value == 0:
        return False
    return not (r.value > _WHITE and g.value > _WHITE and b.value > _WHITE)


def _path_edges(obj: object, parent: _Matrix, edges: list[Edge], *, left: float, top: float) -> int:
    """Append the ruling lines drawn by one path object; return how many segments it had."""
    fill_mode = ctypes.c_int()
    stroke = ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke)):
        return 0
    stroked = bool(stroke.value) and _visible(pdfium_c.FPDFPageObj_GetStrokeColor, obj)
    filled = fill_mode.value != pdfium_c.FPDF_FILLMODE_NONE and _visible(
        pdfium_c.FPDFPageObj_GetFillColor, obj
    )
    if not stroked and not filled:
        return 0
    matrix = _compose(_object_matrix(obj), parent)
    count = int(pdfium_c.FPDFPath_CountSegments(obj))
    if count <= 0:
        return 0
    x = ctypes.c_float()
    y = ctypes.c_float()
    points: list[tuple[float, float]] = []
    subpaths: list[list[tuple[float, float]]] = []
    a, b, c, d, e, f = matrix
    for i in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not segment or not pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
            continue
        px = a * x.value + c * y.value + e - left
        py = top - (b * x.value + d * y.value + f)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if len(points) > 1:
                subpaths.append(points)
            points = [(px, py)]
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
            points.append((px, py))
        else:  # a curve: not a ruling line; break the polyline here
            if len(points) > 1:
                subpaths.append(points)
            points = [(px, py)]
            continue
        if pdfium_c.FPDFPathSegment_GetClose(segment) and points:
            points.append(points[0])
    if len(points) > 1:
        subpaths.append(points)
    for polyline in subpaths:
        if stroked:
            for (x1, y1), (x2, y2) in itertools.pairwise(polyline):
                _add_segment(edges, x1, y1, x2, y2)
        else:
            _add_thin_fill(edges, polyline)
    return count


def _add_segment(edges: list[Edge], x1: float, y1: float, x2: float, y2: float) -> None:
    if abs(y1 - y2) < 0.5 and abs(x1 - x2) >= 1.0:
        y = (y1 + y2) / 2
        edges.append(Edge("h", min(x1, x2), y, max(x1, x2), y))
    elif abs(x1 - x2) < 0.5 and abs(y1 - y2) >= 1.0:
        xm = (x1 + x2) / 2
        edges.append(Edge("v", xm, min(y1, y2), xm, max(y1, y2)))


def _add_thin_fill(edges: list[Edge], polyline: list[tuple[float, float]]) -> None:
    """A filled, thin rectangle is a ruling line drawn as a bar (a common way to draw table borders)."""
    xs = [p[0] for p in polyline]
    ys = [p[1] for p in polyline]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    w, h = x1 - x0, y1 - y0
    if h <= _MAX_RULE_THICKNESS and w > h and w >= 1.0:
        edges.append(Edge("h", x0, (y0 + y1) / 2, x1, (y0 + y1) / 2))
    elif w <= _MAX_RULE_THICKNESS and h > w and h >= 1.0:
        edges.append(Edge("v", (x0 + x1) / 2, y0, (x0 + x1) / 2, y1))
