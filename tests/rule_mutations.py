"""Remove each rule kind's as-of reading in turn: the kind's rule cases (tests/rules) must then fail.

Each mutation is applied to a copy of ``src/`` in a temporary folder (the checkout is never
touched) and the kind's cases run in a fresh interpreter on that copy. Run directly
(``python tests/rule_mutations.py``) or through ``tests/test_rule_mutations.py``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: (rule kind, file under the repository, the as-of reading, what it becomes without it)
MUTATIONS = [
 ("monitoring_frequency", "src/methodnet/rules/core.py", "year = last_complete_year(ctx.at)", "year = ctx.at.year - 1"),
 ("monitoring_frequency", "src/methodnet/rules/core.py", 'in_year = docs.filter(pl.col("approved").dt.year() == year)', 'in_year = docs'),
 ("roadmap_overdue", "src/methodnet/rules/core.py", '(pl.coalesce(pl.col("completed_on"), known) <= ctx.at)', 'pl.lit(True)'),
 ("document_missing", "src/methodnet/rules/core.py", "docs = ctx.documents([params.document_kind])", 'docs = ctx.dataset["document"].filter(pl.col("kind") == params.document_kind)'),
 ("document_missing", "src/methodnet/rules/core.py", "owners = ctx.organizations(params.organization_kinds)[\"id\"].to_list()", 'owners = ctx.dataset["organization"].filter(pl.col("kind").is_in(params.organization_kinds) & pl.col("closed").is_null())["id"].to_list()'),
 ("indicator_below_target", "src/methodnet/rules/core.py", "period = params.period or str(last_complete_year(ctx.at))", "period = params.period or str(ctx.at.year)"),
 ("young_teacher_unsupported", "src/methodnet/rules/people.py", 'supported.append(ctx.mentorships()["mentee_id"])', 'supported.append(ctx.dataset["mentorship"]["mentee_id"])'),
 ("young_teacher_unsupported", "src/methodnet/rules/people.py", 'supported.append(ctx.memberships()["staff_id"])', 'supported.append(ctx.dataset["association_member"]["staff_id"])'),
 ("young_teacher_unsupported", "src/methodnet/rules/people.py", '(pl.col("kind") == "young_teacher_school") & (pl.col("start") <= ctx.at)', '(pl.col("kind") == "young_teacher_school")'),
 ("young_teacher_unsupported", "src/methodnet/rules/context.py", 'asof.mentorship_running_on(self.at) & pl.col("mentor_id").is_in(employed)', 'asof.mentorship_running_on(self.at)'),
 ("young_teacher_unsupported", "src/methodnet/rules/context.py", 'asof.membership_on(self.at) & pl.col("association_id").is_in(existing)', 'asof.membership_on(self.at)'),
 ("no_recent_training", "src/methodnet/rules/people.py", 'training_completed_within(since, ctx.at, ctx.data_date)', '(pl.col("status") == "completed") & (pl.coalesce("end", "start") >= since) & (pl.coalesce("end", "start") <= ctx.at)'),
 ("no_recent_training", "src/methodnet/rules/people.py", 'staff = ctx.staff().filter(pl.col("category").is_in(params.categories))', 'staff = ctx.dataset["staff"].filter(pl.col("category").is_in(params.categories))'),
 ("attestation_expiring", "src/methodnet/rules/people.py", '.filter(pl.col("date") <= ctx.at).sort("date")', '.sort("date")'),
 ("attestation_expiring", "src/methodnet/rules/people.py", 'staff = ctx.staff().select("id", "organization_id")', 'staff = ctx.dataset["staff"].select("id", "organization_id")'),
 ("audience_mismatch", "src/methodnet/rules/people.py", 'ds["training"].filter(pl.col("start") <= ctx.at)', 'ds["training"]'),
 ("deficit_without_iom", "src/methodnet/rules/ioms.py", 'routes = _routes_on(ctx).filter(pl.col("status_on") != "cancelled")', 'routes = _routes_on(ctx).filter(pl.col("status") != "cancelled")'),
 ("iom_step_without_deficit", "src/methodnet/rules/ioms.py", 'routes = _routes_on(ctx).filter(pl.col("status_on").is_in(["developed", "in_progress"]))', 'routes = ctx.dataset["iom"]'),
 ("iom_overdue", "src/methodnet/rules/ioms.py", '(pl.col("end") < ctx.at) & pl.col("status_on").is_in(["developed", "in_progress"])', '(pl.col("end") < ctx.at) & pl.col("status").is_in(["developed", "in_progress"])'),
 ("stavropol.shmo_formation", "src/methodnet/regions/stavropol.py", 'shmo = ctx.associations().filter(pl.col("level") == "school")', 'shmo = ds["association"].filter(pl.col("level") == "school")'),
 ("stavropol.shmo_formation", "src/methodnet/regions/stavropol.py", 'teaching = (ctx.staff().filter(', 'teaching = (ds["staff"].filter('),
 ("stavropol.shmo_formation", "src/methodnet/regions/stavropol.py", 'schools = ctx.organizations(["school"])["id"]', 'schools = ds["organization"].filter((pl.col("kind") == "school") & pl.col("closed").is_null())["id"]'),
 ("stavropol.shmo_formation", "src/methodnet/regions/stavropol.py", 'any(cycles.contains(c, subject) for c in _parts(c))', 'any((cycles.groups_of(subject) or ("",))[0] == c for c in _parts(c))'),
]

RUN_CASES = """
import sys
from pathlib import Path
from methodnet.testing import assert_rule_case, load_rule_cases
kind, folder = sys.argv[1], Path(sys.argv[2])
failed = 0
for path in sorted(folder.glob("*.yaml")):
    for name, case in load_rule_cases(path):
        if case["rule"]["kind"] != kind:
            continue
        try:
            assert_rule_case(case)
        except AssertionError:
            failed += 1
            print(name)
sys.exit(1 if failed else 0)
"""


def caught(kind: str, path: str, old: str, new: str, workdir: Path) -> tuple[bool, str]:
    """Apply one mutation to the copy, run the kind's cases; (did they fail, the failing case names)."""
    target = workdir / path
    text = target.read_text(encoding="utf-8")
    if text.count(old) != 1:
        raise AssertionError(f"{kind}: the as-of reading to remove is not in {path} exactly once: {old}")
    target.write_text(text.replace(old, new), encoding="utf-8")
    try:
        env = {**os.environ, "PYTHONPATH": str(workdir / "src")}
        run = subprocess.run([sys.executable, "-c", RUN_CASES, kind, str(ROOT / "tests" / "rules")],
                             env=env, capture_output=True, text=True, cwd=workdir)
        return run.returncode == 1, (run.stdout + run.stderr).strip()
    finally:
        target.write_text(text, encoding="utf-8")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        shutil.copytree(ROOT / "src", workdir / "src")
        missed = 0
        for kind, path, old, new in MUTATIONS:
            ok, output = caught(kind, path, old, new, workdir)
            missed += not ok
            print(("caught " if ok else "MISSED ") + f"{kind}: {new[:60]} — {output.splitlines()[0] if output else ''}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
