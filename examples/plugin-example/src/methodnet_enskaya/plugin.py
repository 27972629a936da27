"""The plugin: one table, one indicator kind, a profile folder and a loader."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from methodnet.io.frames import raw_from_records
from methodnet.io.validate import RawTable, Source
from methodnet.model import Entity, TableMeta, column
from methodnet.plugins import Population, hookimpl

if TYPE_CHECKING:  # the typed plugin API (annotations only)
    from methodnet import KindContext
    from methodnet.errors import ProblemReport
    from methodnet.model.spec import TableRegistry
    from methodnet.plugins import PluginRegistrar
    from methodnet.profile.model import PluginIndicator

PLUGIN_NAME = "enskaya"


class Consultation(Entity):
    """A methodical consultation given to a pedagogue."""

    meta = TableMeta("consultation", "Консультации", ("методические консультации",), span=("date", None))
    id: str = column("Идентификатор", aliases=("ид",))
    staff_id: str = column("Педагог", ref="staff")
    date: dt.date = column("Дата", past=True)
    topic: str = column("Тема")
    online: bool = column("Дистанционно", False)


class ConsultationParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    topics: list[str] = Field(default_factory=list, description="Только эти темы (пусто — любые)")


def consultation_share(ctx: KindContext, ind: PluginIndicator, params: ConsultationParams) -> Population:
    pedagogues = ctx.parse('category == "pedagogue"', "staff")
    condition = "exists(consultations" + (f", topic in {list(params.topics)!r})" if params.topics else ")")
    consulted = ctx.parse(condition, "staff")
    lf, groups = ctx.population("staff", pedagogues, [consulted])
    return Population(lf.with_columns(ctx.compile(consulted).fill_null(False).alias("__hit")), "staff", "share",
                      groups)


def read_enskaya_json(path: Path, tables: TableRegistry, report: ProblemReport) -> list[RawTable]:
    """The region's export: {"consultations": [{"teacher": …, "when": "ДД.ММ.ГГГГ", "theme": …}]}."""
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = [{"id": f"c{i}", "staff_id": r["teacher"], "date": r["when"], "topic": r["theme"]}
            for i, r in enumerate(data.get("consultations", []), start=1)]
    return [raw_from_records(tables["consultation"], rows, Source(str(path)))]


@hookimpl
def methodnet_add_tables(registry: PluginRegistrar) -> None:
    registry.add_table(Consultation)


@hookimpl
def methodnet_add_indicator_kinds(registry: PluginRegistrar) -> None:
    registry.add_indicator_kind("enskaya.consultation_share", consultation_share, params=ConsultationParams,
                                description="доля ПР, получивших методическую консультацию")


@hookimpl
def methodnet_add_profile_folders(registry: PluginRegistrar) -> None:
    registry.add_profile_folder(Path(__file__).parent / "profiles")


@hookimpl
def methodnet_add_loaders(registry: PluginRegistrar) -> None:
    registry.add_loader(".enskaya", read_enskaya_json)
