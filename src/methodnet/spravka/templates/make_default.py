"""Build the default DOCX template of the analytical note (``default.docx`` beside this file).

Run ``python -m methodnet.spravka.templates.make_default`` after changing the layout; the
result is committed so the package needs no build step. The layout follows ГОСТ Р
7.0.97-2025 for an internal document: the organization's name, the kind of document
(«АНАЛИТИЧЕСКАЯ СПРАВКА»), date and number, place, the heading to the text (required
by the 2025 edition), Times New Roman 14 (tables 12), A4 with 30/15/20/20 mm margins,
page numbers centred in the top margin from the second page, a signature block.
A municipality copies this file, puts its letterhead on it and names it in its profile
(``spravka.template``); the Jinja tags (docxtpl) must stay each inside one run.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
HERE = Path(__file__).parent
RESULT_HEADERS = ("№", "Показатель", "Ед.", "Цель", "Факт", "Откл.", "Статус", "Ранее", "Изм.")
RESULT_FIELDS = ("number", "name", "cells.unit", "cells.target", "cells.fact", "cells.deviation", "status",
                 "cells.previous", "cells.change")
RESULT_WIDTHS = (0.7, 4.8, 1.1, 1.5, 1.5, 1.7, 2.2, 1.5, 1.5)


def _fonts(style_or_run: object, size: float, bold: bool | None = None) -> None:
    font = style_or_run.font  # type: ignore[attr-defined]
    font.name = FONT
    font.size = Pt(size)
    font.color.rgb = RGBColor(0, 0, 0)
    if bold is not None:
        font.bold = bold
    element = style_or_run.element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):  # theme fonts win otherwise
        fonts.attrib.pop(qn(attr), None)


def _styles(doc: DocxDocument) -> None:
    normal = doc.styles["Normal"]
    _fonts(normal, 14)
    fmt = normal.paragraph_format
    fmt.first_line_indent = Cm(1.25)
    fmt.space_after = Pt(0)
    fmt.space_before = Pt(0)
    fmt.line_spacing = 1.0
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.widow_control = True
    for name, size in (("Heading 1", 14), ("Heading 2", 14)):
        style = doc.styles[name]
        _fonts(style, size, bold=True)
        style.font.italic = False
        pf = style.paragraph_format
        pf.space_before = Pt(12)
        pf.space_after = Pt(6)
        pf.first_line_indent = Cm(0)
        pf.keep_with_next = True
        pf.alignment = WD_ALIGN_PARAGRAPH.LEFT
    table = doc.styles.add_style("Таблица текст", 1)
    table.base_style = normal
    _fonts(table, 12)
    table.paragraph_format.first_line_indent = Cm(0)
    table.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    caption = doc.styles.add_style("Подпись рисунка", 1)
    caption.base_style = normal
    _fonts(caption, 12)
    caption.paragraph_format.first_line_indent = Cm(0)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_after = Pt(6)


def _page(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.paragraph_format.first_line_indent = Cm(0)
    run = header.add_run()
    _fonts(run, 12)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)


def _para(doc: DocxDocument, text: str = "", *, style: str | None = None, align: WD_ALIGN_PARAGRAPH | None = None, bold: bool = False,
          indent: bool = True, size: float | None = None, keep: bool = False) -> Paragraph:
    p = doc.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        run.bold = bold
        if size:
            _fonts(run, size)
    if align is not None:
        p.alignment = align
    if not indent:
        p.paragraph_format.first_line_indent = Cm(0)
    if keep:
        p.paragraph_format.keep_with_next = True
    return p


def _row_props(row: object, header: bool = False) -> None:
    trpr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    cant = OxmlElement("w:cantSplit")
    trpr.append(cant)
    if header:
        repeat = OxmlElement("w:tblHeader")
        trpr.append(repeat)


def _widths(table: object, widths: tuple[float, ...]) -> None:
    """Fixed column widths (the grid LibreOffice and Word lay out by), not autofit."""
    table.autofit = False  # type: ignore[attr-defined]
    for column, width in zip(table.columns, widths):  # type: ignore[attr-defined]
        column.width = Cm(width)
        for cell in column.cells:  # each cell carries its width: a {%tc for %} copy keeps it
            cell.width = Cm(width)


def _table(doc: DocxDocument, headers: tuple[str, ...], cells: tuple[str, ...], loop: str,
           widths: tuple[float, ...], first_cell_extra: str = "") -> object:
    """A table: a header row, a ``{%tr for %}`` row, the row of fields, a ``{%tr endfor %}`` row."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, widths)
    for r, values in enumerate((headers, (f"{{%tr for {loop} %}}",) + ("",) * (len(headers) - 1),
                                cells, ("{%tr endfor %}",) + ("",) * (len(headers) - 1))):
        row = table.rows[r]
        _row_props(row, header=r == 0)
        for c, text in enumerate(values):
            cell = row.cells[c]
            cell.width = Cm(widths[c])
            p = cell.paragraphs[0]
            p.style = doc.styles["Таблица текст"]
            run = p.add_run(text)
            run.bold = r == 0
            if r == 0:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return table


