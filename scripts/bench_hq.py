"""HQ exchange benchmark (#7): export one office's year; merge many offices' workbooks.

Usage: PYTHONPATH=. python scripts/bench_hq.py [--workers 20000] [--offices 19] [--office-workers 5000]
       [--dir /tmp/bench-hq]
Targets (issue #7): export of 20,000 workers with a year of records ≤ 10 s; merge of 19 workbooks of
5,000 workers ≤ 60 s with peak memory ≤ 500 MB. Demo files are kept in --dir and reused on later runs.
The merge runs in a child process so that its peak memory is its own. Prints the figures.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desktop.services.database import open_data_file  # noqa: E402
from desktop.services.demo import create_demo  # noqa: E402
from desktop.services.hq.export import Period, export_hq_workbook  # noqa: E402
from desktop.services.office import save_group_key  # noqa: E402

# The workbooks are signed: every demo office gets the same group key, and the merge verifies with it.
GROUP_KEY = "bench-group-key-0000001"
CODES = (
    "ALH",
    "GH",
    "JW",
    "DYS",
    "KYH",
    "NM",
    "WN",
    "MRD",
    "TL",
    "BT",
    "GQ",
    "YK",
    "JG",
    "AR",
    "WL",
    "SW",
    "CL",
    "HL",
    "XN",
    "ZL",
    "QH",
    "HH",
    "DX",
    "FZ",
)


def demo_file(folder: Path, code: str, workers: int, seed: int) -> Path:
    path = folder / f"{code}-{workers}.sqlite"
    new = not path.exists()  # a file from an earlier run is reused
    db = open_data_file(path)
    if new:
        create_demo(db, workers=workers, seed=seed, office_code=code, office_name=f"{code} 林业局工会")
    with db.write() as s:  # files from before signed workbooks get the key too
        save_group_key(s, GROUP_KEY)
    db.close()
    return path


def export(path: Path, out: Path) -> tuple[float, dict[str, int]]:
    db = open_data_file(path)
    start = time.perf_counter()
    counts = export_hq_workbook(db, out, Period.year(datetime.now().year))
    elapsed = time.perf_counter() - start
    db.close()
    return elapsed, counts


def child_merge(out: str, inputs: list[str]) -> None:
    from desktop.services.hq.merge import merge_workbooks

    start = time.perf_counter()
    result = merge_workbooks([Path(p) for p in inputs], Path(out), keys=[GROUP_KEY])
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": elapsed, "peak_mb": peak_mb, "rows": sum(result.rows.values())}))


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--workers", type=int, default=20000)
    p.add_argument("--offices", type=int, default=19)
    p.add_argument("--office-workers", type=int, default=5000)
    p.add_argument("--dir", default="/tmp/bench-hq")
    p.add_argument("--child-merge", nargs="+", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.child_merge:
        child_merge(a.child_merge[0], a.child_merge[1:])
        return 0
    folder = Path(a.dir)
    folder.mkdir(parents=True, exist_ok=True)

    big = demo_file(folder, "BIG", a.workers, 1)
    seconds, counts = export(big, folder / "big.xlsx")
    rows = sum(counts.values())
    print(
        f"导出上报工作簿：{a.workers} 名职工，{rows} 行，{seconds:.1f} 秒（目标 ≤ 10 秒）；"
        + "，".join(f"{k} {v}" for k, v in counts.items())
    )

    inputs: list[str] = []
    for n in range(a.offices):
        code = CODES[n % len(CODES)] + ("" if n < len(CODES) else str(n))
        out = folder / f"{code}-{a.office_workers}.xlsx"
        if not out.exists():
            export(demo_file(folder, code, a.office_workers, 100 + n), out)
        inputs.append(str(out))
    proc = subprocess.run(
        [sys.executable, __file__, "--child-merge", str(folder / "group.xlsx"), *inputs],
        capture_output=True,
        text=True,
        check=True,
    )
    m = json.loads(proc.stdout.strip().splitlines()[-1])
    print(
        f"汇总：{a.offices} 个单位 × {a.office_workers} 名职工，{m['rows']} 行，{m['seconds']:.1f} 秒"
        f"（目标 ≤ 60 秒），峰值内存 {m['peak_mb']:.0f} MB（目标 ≤ 500 MB）"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
