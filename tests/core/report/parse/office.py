"""What the tests of the readers of older office formats (.doc, RTF, Word 2003 XML, .xls) share, and the fixture
script (scripts/make_office_fixtures.py) builds its files from: blocks as plain values, the checks of the
`huaian-messy` document, and an agency's own workbook made from our rendered one."""

from __future__ import annotations

from openpyxl import Workbook

from gongkai.core.report.parse.blocks import Block, Grid, Paragraph

__all__ = ["assert_messy_huaian", "make_foreign_workbook", "shape"]


def shape(blocks: list[Block]) -> list[object]:
    """Blocks as plain values: a paragraph's text; a grid's rows of (text, spanned)."""
    return [
        block.text
        if isinstance(block, Paragraph)
        else [[(c.text, c.spanned) for c in row] for row in block.rows]
        for block in blocks
    ]


def assert_messy_huaian(blocks: list[Block]) -> None:
    """The Huai'an report with a HYPERLINK field in a heading, a line break and a page break in a paragraph,
    and a layout table holding another table, as any Word-like reader must read it."""
    texts = [block.text for block in blocks if isinstance(block, Paragraph)]
    # A field's result is text, its code is not.
    assert "一、总体情况（详见淮安市人民政府网站）" in texts
    assert not any("HYPERLINK" in text for text in texts)
    # A manual line break ends a paragraph; the page break leaves no character behind.
    assert "（续）" in texts
    # The layout table's own cell is a paragraph; the table inside it is a grid of its own.
    assert "附注" in texts
    grids = [block for block in blocks if isinstance(block, Grid)]
    assert [[cell.text for cell in row] for row in grids[0].rows] == [["甲", "乙"], ["1", "2"]]
    assert len(grids) == 4


def make_foreign_workbook(book: Workbook) -> None:
    """Our rendered Wuzhong workbook made an agency's own: no 报告 or cells sheet, the narrative typed on sheets
    before the tables (五 and 六 before the sheets of 二, 三 and 四), numbers as floats."""
    del book["报告"]
    del book["cells"]
    cover = book.create_sheet("封面", 0)
    cover["A1"] = "吴忠市审批服务管理局2021年政府信息公开工作年度报告"
    cover.merge_cells("A1:F1")
    cover["A3"] = "一、总体情况"
    cover["A4"] = "2021年，我局认真落实《条例》。"
    closing = book.create_sheet("五六", 1)
    closing["A1"] = "五、存在的主要问题及改进情况"
    closing["A2"] = "宣传力度不够。"
    closing["A3"] = "六、其他需要报告的事项"
    closing["A4"] = "无。"
    for sheet in book.worksheets[2:]:
        for row in sheet.iter_rows():
            for cell in row:
                if type(cell.value) is int:
                    cell.value = float(cell.value)
