"""Writing annual reports: one renderer per format, each `render(report, *, findings=()) -> bytes`.

Renderers read labels, rows, columns and cell ids only from the template declaration; a None cell is written
blank, never as 0. Callers use `gongkai.core.report.io.render(report, fmt)`, which picks the renderer.
"""
