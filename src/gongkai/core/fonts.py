"""Finding a CJK TrueType font to embed in generated PDFs (reports, notices).

reportlab embeds TrueType outlines only (not the CFF outlines of Noto CJK), so the candidates are TrueType
collections from Debian packages: AR PL UMing (a Ming/Song face, closest to the 宋体 of official documents) and
WenQuanYi Micro Hei. A deployment may name another font file; callers pass it in (the CLI and web layer read
the GONGKAI_CJK_FONT environment variable), the core never reads the environment.
"""

from __future__ import annotations

from pathlib import Path

from gongkai.core.errors import FontMissingError

__all__ = ["CJK_FONT_CANDIDATES", "FontMissingError", "find_cjk_font"]

CJK_FONT_CANDIDATES: tuple[Path, ...] = (
    Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
)


def find_cjk_font(preferred: str | Path | None = None) -> Path:
    """The font file to embed: `preferred` if given (it must exist), else the first installed candidate."""
    if preferred:
        path = Path(preferred)
        if not path.is_file():
            raise FontMissingError(f"找不到指定的中文字体文件：{path}。", path=str(path))
        return path
    for candidate in CJK_FONT_CANDIDATES:
        if candidate.is_file():
            return candidate
    raise FontMissingError(
        "没有找到可嵌入 PDF 的中文 TrueType 字体。请安装 fonts-arphic-uming 或 fonts-wqy-microhei"
        "（运行 make install），或用 GONGKAI_CJK_FONT 指定字体文件。"
    )
