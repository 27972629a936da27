"""Russian for generated sentences: numbers, agreement of a noun with a count, dative of an addressee.

A note says «по 3 показателям», «2 организации», «у 21 педагога»; a template in a profile
writes ``{indicators:дат}`` and gets the count with the noun in the right case and number.
The lexicon is small on purpose (the nouns the templates count); an unknown noun is an
error the profile's author sees, not a silently wrong word.
"""

from __future__ import annotations

import datetime as dt

from methodnet.russian import number as base_number
from methodnet.russian import plural_form

CASES = ("им", "род", "дат", "вин", "твор", "пр")

#: noun -> case -> forms. Nominative/accusative: (1, 2–4, 5+); the other cases: (singular, plural).
LEXICON: dict[str, dict[str, tuple[str, ...]]] = {
    "показатель": {"им": ("показатель", "показателя", "показателей"),
                   "вин": ("показатель", "показателя", "показателей"),
                   "род": ("показателя", "показателей"), "дат": ("показателю", "показателям"),
                   "твор": ("показателем", "показателями"), "пр": ("показателе", "показателях")},
    "организация": {"им": ("организация", "организации", "организаций"),
                    "вин": ("организацию", "организации", "организаций"),
                    "род": ("организации", "организаций"), "дат": ("организации", "организациям"),
                    "твор": ("организацией", "организациями"), "пр": ("организации", "организациях")},
    "человек": {"им": ("человек", "человека", "человек"), "вин": ("человека", "человека", "человек"),
                "род": ("человека", "человек"), "дат": ("человеку", "людям"),
                "твор": ("человеком", "людьми"), "пр": ("человеке", "людях")},
    "педагог": {"им": ("педагог", "педагога", "педагогов"), "вин": ("педагога", "педагога", "педагогов"),
                "род": ("педагога", "педагогов"), "дат": ("педагогу", "педагогам"),
                "твор": ("педагогом", "педагогами"), "пр": ("педагоге", "педагогах")},
    "замечание": {"им": ("замечание", "замечания", "замечаний"), "вин": ("замечание", "замечания", "замечаний"),
                  "род": ("замечания", "замечаний"), "дат": ("замечанию", "замечаниям"),
                  "твор": ("замечанием", "замечаниями"), "пр": ("замечании", "замечаниях")},
    "мера": {"им": ("мера", "меры", "мер"), "вин": ("меру", "меры", "мер"), "род": ("меры", "мер"),
             "дат": ("мере", "мерам"), "твор": ("мерой", "мерами"), "пр": ("мере", "мерах")},
    "мероприятие": {"им": ("мероприятие", "мероприятия", "мероприятий"),
                    "вин": ("мероприятие", "мероприятия", "мероприятий"),
                    "род": ("мероприятия", "мероприятий"), "дат": ("мероприятию", "мероприятиям"),
                    "твор": ("мероприятием", "мероприятиями"), "пр": ("мероприятии", "мероприятиях")},
    "строка": {"им": ("строка", "строки", "строк"), "вин": ("строку", "строки", "строк"),
               "род": ("строки", "строк"), "дат": ("строке", "строкам"), "твор": ("строкой", "строками"),
               "пр": ("строке", "строках")},
    "объединение": {"им": ("объединение", "объединения", "объединений"),
                    "вин": ("объединение", "объединения", "объединений"),
                    "род": ("объединения", "объединений"), "дат": ("объединению", "объединениям"),
                    "твор": ("объединением", "объединениями"), "пр": ("объединении", "объединениях")},
}


#: units that are words, not abbreviations: (1, 2–4 and fractions, 5+)
WORD_UNITS = {"балл": ("балл", "балла", "баллов")}


def _slot(n: int) -> int:
    """0 for 1, 21, 101…; 1 for 2–4, 22–24…; 2 for 0, 5–20, 25–30… (:func:`methodnet.russian.plural_form`)."""
    return plural_form(n, 0, 1, 2)


def noun_form(n: int, noun: str, case: str = "им") -> str:
    """The form of ``noun`` after the number ``n`` in ``case`` (``им``, ``род``, ``дат``…)."""
    forms = LEXICON[noun][case]
    if len(forms) == 3:
        return forms[_slot(n)]
    return forms[0] if _slot(n) == 0 else forms[1]


def counted(n: int, noun: str, case: str = "им") -> str:
    """«3 показателя», «по 21 показателю» (with ``case='дат'``)."""
    return f"{n} {noun_form(n, noun, case)}"


