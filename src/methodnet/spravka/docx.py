"""Render a note into a DOCX through a real template (docxtpl: python-docx + Jinja2).

The default template ships in ``templates/default.docx`` (built by
``templates/make_default.py``); a profile may name its own (``spravka.template``) — a
municipality's letterhead with the same tags. A broken tag is reported with the
template's file and the paragraph it is in, before anything is written.
"""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path
from typing import Any

from methodnet.errors import require
from methodnet.spravka.errors import SpravkaError
from methodnet.spravka.model import Note

DEFAULT_TEMPLATE = Path(__file__).parent / "templates" / "default.docx"
#: cell shading of the status column (docxtpl ``cellbg``), as in the HTML report
STATUS_FILL = {"met": "E8F5E9", "not_met": "FFEBEE", "in_progress": "FFF8E1", "no_target": "ECEFF1",
               "no_data": "F5F5F5", "unavailable": "F5F5F5"}
IMAGE_WIDTH_CM = 16.0
_TAG = re.compile(r"{{(.*?)}}|{%(.*?)%}", re.DOTALL)
_OPENERS = {"for": "endfor", "if": "endif"}
_DOCXTPL_ONLY = {"cellbg", "colspan", "vm", "hm"}


def _paragraphs(document: Any) -> list[tuple[str, str]]:
    """(where, text) of every paragraph in order: the body (with tables), then headers and footers."""
    from docx.oxml.ns import qn

    def text_of(p: Any) -> str:
        return "".join(t.text or "" for t in p.iter(qn("w:t")))

    out: list[tuple[str, str]] = []
    for n, p in enumerate(document.element.body.iter(qn("w:p")), start=1):
        in_table = next(p.iterancestors(qn("w:tbl")), None) is not None
        out.append((f"абзац {n}" + (" (в таблице)" if in_table else ""), text_of(p)))
    for s, section in enumerate(document.sections, start=1):
        for part_name, part in (("верхний колонтитул", section.header), ("нижний колонтитул", section.footer)):
            for n, p in enumerate(part._element.iter(qn("w:p")), start=1):
                out.append((f"раздел {s}, {part_name}, абзац {n}", text_of(p)))
    return out


def check_template(path: Path) -> None:
    """Raise a located :class:`SpravkaError` for a template whose tags Jinja would not accept."""
    docx = require("docx", "docx")
    jinja2 = require("jinja2", "docx")
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a file that is not a DOCX
        raise SpravkaError("spravka_template_unreadable", f"файл не читается как DOCX ({type(exc).__name__})",
                           where=str(path), hint="сохраните шаблон в Word или LibreOffice как .docx") from None
    env = jinja2.Environment()
    stack: list[tuple[str, str, str]] = []
    for where, text in _paragraphs(document):
        place = f"{path}, {where} («{text[:60]}»)"
        if text.count("{{") != text.count("}}") or text.count("{%") != text.count("%}"):
            raise SpravkaError("spravka_template_tag", "незакрытый тег: скобки {{ }} или {% %} не парные",
                               where=place, hint="каждый тег пишется целиком в одном абзаце: {{ имя }} или {% … %}")
        for expr, block in _TAG.findall(text):
            if expr:
                try:
                    env.parse("{{" + expr + "}}")
                except jinja2.TemplateSyntaxError as exc:
                    raise SpravkaError("spravka_template_tag", f"ошибка в выражении {{{{{expr}}}}}: {exc.message}",
                                       where=place, hint="имя поля латиницей, например {{ title }}") from None
                continue
            words = block.split()
            if words and words[0] in ("p", "tr", "tc", "r"):
                words = words[1:]
            if not words or words[0] in _DOCXTPL_ONLY or words[0] in ("else", "elif", "set"):
                continue
            if words[0] in _OPENERS:
                stack.append((words[0], place, _OPENERS[words[0]]))
            elif words[0] in ("endfor", "endif"):
                if not stack or stack[-1][2] != words[0]:
                    expected = stack[-1][2] if stack else "ничего"
                    raise SpravkaError("spravka_template_tag", f"лишний или не тот закрывающий тег {{% {words[0]} %}}",
                                       where=place, hint=f"ожидался {{% {expected} %}}")
                stack.pop()
            else:
                raise SpravkaError("spravka_template_tag", f"неизвестный тег {{% {words[0]} %}}", where=place,
                                   hint="теги шаблона: for, if, else, endfor, endif, cellbg (с префиксами p, tr, tc)")
    if stack:
        kind, place, closer = stack[-1]
        raise SpravkaError("spravka_template_tag", f"тег {{% {kind} %}} не закрыт", where=place,
                           hint=f"добавьте {{% {closer} %}} (или {{%p {closer} %}}) ниже")


