"""A small document model shared by the exports: headings, paragraphs, bullet lists and tables.

Builders (matrix, handbook, quiz) produce an ``ExportDoc``; the writers in ``kb.export.writers`` render it
as Markdown, HTML, DOCX or (tables only) CSV. Nothing here knows about policy content.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Heading:
    text: str
    level: int = 1  # 1 = section, 2 = subsection, 3 = sub-subsection (the title is separate)
    anchor: str = ""


@dataclass
class Paragraph:
    text: str
    note: bool = False  # a source note ("依据：…") rendered smaller / in italics
    strong: str = ""  # optional bold lead-in before the text


@dataclass
class BulletList:
    items: list[str]
    ordered: bool = False


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    caption: str = ""


Block = Heading | Paragraph | BulletList | Table


@dataclass
class ExportDoc:
    title: str
    subtitle: str = ""
    meta: list[str] = field(default_factory=list)  # lines under the title: sources, generation note
    blocks: list[Block] = field(default_factory=list)
    flat_table: Table | None = None  # the table a CSV export writes (None: no CSV for this export)

    def heading(self, text: str, level: int = 1, anchor: str = "") -> None:
        self.blocks.append(Heading(text, level, anchor))

    def para(self, text: str, note: bool = False, strong: str = "") -> None:
        self.blocks.append(Paragraph(text, note, strong))

    def bullets(self, items: list[str], ordered: bool = False) -> None:
        if items:
            self.blocks.append(BulletList(items, ordered))

    def table(self, headers: list[str], rows: list[list[str]], caption: str = "") -> None:
        self.blocks.append(Table(headers, rows, caption))

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def text(self) -> str:
        """All visible text, for tests and search."""
        parts = [self.title, self.subtitle, *self.meta]
        for block in self.blocks:
            if isinstance(block, Heading):
                parts.append(block.text)
            elif isinstance(block, Paragraph):
                parts.append(block.strong + block.text)
            elif isinstance(block, BulletList):
                parts.extend(block.items)
            else:
                parts.append(block.caption)
                parts.extend(block.headers)
                parts.extend(cell for row in block.rows for cell in row)
        return "\n".join(p for p in parts if p)
