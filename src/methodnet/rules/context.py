"""What a rule check gets: the dataset, the profile, and the date it is checked at."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from methodnet.dataset import Dataset
    from methodnet.profile.model import Profile


@dataclass
class RuleContext:
    dataset: "Dataset"
    profile: "Profile"
    at: dt.date
    plugins: Any = None
    evaluation: Any = None  # an evaluation of the profile already computed (reused by indicator rules)

    def source(self, rule: Any) -> str | None:
        return str(rule.source) if getattr(rule, "source", None) else None
