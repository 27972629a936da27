"""Rules (`check`) and batch IOM generation on the national dataset: time and peak memory.

    python benchmarks/check_national.py                     # 2,400 municipalities
    python benchmarks/check_national.py --municipalities 240

Runs in one process on the cached dataset (see load_national.py); peak memory is the
process's maximum resident size, so it includes the loaded dataset. For scale, the load
itself is timed too. Results go to benchmarks/results/check_national.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from load_national import RESULTS, ensure_dataset  # noqa: E402

import methodnet  # noqa: E402
from methodnet.iom import IomBuilder, routes_to_records  # noqa: E402
from methodnet.api import load_profile  # noqa: E402
from methodnet.rules.check import check  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--municipalities", type=int, default=2400)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    at = dt.date(2026, 9, 1)

    data = ensure_dataset(args.municipalities, args.seed)
    start = time.perf_counter()
    ds = methodnet.load(data, options=methodnet.LoadOptions(today=at))
    load_s, load_mb = time.perf_counter() - start, peak_mb()

    profile = load_profile("base")
    start = time.perf_counter()
    findings = check(profile, ds, at)
    check_s, check_mb = time.perf_counter() - start, peak_mb()

    start = time.perf_counter()
    builder = IomBuilder(ds)
    routes = builder.build(at)
    records = routes_to_records(routes, at)
    iom_s, iom_mb = time.perf_counter() - start, peak_mb()

    print(f"\nnational dataset: {args.municipalities} municipalities, {ds['staff'].height:,} staff")
    print(f"load:   {load_s:6.1f} s, peak {load_mb:,.0f} MB")
    print(f"check:  {check_s:6.1f} s, peak {check_mb:,.0f} MB — {len(findings):,} findings from {len(profile.rules)} rules "
          f"({', '.join(f'{k} {v:,}' for k, v in findings.by_rule().items())})")
    print(f"IOMs:   {iom_s:6.1f} s, peak {iom_mb:,.0f} MB — {len(routes):,} routes, {len(records['iom_step']):,} steps, "
          f"{len(builder._memo):,} distinct cover problems solved")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "check_national.json"
    out.write_text(json.dumps({
        "municipalities": args.municipalities, "staff": ds["staff"].height,
        "load": {"seconds": load_s, "peak_mb": load_mb},
        "check": {"seconds": check_s, "peak_mb": check_mb, "findings": len(findings), "by_rule": findings.by_rule()},
        "iom": {"seconds": iom_s, "peak_mb": iom_mb, "routes": len(routes), "steps": len(records["iom_step"]),
                "distinct_covers": len(builder._memo)},
    }, indent=2), encoding="utf-8")
    print(f"saved {out}")


if __name__ == "__main__":
    main()
