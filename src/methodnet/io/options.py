"""The knobs of loading and validation, in a module of their own.

Every step of loading (the checks, the readers, the dataset) takes them; kept apart from
:mod:`methodnet.io.validate` so the checks it runs need not import it. Importable from
``methodnet.io.validate`` and ``methodnet.LoadOptions`` as before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from methodnet.limits import Limits


@dataclass(frozen=True)
class LoadOptions:
    """Knobs of validation.

    ``today`` anchors "in the future" checks when the data do not state their own date
    (fix it for reproducible results); ``as_of`` states the dataset's date (DESIGN §4) and
    overrides the one the data carry in ``dataset_info`` — it is the ``--at`` option;
    ``limit`` bounds the problems kept per load, ``per_check`` the examples kept per
    (table, column, code) so one broken column does not hide the others; ``limits``
    bound hostile input (file size, YAML aliases, XLSX dimensions, expressions — see
    :class:`~methodnet.limits.Limits` and docs/hostile-input.md).
    """

    today: dt.date = field(default_factory=dt.date.today)
    as_of: dt.date | None = None
    max_future_years: int = 10
    earliest: dt.date = dt.date(1900, 1, 1)
    limit: int = 200
    per_check: int = 20
    limits: Limits = field(default_factory=Limits)

    @property
    def far_future(self) -> dt.date:
        try:
            return self.today.replace(year=self.today.year + self.max_future_years)
        except ValueError:  # 29 February
            return self.today.replace(year=self.today.year + self.max_future_years, day=28)
