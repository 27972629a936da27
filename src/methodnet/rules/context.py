"""What a rule check gets: the dataset, the profile, the check date, and the data as of that date.

Every rule judges the world as it stood on its check date D (DESIGN §4): organizations
operating on D, staff employed on D, associations and memberships existing on D,
mentorships running on D, documents approved and in force on D. The helpers here give
those rows, built on the as-of expressions shared with the indicator engine
(:mod:`methodnet.model.asof`), so a rule never keeps its own copy of "active on".

A rule that cannot see — its table is absent, or holds no rows of the kind it needs —
calls :meth:`RuleContext.need` and the check records «не проверено: нет данных о …»
instead of charging every school with a gap nobody measured.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl
from pydantic import BaseModel, ConfigDict

from methodnet.model import asof
from methodnet.model.derived import employed_on_expr

if TYPE_CHECKING:
    from methodnet.dataset import Dataset
    from methodnet.profile.model import Profile

#: What each table tells, for «не проверено: нет данных о …» (genitive after «о»).
ABOUT: dict[str, str] = {
    "municipality": "муниципалитетах", "organization": "организациях", "staff": "работниках",
    "association": "методических объединениях", "association_member": "составе методических объединений",
    "mentorship": "наставничестве", "event": "мероприятиях", "participation": "участии в мероприятиях",
    "training": "повышении квалификации", "program": "программах ДПО", "attestation": "аттестации",
    "diagnostic": "диагностиках", "diagnostic_result": "результатах диагностик", "iom": "ИОМ",
    "iom_step": "шагах ИОМ", "document": "документах", "roadmap_status": "выполнении дорожной карты",
}


class NoParams(BaseModel):
    """Parameters of a rule kind that takes none."""

    model_config = ConfigDict(extra="forbid")


class NotChecked(Exception):
    """Raised by a rule that cannot check: the runner records a note, not a finding."""

    def __init__(self, about: str, tables: tuple[str, ...] = ()) -> None:
        super().__init__(about)
        self.about = about
        self.tables = tables


@dataclass
class RuleContext:
    dataset: "Dataset"
    profile: "Profile"
    at: dt.date
    plugins: Any = None
    evaluation: Any = None  # an evaluation of the profile already computed (reused by indicator rules)

    def source(self, rule: Any) -> str | None:
        return str(rule.source) if getattr(rule, "source", None) else None

    @property
    def data_date(self) -> dt.date:
        """The day the data were collected (terminal statuses without a date happened then)."""
        return getattr(self.dataset, "as_of", None) or self.at

    # ------------------------------------------------------------------ can the rule see?

    def need(self, *tables: str) -> None:
        """Stop the rule with «не проверено» unless every table holds rows."""
        missing = tuple(t for t in tables if not self.dataset.provided(t))
        if missing:
            raise NotChecked(", ".join(ABOUT.get(t, t) for t in missing), missing)

    @staticmethod
    def need_rows(frame: pl.DataFrame, about: str, table: str) -> pl.DataFrame:
        """Stop the rule with «не проверено: нет данных о {about}» when ``frame`` is empty."""
        if frame.height == 0:
            raise NotChecked(about, (table,))
        return frame

    # ------------------------------------------------------------------ rows as of the check date

    def organizations(self, kinds: list[str] | None = None) -> pl.DataFrame:
        """Organizations operating on the check date (of ``kinds`` when given)."""
        orgs = self.dataset["organization"].filter(asof.operating_on(self.at))
        return orgs.filter(pl.col("kind").is_in(kinds)) if kinds else orgs

    def staff(self) -> pl.DataFrame:
        """Staff employed on the check date, in organizations operating on it (computed once:
        most rules start from it, and a national staff table has a million rows)."""
        found = self.__dict__.get("_staff")
        if found is None:
            found = self.dataset["staff"].filter(employed_on_expr(self.at))
            if "organization" in self.dataset:
                found = found.filter(pl.col("organization_id").is_in(self.organizations()["id"].implode()))
            self.__dict__["_staff"] = found
        return found

    def associations(self) -> pl.DataFrame:
        """Associations existing on the check date."""
        return self.dataset["association"].filter(asof.association_existing_on(self.at))

    def memberships(self) -> pl.DataFrame:
        """Membership rows in force on the check date, of associations existing on it."""
        existing = self.associations()["id"].implode()
        return self.dataset["association_member"].filter(
            asof.membership_on(self.at) & pl.col("association_id").is_in(existing))

    def mentorships(self) -> pl.DataFrame:
        """Mentorships running on the check date whose mentor and mentee are both employed on it."""
        employed = self.dataset["staff"].filter(employed_on_expr(self.at))["id"].implode()
        return self.dataset["mentorship"].filter(
            asof.mentorship_running_on(self.at) & pl.col("mentor_id").is_in(employed)
            & pl.col("mentee_id").is_in(employed))

    def documents(self, kinds: list[str]) -> pl.DataFrame:
        """Documents of ``kinds`` approved and in force on the check date."""
        return self.dataset["document"].filter(pl.col("kind").is_in(kinds) & asof.document_in_force_on(self.at))
