"""Mutation check: remove each rule kind's as-of reading, its rule-case tests must fail."""
import subprocess, sys, pathlib
root = pathlib.Path(__file__).resolve().parents[1]
M = [
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
 ("stavropol.shmo_formation", "src/methodnet/regions/stavropol.py", 'return any((s is not None and names_match(s, subject)) or (c is not None and cycles.contains(c, subject))', 'return any((s is not None and names_match(s, subject)) or (c is not None and (cycles.groups_of(subject) or ("",))[0] == c)'),
]
ok = True
for kind, path, old, new in M:
    f = root / path
    text = f.read_text()
    assert text.count(old) == 1, (kind, old)
    f.write_text(text.replace(old, new))
    try:
        r = subprocess.run([str(root / ".venv/bin/python"), "-m", "pytest", "-q", "-x", "tests/test_rules.py", "-k", kind.replace(".", " and ")],
                           cwd=root, capture_output=True, text=True)
        failed = r.returncode != 0
        ok &= failed
        line = [l for l in r.stdout.splitlines() if "FAILED" in l or "passed" in l or "failed" in l]
        print(("CAUGHT " if failed else "MISSED ") + kind + ": " + new[:70] + " | " + (line[0][:150] if line else ""))
    finally:
        f.write_text(text)
sys.exit(0 if ok else 1)