def _context(note: Note, template: Any) -> dict[str, Any]:
    from docx.shared import Cm
    from docxtpl import InlineImage

    from methodnet.spravka.charts import render_chart

    context = dataclasses.asdict(note)
    figure = 0
    for section, data in zip(note.sections, context["sections"]):
        for row in data["rows"]:
            row["colour"] = STATUS_FILL.get(row["status_code"], "FFFFFF")
        data["image"] = None
        if section.chart is not None:
            figure += 1
            png = render_chart(section.chart)
            data["image"] = InlineImage(template, io.BytesIO(png), width=Cm(IMAGE_WIDTH_CM))
            data["figure"] = figure
    context["summary_image"] = None
    if note.dynamics_chart is not None:
        figure += 1
        context["summary_image"] = InlineImage(template, io.BytesIO(render_chart(note.dynamics_chart)),
                                               width=Cm(IMAGE_WIDTH_CM))
        context["summary_figure"] = figure
    first = 7 if note.by_organization else 6
    context.update(n_conclusions=first, n_recommendations=first + 1, n_measures=first + 2,
                   passport_number=2 if note.appendix else 1)
    return context


def render_docx(note: Note, out: Path, template: Path | None = None) -> Path:
    """Write ``note`` into ``out`` through ``template`` (the default one when None)."""
    require("docxtpl", "docx")
    jinja2 = require("jinja2", "docx")
    from docxtpl import DocxTemplate

    path = Path(template) if template is not None else DEFAULT_TEMPLATE
    if not path.is_file():
        raise SpravkaError("spravka_template_missing", "файл шаблона не найден", where=str(path),
                           hint="укажите путь к .docx (--template или spravka.template в профиле)")
    check_template(path)
    tpl = DocxTemplate(str(path))
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    try:
        tpl.render(_context(note, tpl), jinja_env=env, autoescape=True)
    except jinja2.UndefinedError as exc:
        name = re.search(r"'([^']+)'", str(exc))
        where = _find(path, name.group(1)) if name else str(path)
        raise SpravkaError("spravka_template_field", f"в шаблоне неизвестное поле: {exc}", where=where,
                           hint="поля справки перечислены в docs/spravka.md") from None
    except jinja2.TemplateError as exc:
        raise SpravkaError("spravka_template_tag", f"шаблон не разбирается: {exc}", where=str(path)) from None
    _fix_column_loops(tpl.docx)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tpl.save(str(out))
    return out


def _fix_column_loops(document: Any) -> None:
    """Rebuild the grid of a table whose columns a ``{%tc for %}`` loop multiplied.

    Word and LibreOffice lay a table out by its ``w:tblGrid``; docxtpl copies cells but
    leaves the grid as the template had it, so the copies fall into the loop's narrow
    placeholder columns. The new grid takes each cell's own width (``w:tcW``), scaled
    down to the text width of the page when it would be wider.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for table in document.tables:
        tbl = table._tbl
        grid = tbl.tblGrid
        cols = grid.findall(qn("w:gridCol"))
        first = tbl.find(qn("w:tr"))
        if first is None:
            continue
        cells = first.findall(qn("w:tc"))
        widths = []
        for tc in cells:
            tcw = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
            widths.append(int(tcw.get(qn("w:w"))) if tcw is not None and tcw.get(qn("w:w"), "").isdigit() else 0)
        grid_widths = [int(c.get(qn("w:w"), "0")) for c in cols]
        if len(cells) == len(cols) and all(abs(w - g) <= 0.05 * max(g, 1) for w, g in zip(widths, grid_widths) if w):
            continue  # the grid already matches the cells
        section = document.sections[0]
        text_width = int((section.page_width - section.left_margin - section.right_margin) / 635)  # EMU → twips
        total = max(sum(grid_widths), text_width)
        known = [w for w in widths if w]
        fill = (total - sum(known)) // max(1, len(widths) - len(known)) if len(known) < len(widths) else 0
        widths = [w or max(fill, 300) for w in widths]
        scale = min(1.0, total / sum(widths)) if sum(widths) else 1.0
        for col in cols:
            grid.remove(col)
        for width in widths:
            col = OxmlElement("w:gridCol")
            col.set(qn("w:w"), str(int(width * scale)))
            grid.append(col)


def _find(path: Path, name: str) -> str:
    """The first paragraph of the template that mentions ``name`` (to locate an unknown field)."""
    import docx

    for where, text in _paragraphs(docx.Document(str(path))):
        if re.search(rf"\b{re.escape(name)}\b", text):
            return f"{path}, {where} («{text[:60]}»)"
    return str(path)