class Counted:
    """A count a template formats with a case: ``{indicators:дат}`` → «3 показателям».

    ``{indicators}`` alone is the nominative; ``{indicators:n}`` the bare number.
    """

    def __init__(self, n: int, noun: str) -> None:
        if noun not in LEXICON:
            raise KeyError(noun)
        self.n = n
        self.noun = noun

    def __format__(self, spec: str) -> str:
        if spec == "n":
            return str(self.n)
        case = spec or "им"
        if case not in CASES:
            raise ValueError(f"падеж «{spec}» не из {', '.join(CASES)}")
        return counted(self.n, self.noun, case)

    def __str__(self) -> str:
        return format(self, "")


# ------------------------------------------------------------------------------ numbers


def number(value: float | None, digits: int = 1) -> str:
    """A number as typeset Russian: decimal comma, a no-break space between thousands, «−», no trailing zeros."""
    return base_number(value, digits, group="\u00a0", minus="−")


def with_unit(value: float | None, unit: str, denominator: float | None = None) -> str:
    """«43,5 %», «7 ед.», «да» for a yes/no indicator of one municipality."""
    if value is None:
        return "—"
    if unit == "да/нет" and denominator in (1, 1.0, None):
        return "да" if value >= 100 - 1e-9 else "нет"
    if unit == "%":
        return f"{number(value)}\u00a0%"
    if unit in WORD_UNITS:  # a unit written as a word agrees with the number: «1 балл», «5 баллов», «2,5 балла»
        forms = WORD_UNITS[unit]
        whole = abs(round(value, 1) - round(value)) < 1e-9
        return f"{number(value)}\u00a0{forms[_slot(int(round(value)))] if whole else forms[1]}"
    return f"{number(value)}\u00a0{unit}" if unit else number(value)


def change(delta: float | None, unit: str) -> str:
    """A signed change: «+5,2 п. п.» for shares, «−2 ед.» otherwise, «0» for none."""
    if delta is None:
        return "—"
    if abs(delta) < 0.05:
        return "0"
    sign = "+" if delta > 0 else ""
    suffix = "\u00a0п.\u00a0п." if unit == "%" else (f"\u00a0{unit}" if unit and unit != "да/нет" else "")
    return f"{sign}{number(delta)}{suffix}"


def plain(value: float | None, unit: str, denominator: float | None = None) -> str:
    """A table cell without its unit (the unit has its own column): «56,4», «да»."""
    if value is None:
        return "—"
    if unit == "да/нет" and denominator in (1, 1.0, None):
        return "да" if value >= 100 - 1e-9 else "нет"
    return number(value)


def change_plain(delta: float | None) -> str:
    """A signed change for a table cell: «+13», «−2,6», «0»."""
    if delta is None:
        return "—"
    if abs(delta) < 0.05:
        return "0"
    return ("+" if delta > 0 else "") + number(delta)


def unit_label(unit: str) -> str:
    """The unit column of a table: «%», «ед.», «чел.»; a yes/no indicator has none."""
    return "—" if unit == "да/нет" else unit


MONTHS_GENITIVE = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
                   "октября", "ноября", "декабря")


def date_long(day: dt.date | None) -> str:
    """«13 мая 2024 г.»"""
    if day is None:
        return "—"
    return f"{day.day} {MONTHS_GENITIVE[day.month - 1]} {day.year}\u00a0г."


def date_short(day: dt.date | None) -> str:
    """«13.05.2024» (ГОСТ Р 7.0.97: the date of a document in digits)."""
    return "—" if day is None else f"{day:%d.%m.%Y}"


# ------------------------------------------------------------------------- addressees

_NOUN_ENDINGS = ("ние", "тие", "вие", "ство")
_HUSHING = "гкхжшчщ"
#: adjective ending -> (dative, genitive)
_ADJECTIVE = {"ое": ("ому", "ого"), "ее": ("ему", "его"), "ый": ("ому", "ого"), "ой": ("ому", "ого"),
              "ая": ("ой", "ой"), "яя": ("ей", "ей"), "ые": ("ым", "ых"), "ие": ("им", "их")}


