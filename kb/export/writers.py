"""Render an ``ExportDoc`` as Markdown, HTML, DOCX or CSV, and write files atomically.

Text formats return ``str``; DOCX returns ``bytes``. CSV carries the UTF-8 BOM so that Excel shows Chinese.
"""

from __future__ import annotations

import csv
import html
import io
import os
import tempfile
import zipfile
from pathlib import Path

from kb.export.document import BulletList, ExportDoc, Heading, Paragraph, Table
from kb.messages import msg

CJK_FONTS = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", sans-serif'
)
DOCX_EAST_ASIAN_FONT = "SimSun"  # Word/LibreOffice substitute an installed CJK font when missing
TEXT_FORMATS = {"md", "html", "csv", "json", "ttl", "nt", "jsonld", "svg", "dot"}
BINARY_FORMATS = {"docx", "png"}


# ---------------------------------------------------------------- Markdown
def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def to_markdown(doc: ExportDoc) -> str:
    out = [f"# {doc.title}", ""]
    if doc.subtitle:
        out += [f"**{doc.subtitle}**", ""]
    for line in doc.meta:
        out += [f"> {line}", ">"]
    if doc.meta:
        out[-1] = ""
    for block in doc.blocks:
        if isinstance(block, Heading):
            out += [f"{'#' * (block.level + 1)} {block.text}", ""]
        elif isinstance(block, Paragraph):
            # a space after the closing ** keeps it right-flanking (CommonMark) when it follows CJK punctuation
            text = f"**{block.strong.strip()}** {block.text}" if block.strong else block.text
            out += [f"*{text}*" if block.note and not block.strong else text, ""]
        elif isinstance(block, BulletList):
            out += [f"{i}. {item}" if block.ordered else f"- {item}" for i, item in enumerate(block.items, 1)]
            out.append("")
        else:
            if block.caption:
                out += [f"*{block.caption}*", ""]
            out.append("| " + " | ".join(_md_cell(h) for h in block.headers) + " |")
            out.append("|" + "---|" * len(block.headers))
            out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block.rows]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


# ---------------------------------------------------------------- HTML
_CSS = f"""
body {{ font-family: {CJK_FONTS}; max-width: 70em; margin: 2em auto; padding: 0 1em; line-height: 1.6; color: #222; }}
h1 {{ border-bottom: 2px solid #a33; padding-bottom: .3em; }}
h2 {{ border-bottom: 1px solid #ccc; margin-top: 2em; }}
table {{ border-collapse: collapse; width: 100%; margin: .5em 0 1.5em; font-size: .95em; }}
th, td {{ border: 1px solid #bbb; padding: .3em .5em; vertical-align: top; text-align: left; }}
th {{ background: #f3ecec; }}
.meta {{ color: #555; margin: .2em 0; }}
.note {{ color: #666; font-size: .9em; }}
caption {{ text-align: left; color: #555; padding: .3em 0; }}
@media print {{ body {{ max-width: none; }} h2 {{ page-break-after: avoid; }} }}
"""


def to_html(doc: ExportDoc) -> str:
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(doc.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{e(doc.title)}</h1>",
    ]
    if doc.subtitle:
        out.append(f'<p class="subtitle"><strong>{e(doc.subtitle)}</strong></p>')
    out += [f'<p class="meta">{e(line)}</p>' for line in doc.meta]
    for block in doc.blocks:
        if isinstance(block, Heading):
            tag = f"h{min(block.level + 1, 6)}"
            anchor = f' id="{e(block.anchor)}"' if block.anchor else ""
            out.append(f"<{tag}{anchor}>{e(block.text)}</{tag}>")
        elif isinstance(block, Paragraph):
            strong = f"<strong>{e(block.strong)}</strong>" if block.strong else ""
            cls = ' class="note"' if block.note else ""
            out.append(f"<p{cls}>{strong}{e(block.text)}</p>")
        elif isinstance(block, BulletList):
            tag = "ol" if block.ordered else "ul"
            out.append(f"<{tag}>" + "".join(f"<li>{e(i)}</li>" for i in block.items) + f"</{tag}>")
        else:
            out.append("<table>")
            if block.caption:
                out.append(f"<caption>{e(block.caption)}</caption>")
            out.append("<thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in block.headers) + "</tr></thead>")
            out.append("<tbody>")
            for row in block.rows:
                cells = "".join(f"<td>{e(c).replace(chr(10), '<br>')}</td>" for c in row)
                out.append(f"<tr>{cells}</tr>")
            out.append("</tbody></table>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


# ---------------------------------------------------------------- DOCX
def _set_east_asian_font(style: object, name: str) -> None:
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def to_docx(doc: ExportDoc) -> bytes:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    for style_name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        _set_east_asian_font(document.styles[style_name], DOCX_EAST_ASIAN_FONT)
    document.styles["Normal"].font.size = Pt(10.5)
    document.core_properties.title = doc.title
    document.core_properties.language = "zh-CN"
    document.add_heading(doc.title, level=0)
    if doc.subtitle:
        document.add_paragraph(doc.subtitle, style="Subtitle")
    for line in doc.meta:
        document.add_paragraph(line).runs[0].italic = True
    for block in doc.blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=min(block.level, 4))
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph()
            if block.strong:
                paragraph.add_run(block.strong).bold = True
            run = paragraph.add_run(block.text)
            if block.note:
                run.italic = True
                run.font.size = Pt(9)
        elif isinstance(block, BulletList):
            style = "List Number" if block.ordered else "List Bullet"
            for item in block.items:
                document.add_paragraph(item, style=style)
        else:
            if block.caption:
                document.add_paragraph(block.caption, style="Caption")
            table = document.add_table(rows=1, cols=len(block.headers))
            table.style = "Table Grid"
            for cell, header in zip(table.rows[0].cells, block.headers, strict=True):
                cell.text = header
                cell.paragraphs[0].runs[0].bold = True
            for row in block.rows:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = value
    document.core_properties.author = document.core_properties.last_modified_by = "policykb"
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """The same archive with fixed member timestamps, so that equal content gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


# ---------------------------------------------------------------- CSV
def table_to_csv(table: Table) -> str:
    """CSV text starting with the UTF-8 BOM (written as U+FEFF, encoded by ``write_output``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.headers)
    writer.writerows(table.rows)
    return "\ufeff" + buffer.getvalue()


def render(doc: ExportDoc, fmt: str) -> str | bytes:
    if fmt == "md":
        return to_markdown(doc)
    if fmt == "html":
        return to_html(doc)
    if fmt == "docx":
        return to_docx(doc)
    if fmt == "csv":
        if doc.flat_table is None:
            raise ValueError(msg("export.no_table"))
        return table_to_csv(doc.flat_table)
    raise ValueError(msg("export.unsupported_format", fmt=fmt))


# ---------------------------------------------------------------- files
def write_atomic(path: Path, content: str | bytes) -> Path:
    """Write to a temporary file in the target folder, then rename: never a half-written file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; give the file the usual permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
