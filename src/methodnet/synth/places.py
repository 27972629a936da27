"""The municipalities of the bundled examples and their organizations.

Серышево's nine organizations are the executors named in its program (приказ № 183).
The other acts name no schools: their lists are illustrative, shaped like the real
networks (a city of gymnasia and schools, a rural district of small schools).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class OrgPlan:
    name: str
    short_name: str
    kind: str
    settlement: str
    students: int
    rural: bool = False
    low_results: bool = False


@dataclass(frozen=True)
class MunicipalityPlan:
    id: str
    name: str
    region: str
    organizations: tuple[OrgPlan, ...] = field(default_factory=tuple)


SERYSHEVO = MunicipalityPlan(
    "seryshevo", "Серышевский муниципальный округ", "Амурская область",
    (
        OrgPlan("Муниципальное автономное общеобразовательное учреждение Средняя общеобразовательная школа №1 "
                "пгт Серышево имени Сергея Бондарева", "МАОУ СОШ №1 пгт Серышево имени Сергея Бондарева",
                "school", "пгт Серышево", 780),
        OrgPlan("Муниципальное автономное общеобразовательное учреждение средняя общеобразовательная школа № 2 "
                "пгт Серышево", "МАОУ СОШ № 2 пгт Серышево", "school", "пгт Серышево", 640),
        OrgPlan("Муниципальное общеобразовательное автономное учреждение Средняя общеобразовательная школа "
                "с. Большая Сазанка", "МОАУ СОШ с. Большая Сазанка", "school", "с. Большая Сазанка", 210, True),
        OrgPlan("Муниципальное общеобразовательное автономное учреждение Средняя общеобразовательная школа "
                "с. Новосергеевка", "МОАУ СОШ с. Новосергеевка", "school", "с. Новосергеевка", 150, True, True),
        OrgPlan("Муниципальное общеобразовательное автономное учреждение Средняя общеобразовательная школа "
                "с. Озёрное", "МОАУ СОШ с. Озёрное", "school", "с. Озёрное", 130, True),
        OrgPlan("Муниципальное общеобразовательное автономное учреждение Средняя общеобразовательная школа "
                "имени Д.В. Агафонова с. Сосновка", "МОАУ СОШ Д.В. Агафонова с. Сосновка", "school",
                "с. Сосновка", 240, True),
        OrgPlan("Муниципальное общеобразовательное автономное учреждение Средняя общеобразовательная школа "
                "с. Томское", "МОАУ СОШ с. Томское", "school", "с. Томское", 190, True, True),
        OrgPlan("Муниципальное автономное дошкольное образовательное учреждение Детский сад № 7 пгт Серышево",
                "МАДОУ Детский сад № 7 пгт Серышево", "kindergarten", "пгт Серышево", 190),
        OrgPlan("Муниципальное дошкольное образовательное автономное учреждение Детский сад «Солнышко» "
                "с. Томское", "МДОАУ Детский сад «Солнышко» с. Томское", "kindergarten", "с. Томское", 90, True),
    ),
)


def _city_network(city: str, genitive: str, schools: int, gymnasia: int, kindergartens: int,
                  additional: int, center: str) -> tuple[OrgPlan, ...]:
    orgs = [OrgPlan(center, center, "methodical_center", city, 0)]
    for n in range(1, gymnasia + 1):
        orgs.append(OrgPlan(f"Муниципальное бюджетное общеобразовательное учреждение «Гимназия № {n}» {genitive}",
                            f"МБОУ Гимназия № {n}", "school", city, 900 - 60 * n))
    for n in range(1, schools + 1):
        orgs.append(OrgPlan(f"Муниципальное бюджетное общеобразовательное учреждение «Средняя "
                            f"общеобразовательная школа № {n}» {genitive}", f"МБОУ СОШ № {n}", "school", city,
                            400 + (n * 137) % 600, low_results=n % 7 == 3))
    for n in range(1, kindergartens + 1):
        orgs.append(OrgPlan(f"Муниципальное бюджетное дошкольное образовательное учреждение детский сад № {n} "
                            f"{genitive}", f"МБДОУ д/с № {n}", "kindergarten", city, 120 + (n * 53) % 160))
    for n in range(1, additional + 1):
        orgs.append(OrgPlan(f"Муниципальное бюджетное учреждение дополнительного образования «Центр "
                            f"творчества № {n}» {genitive}", f"МБУ ДО ЦТ № {n}", "additional", city, 600))
    return tuple(orgs)


def _district_network(villages: tuple[str, ...], center: str, kindergartens: int) -> tuple[OrgPlan, ...]:
    orgs = [OrgPlan(center, center, "methodical_center", villages[0], 0)]
    for i, village in enumerate(villages):
        orgs.append(OrgPlan(f"Муниципальное бюджетное общеобразовательное учреждение «Средняя "
                            f"общеобразовательная школа {village}»", f"МБОУ СОШ {village}", "school", village,
                            520 if i == 0 else 90 + (i * 61) % 220, rural=i > 0, low_results=i % 5 == 4))
    for n in range(kindergartens):
        village = villages[n % len(villages)]
        orgs.append(OrgPlan(f"Муниципальное бюджетное дошкольное образовательное учреждение детский сад "
                            f"{village} № {n + 1}", f"МБДОУ д/с {village} № {n + 1}", "kindergarten", village,
                            60 + (n * 37) % 90, rural=n > 0))
    return tuple(orgs)


KUZNETSK = MunicipalityPlan(
    "kuznetsk", "город Кузнецк", "Пензенская область",
    _city_network("г. Кузнецк", "города Кузнецка", 8, 2, 6, 2,
                  "МБУ «Центр технического обеспечения учреждений образования» (ЦТОУО)"),
)
KISLOVODSK = MunicipalityPlan(
    "kislovodsk", "город-курорт Кисловодск", "Ставропольский край",
    _city_network("г. Кисловодск", "города-курорта Кисловодска", 10, 2, 5, 1,
                  "МБУ «Центр обслуживания образовательных учреждений» г.-к. Кисловодска (ИМО)"),
)
OKTYABRSKY = MunicipalityPlan(
    "oktyabrsky", "Октябрьский район", "Ростовская область",
    _district_network(("р.п. Каменоломни", "п. Персиановский", "х. Керчик-Савров", "п. Красногорняцкий",
                       "сл. Красюковская", "х. Маркин", "п. Новоперсиановка", "ст. Кривянская",
                       "п. Качкан", "х. Калинин", "п. Нижнедонской", "х. Михалкин"),
                      "МАУ «Информационно-методический кабинет»", 6),
)
PETROVSK = MunicipalityPlan(
    "petrovsk", "Петровский муниципальный район", "Саратовская область",
    _district_network(("г. Петровск", "с. Березовка", "с. Синенькие", "с. Грязнуха", "с. Новозахаркино",
                       "с. Пригородный", "с. Оркино", "с. Ключи", "с. Константиновка", "с. Сосновоборское"),
                      "МКУ «Методико-правовой центр» Петровского района", 5),
)

EXAMPLES: dict[str, MunicipalityPlan] = {
    plan.id: plan for plan in (SERYSHEVO, KUZNETSK, KISLOVODSK, OKTYABRSKY, PETROVSK)
}


@dataclass(frozen=True)
class Scale:
    municipalities: int
    description: str


SCALES = {
    "municipality": Scale(1, "один муниципалитет (~300 работников)"),
    "region": Scale(30, "регион: 30 муниципалитетов (~14 000 работников)"),
    "national": Scale(2400, "страна: ~2 400 муниципалитетов, ~42 000 ОО, ~1,1 млн работников"),
}