def _adjective(word: str, case: int) -> str | None:
    low = word.lower()
    if low.endswith(_NOUN_ENDINGS) or len(low) <= 3:
        return None
    if low.endswith("ий"):
        soft = low[-3:-2] not in _HUSHING
        return word[:-2] + (("ему", "его") if soft else ("ому", "ого"))[case]
    for ending, forms in _ADJECTIVE.items():
        if low.endswith(ending):
            return word[: -len(ending)] + forms[case]
    return None


def _noun(word: str, case: int) -> str:
    low = word.lower()
    if low.endswith(("ие", "ье")):
        return word[:-1] + ("ю", "я")[case]
    if low.endswith("ия"):
        return word[:-1] + "и"
    if low.endswith("о"):
        return word[:-1] + ("у", "а")[case]
    if low.endswith("а"):
        return word[:-1] + ("е", "и" if low[-2:-1] in _HUSHING else "ы")[case]
    if low.endswith("я"):
        return word[:-1] + ("е", "и")[case]
    if low.endswith("ь"):
        return word[:-1] + ("ю", "я")[case]
    if low.endswith(("и", "ы")) and len(low) > 3:  # plural: руководители → руководителям / руководителей
        soft = low.endswith("и") and low[-2:-1] not in _HUSHING
        if case == 0:
            return word[:-1] + ("ям" if soft else "ам")
        return word[:-1] + ("ей" if soft else "ов")
    if low.endswith("й"):
        return word[:-1] + ("ю", "я")[case]
    return word + ("у", "а")[case]


def _decline(phrase: str, case: int) -> str:
    words = phrase.split(" ")
    out: list[str] = []
    for i, word in enumerate(words):
        if not word or word.startswith(("«", "\"", "(")) or any(ch.isdigit() for ch in word) or word.isupper():
            return " ".join(out + words[i:])
        head, _, last = word.rpartition("-")
        prefix = head + "-" if head else ""
        adjective = _adjective(last, case)
        if adjective is not None:
            out.append(prefix + adjective)
            continue
        out.append(prefix + _noun(last, case))
        return " ".join(out + words[i + 1:])
    return " ".join(out)


def dative(phrase: str) -> str:
    """«Управление образования администрации…» → «Управлению образования администрации…».

    Declines the leading adjectives and the first noun (the head of the phrase), the part
    of a hyphenated word after the last hyphen; leaves the rest (genitive, quotes,
    abbreviations) as is. Names a profile gives in the dative (``spravka.addressees``)
    are used as written.
    """
    return _decline(phrase, 0)


def genitive(phrase: str) -> str:
    """«Управление образования…» → «Управления образования…» (the issuer in «приказ Управления…»)."""
    return _decline(phrase, 1)


def genitive_issuer(issuer: str) -> str:
    """The issuer after the act's kind: «приказ Управления образования…», the head in the genitive."""
    return genitive(issuer)


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def period_words(label: str) -> str:
    """«2025 год», «2024/2025 учебный год», «I полугодие 2025 года», «период 01.01.2025–30.06.2025»."""
    from methodnet.model.periods import parse_period

    try:
        period = parse_period(label)
    except Exception:  # a label the engine does not parse is shown as it is
        return label
    if period.kind == "year":
        return f"{period.end.year} год"
    if period.kind == "academic_year":
        return f"{period.start.year}/{period.end.year} учебный год"
    if period.kind == "half_year":
        return f"{'I' if period.end.month == 6 else 'II'} полугодие {period.end.year} года"
    return f"период {date_short(period.start)}–{date_short(period.end)}"


def period_for(label: str) -> str:
    """«за 2025 год», «за I полугодие 2025 года» (the accusative after «за» equals the nominative here)."""
    return "за " + period_words(label)


def period_short(label: str) -> str:
    """A period in a form that fits any case: «2024 г.», «2024/2025 уч. г.», «I пол. 2025 г.»."""
    from methodnet.model.periods import parse_period

    try:
        period = parse_period(label)
    except Exception:  # shown as written
        return label
    if period.kind == "year":
        return f"{period.end.year}\u00a0г."
    if period.kind == "academic_year":
        return f"{period.start.year}/{period.end.year} уч.\u00a0г."
    if period.kind == "half_year":
        return f"{'I' if period.end.month == 6 else 'II'} пол. {period.end.year}\u00a0г."
    return f"{date_short(period.start)}–{date_short(period.end)}"


def sentence(*parts: str) -> str:
    """Join clauses into one sentence with a single final full stop (no «п. п..»)."""
    text = "".join(parts).rstrip()
    return text if text.endswith((".", "!", "?")) else text + "."