def build(path: Path = HERE / "default.docx") -> Path:
    doc = Document()
    _styles(doc)
    _page(doc)
    body = doc.paragraphs[0] if doc.paragraphs else None
    if body is not None:
        body._p.getparent().remove(body._p)
    # requisites
    _para(doc, "{{ author }}", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, indent=False)
    _para(doc, "")
    _para(doc, "АНАЛИТИЧЕСКАЯ СПРАВКА", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, indent=False)
    _para(doc, "")
    _para(doc, "{{ doc_date }} № {{ doc_number or '______' }}", align=WD_ALIGN_PARAGRAPH.LEFT, indent=False)
    _para(doc, "{{ place }}", align=WD_ALIGN_PARAGRAPH.LEFT, indent=False)
    _para(doc, "")
    _para(doc, "{{ title }}", align=WD_ALIGN_PARAGRAPH.LEFT, bold=True, indent=False)
    _para(doc, "")
    # 1. general information
    doc.add_heading("1. Общие сведения", level=1)
    _para(doc, "Основание: {{ basis }}.")
    _para(doc, "Цель мониторинга: {{ goal }}.")
    _para(doc, "Период: {{ period }}; дата данных — {{ data_date }}.")
    _para(doc, "Объект мониторинга: {{ object }}. Участники: {{ participants }}.")
    _para(doc, "Источники данных: {{ data_sources }}.")
    _para(doc, "Мониторинг № {{ monitoring_id }}, версия {{ version }}{% if previous_label %}; "
               "сравнение: {{ previous_label }}{% endif %}.")
    # 2. indicators and method
    doc.add_heading("2. Показатели и методика", level=1)
    _para(doc, "{%p for m in method %}")
    _para(doc, "{{ m }}")
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p if notes %}")
    _para(doc, "Как прочитаны неясные положения акта:")
    _para(doc, "{%p for n in notes %}")
    _para(doc, "– {{ n }}")
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p endif %}")
    # 3. results by direction
    doc.add_heading("3. Результаты по направлениям", level=1)
    _para(doc, "{%p for s in sections %}")
    doc.add_heading("3.{{ s.number }}. {{ s.title }}", level=2)
    _para(doc, "Откл. — отклонение от цели; Ранее — значение предыдущего периода; Изм. — изменение (для долей — в процентных пунктах).", style="Подпись рисунка",
          keep=True)
    _table(doc, RESULT_HEADERS, tuple(f"{{{{ r.{f} }}}}" if f != "status" else "{% cellbg r.colour %}{{ r.status }}"
                                      for f in RESULT_FIELDS), "r in s.rows", RESULT_WIDTHS)
    _para(doc, "{%p for r in s.rows %}")
    _para(doc, "{{ r.sentence }}")
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p if s.image %}")
    _para(doc, "{{ s.image }}", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, keep=True)
    _para(doc, "Рисунок {{ s.figure }} — {{ s.title }}: факт и целевые значения по годам",
          style="Подпись рисунка")
    _para(doc, "{%p endif %}")
    _para(doc, "{%p endfor %}")
    # 4. summary
    doc.add_heading("4. Сводка выполнения", level=1)
    _para(doc, "{{ summary_sentence }}")
    _table(doc, ("Статус", "Число показателей"), ("{{ c.label }}", "{{ c.n }}"), "c in counts", (8.0, 5.0))
    _para(doc, "{%p if summary_image %}")
    _para(doc, "{{ summary_image }}", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, keep=True)
    _para(doc, "Рисунок {{ summary_figure }} — достижение целевых значений", style="Подпись рисунка")
    _para(doc, "{%p endif %}")
    # 5. dynamics (a column per year of the program)
    doc.add_heading("5. Динамика за период программы", level=1)
    _para(doc, "Факт / цель по годам программы; «—» — значение не записано.")
    dyn = doc.add_table(rows=4, cols=5)
    dyn.style = "Table Grid"
    _widths(dyn, (0.8, 5.7, 0.5, 2.5, 0.5))
    texts = (("№", "Показатель", "{%tc for y in years %}", "{{ y }}", "{%tc endfor %}"),
             ("{%tr for d in dynamics %}", "", "", "", ""),
             ("{{ d.number }}", "{{ d.name }}", "{%tc for cell in d.cells %}", "{{ cell }}", "{%tc endfor %}"),
             ("{%tr endfor %}", "", "", "", ""))
    for r, values in enumerate(texts):
        _row_props(dyn.rows[r], header=r == 0)
        for c, text in enumerate(values):
            p = dyn.rows[r].cells[c].paragraphs[0]
            p.style = doc.styles["Таблица текст"]
            p.add_run(text).bold = r == 0
    # 6. organizations
    _para(doc, "{%p if by_organization %}")
    doc.add_heading("6. Образовательные организации", level=1)
    _para(doc, "{{ risk_sentence }}")
    _table(doc, ("Место", "Организация", "Выпол\u00adнено", "Не выпол\u00adнено", "Доля выпол\u00adненных", "Зона риска"),
           ("{{ k.place }}", "{{ k.organization }}", "{{ k.met }}", "{{ k.not_met }}", "{{ k.share }}",
            "{% if k.risk %}да{% else %}нет{% endif %}"), "k in ranking", (1.6, 5.6, 2.3, 2.3, 2.5, 2.2))
    _para(doc, "{%p endif %}")
    # 7. conclusions
    doc.add_heading("{{ n_conclusions }}. Выводы", level=1)
    _para(doc, "{%p for c in conclusions %}")
    _para(doc, "{{ loop.index }}. {{ c }}")
    _para(doc, "{%p endfor %}")
    # 8. recommendations
    doc.add_heading("{{ n_recommendations }}. Адресные рекомендации", level=1)
    _para(doc, "{%p for a in recommendations %}")
    _para(doc, "{{ a.addressee }}:", bold=True, keep=True)
    _para(doc, "{%p for item in a.sentences %}")
    _para(doc, "{{ loop.index }}) {{ item }}")
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p endfor %}")
    # 9. measures
    doc.add_heading("{{ n_measures }}. Меры и управленческие решения", level=1)
    _para(doc, "{%p if measures %}")
    _table(doc, ("№", "Мера", "Ответственный", "Срок", "Показатели"),
           ("{{ m.number }}", "{{ m.measure }}", "{{ m.responsible }}", "{{ m.deadline }}", "{{ m.indicators }}"),
           "m in measures", (0.8, 6.0, 3.5, 2.6, 3.6))
    _para(doc, "{%p else %}")
    _para(doc, "Меры по результатам мониторинга не записаны.")
    _para(doc, "{%p endif %}")
    _para(doc, "{%p if effects %}")
    doc.add_heading("Анализ эффективности принятых мер", level=2)
    _para(doc, "{{ effects_sentence }}")
    _table(doc, ("№", "Мера", "Срок", "Выполнение", "Изменение показателей", "Эффект"),
           ("{{ e.number }}", "{{ e.measure }}", "{{ e.deadline }}", "{{ e.done }}", "{{ e.changes }}",
            "{{ e.effect }}"), "e in effects", (0.8, 3.2, 2.6, 2.8, 3.9, 3.2))
    _para(doc, "{%p endif %}")
    # signature
    _para(doc, "")
    _para(doc, "{{ signer }}  _______________", indent=False)
    # appendices
    _para(doc, "").add_run().add_break(WD_BREAK.PAGE)
    _para(doc, "{%p if appendix %}")
    doc.add_heading("Приложение 1. Показатели по образовательным организациям", level=1)
    _para(doc, "№ — номер показателя в разделе 3.", style="Подпись рисунка")
    _table(doc, ("Организация", "№", "Факт", "Цель", "Статус"),
           ("{{ o.organization }}", "{{ o.number }}", "{{ o.fact }}", "{{ o.target }}", "{{ o.status }}"), "o in appendix", (7.5, 1.0, 2.5, 2.5, 3.0))
    _para(doc, "{%p endif %}")
    doc.add_heading("Приложение {{ passport_number }}. Паспорт мониторинга", level=1)
    _table(doc, ("Сведение", "Значение"), ("{{ p.label }}", "{{ p.value }}"), "p in passport", (5.0, 11.5))
    doc.save(str(path))
    return path


if __name__ == "__main__":
    print(build())
