"""A flowing page document: headings, tables, charts and paragraphs that paginate.

Tables that do not fit continue on the next page under a repeated header row. Every page gets
the document header and a footer «صفحه n از N» in Persian digits: pagination runs twice, first
to count pages (nothing painted), then to paint.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pishkhan.printing import fmt
from pishkhan.printing.canvas import Align, Canvas, Column
from pishkhan.printing.model import DocKind, PageSize
from pishkhan.printing.render import Pages

ROW_PT = 8.0
HEAD_PT = 8.0


@dataclass(frozen=True, slots=True)
class Heading:
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    size_pt: float = 9.0


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[Column, ...]
    rows: Sequence[Sequence[str]]
    total: Sequence[str] | None = None
    empty_text: str = "موردی ثبت نشده است."


@dataclass(frozen=True, slots=True)
class Chart:
    height_mm: float
    draw: Callable[[Canvas, float, float, float, float], None]


Block = Heading | Paragraph | Table | Chart


@dataclass(slots=True)
class FlowDocument:
    """A document made of blocks, with a header repeated on every page."""

    title: str
    header_lines: tuple[str, ...]
    blocks: list[Block] = field(default_factory=list)
    footer_note: str = ""
    page: PageSize = PageSize.A4
    kind: DocKind = DocKind.PAGE
    #: Paint a page's rows with one multi-line ``drawText`` per column (fast); ``False`` paints
    #: cell by cell (the benchmark's baseline).
    block_rows: bool = True

    def paint(self, pages: Pages) -> float:
        total = self._run(pages, 0)
        pages.expected = total
        self._run(pages, total)
        return pages.canvas.bottom

    # -- one pass -------------------------------------------------------------------------------
    def _run(self, pages: Pages, total: int) -> int:
        """Lay out every block; paints only when ``total`` (the page count) is known."""
        paint = total > 0
        c = pages.canvas
        page_no = 1
        row_h = c.line_pitch(ROW_PT)
        footer_h = c.line_height(7.5) + 2
        bottom = c.bottom - footer_h
        y = self._page_top(c, page_no, total, paint)

        def next_page() -> float:
            nonlocal page_no
            if paint:
                pages.new_page()
            page_no += 1
            return self._page_top(c, page_no, total, paint)

        for block in self.blocks:
            if isinstance(block, Heading):
                h = c.line_height(10, True) + 2
                if y + h + 2 * row_h > bottom:  # keep a heading with its first rows
                    y = next_page()
                if paint:
                    c.text(c.left, y + 1, c.width, h - 1, block.text, 10, bold=True)
                y += h
            elif isinstance(block, Paragraph):
                h = c.line_height(block.size_pt) + 1
                if y + h > bottom:
                    y = next_page()
                if paint:
                    c.text(c.left, y, c.width, h, block.text, block.size_pt)
                y += h
            elif isinstance(block, Chart):
                if y + block.height_mm > bottom:
                    y = next_page()
                if paint:
                    block.draw(c, c.left, y + 1, c.width, block.height_mm - 2)
                y += block.height_mm
            else:
                y = self._table(c, block, y, row_h, bottom, next_page, paint)
        return page_no

    def _table(
        self,
        c: Canvas,
        table: Table,
        y: float,
        row_h: float,
        bottom: float,
        next_page: Callable[[], float],
        paint: bool,
    ) -> float:
        edges = c.column_edges(table.columns)
        titles = [col.title for col in table.columns]
        if not table.rows:
            if paint:
                c.text(c.left, y, c.width, row_h, table.empty_text, ROW_PT)
            return y + row_h + 2
        if paint:
            c.table_row(
                y, table.columns, titles, row_h, HEAD_PT, bold=True, shade=True, edges=edges
            )
        y += row_h
        chunk: list[Sequence[str]] = []
        for cells in table.rows:
            if y + row_h > bottom:
                if paint:
                    self._rows(c, table, chunk, y - row_h * len(chunk), row_h, edges)
                chunk = []
                y = next_page()
                if paint:
                    c.table_row(
                        y, table.columns, titles, row_h, HEAD_PT, bold=True, shade=True, edges=edges
                    )
                y += row_h
            chunk.append(cells)
            y += row_h
        if paint:
            self._rows(c, table, chunk, y - row_h * len(chunk), row_h, edges)
        if table.total is not None:
            if y + row_h > bottom:
                y = next_page()
                if paint:
                    c.table_row(
                        y, table.columns, titles, row_h, HEAD_PT, bold=True, shade=True, edges=edges
                    )
                y += row_h
            if paint:
                c.table_row(y, table.columns, table.total, row_h, ROW_PT, bold=True, edges=edges)
            y += row_h
        return y + 3

    def _rows(
        self,
        c: Canvas,
        table: Table,
        rows: Sequence[Sequence[str]],
        y: float,
        row_h: float,
        edges: list[tuple[float, float]],
    ) -> None:
        if self.block_rows:
            c.table_block(y, table.columns, rows, row_h, ROW_PT, edges=edges)
            return
        for cells in rows:
            y = c.table_row(y, table.columns, cells, row_h, ROW_PT, edges=edges)

    def _page_top(self, c: Canvas, page_no: int, total: int, paint: bool) -> float:
        y = c.top
        for i, line in enumerate(self.header_lines):
            size, bold = (12.0, True) if i == 0 else (9.0, i == 1)
            h = c.line_height(size, bold)
            if paint:
                c.text(c.left, y, c.width, h, line, size, bold=bold)
            y += h
        if paint:
            c.hline(y + 1, w=0.4)
            fh = c.line_height(7.5) + 1
            fy = c.bottom - fh
            c.hline(fy - 0.5, w=0.1)
            number = f"صفحه {fmt.digits(page_no)} از {fmt.digits(total)}"
            c.text(c.left, fy, c.width, fh, number, 7.5)
            if self.footer_note:
                c.text(c.left, fy, c.width / 2, fh, self.footer_note, 7.5, align=Align.LEFT)
        return y + 3
