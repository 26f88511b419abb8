"""Reading annual reports: one reader per format turns its file into blocks; `assemble` turns blocks into a Report.

Each `<fmt>_reader.py` exposes `read(data: bytes) -> ParseResult`. Readers only extract `Paragraph`s and `Grid`s
(`blocks.py`) in reading order; `assemble.assemble(blocks, fmt=…)` finds the template, year, agency, sections and
cells for every format alike. The JSON reader is the exception: our own JSON names cells by id and needs no
assembly. Callers use `gongkai.core.report.io.parse_file` / `parse_bytes`, which pick the reader.
"""
