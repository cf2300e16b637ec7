"""``jixiao check`` throughput and memory against python-calamine's bare read (spec §8).

    uv run python benchmarks/check_throughput.py --copies 10 100 1000

For each N, N copies of the sample workbook go into a temporary folder; then, per workbook:

- bare read: ``CalamineWorkbook.from_path`` + ``to_python()`` of every sheet, one process;
- ``check_paths`` in this process with ``jobs=1`` (the cost of one workbook) and with the
  default jobs (what a reviewer waits for);
- the CLI as a subprocess (``jixiao check DIR --json …``, default jobs): wall time including
  interpreter start, CPU time of the whole process tree, and peak RSS of the process tree
  (sampled from /proc every 5 ms; ``ru_maxrss`` of the largest single process elsewhere).

The targets: per-workbook check within 3x of the bare read; memory flat as N grows.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import python_calamine

from jixiao.batch import check_paths, default_jobs

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_workbooks" / "株洲市科学技术局-2024.xlsx"
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def bare_read(path: Path) -> None:
    """What python-calamine alone costs: open and read every sheet."""
    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        for name in workbook.sheet_names:
            workbook.get_sheet_by_name(name).to_python()
    finally:
        workbook.close()


def _children(pid: int) -> list[int]:
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        found: list[int] = []
        for task in tasks:
            text = (task / "children").read_text()
            found.extend(int(child) for child in text.split())
        return found
    except OSError:
        return []


def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            resident = int(Path(f"/proc/{current}/statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
        total += resident * PAGE
        stack.extend(_children(current))
    return total


def run_cli(folder: Path, out: Path, jobs: int) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of the tree, peak tree RSS in bytes) of one CLI run."""
    script = Path(sys.executable).with_name("jixiao")
    command = [str(script), "check", str(folder), "--json", str(out), "--jobs", str(jobs),
               "--fail-on", "never"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(process.pid))
            stop.wait(0.005)

    sampler = threading.Thread(target=sample, daemon=True)
    if Path("/proc/self/statm").exists():
        sampler.start()
    code = process.wait()
    wall = time.perf_counter() - started
    stop.set()
    if sampler.is_alive():
        sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if code != 0:
        raise SystemExit(f"jixiao check exited with {code}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if not peak:  # no /proc: the largest single process instead of the tree
        peak = after.ru_maxrss * 1024
    return wall, cpu, peak


def measure(source: Path, copies: int, jobs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as temporary:
        folder = Path(temporary) / "收回"
        folder.mkdir()
        files = []
        for index in range(copies):
            target = folder / f"单位{index:05d}.xlsx"
            shutil.copyfile(source, target)
            files.append(target)
        for path in files[:5]:  # warm caches and imports before any clock starts
            bare_read(path)
        check_paths([files[0]], jobs=1)

        started = time.perf_counter()
        for path in files:
            bare_read(path)
        bare = (time.perf_counter() - started) / copies

        started = time.perf_counter()
        result = check_paths([folder], jobs=1)
        single = (time.perf_counter() - started) / copies
        assert len(result.workbooks) == copies

        started = time.perf_counter()
        check_paths([folder], jobs=jobs)
        parallel = (time.perf_counter() - started) / copies

        wall, cpu, peak = run_cli(folder, Path(temporary) / "结果.json", jobs)
        report = json.loads((Path(temporary) / "结果.json").read_text(encoding="utf-8"))
        assert report["summary"]["workbooks"] == copies
    return {
        "copies": copies, "bare": bare, "single": single, "parallel": parallel,
        "cli_wall": wall / copies, "cli_cpu": cpu / copies, "cli_peak": peak / 1024 / 1024,
    }


def table(rows: list[dict[str, float]], jobs: int) -> str:
    ms = 1000
    lines = [
        f"| N | bare read (ms/wb) | check, jobs=1 (ms/wb, × bare) | check, jobs={jobs} "
        "(ms/wb, × bare) | CLI wall (ms/wb, × bare) | CLI CPU, all processes (ms/wb) "
        "| CLI peak RSS, process tree (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        bare = row["bare"]
        lines.append(
            f"| {int(row['copies'])} | {bare * ms:.2f} "
            f"| {row['single'] * ms:.2f} ({row['single'] / bare:.1f}×) "
            f"| {row['parallel'] * ms:.2f} ({row['parallel'] / bare:.1f}×) "
            f"| {row['cli_wall'] * ms:.2f} ({row['cli_wall'] / bare:.1f}×) "
            f"| {row['cli_cpu'] * ms:.2f} | {row['cli_peak']:.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--source", type=Path, default=SAMPLE)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    args = parser.parse_args()
    if not args.source.exists():
        raise SystemExit(f"no workbook at {args.source}; run sample_workbooks/make_samples.py")
    rows = []
    for copies in args.copies:
        rows.append(measure(args.source, copies, args.jobs))
        print(f"N={copies} done", file=sys.stderr)
    print(f"source: {args.source.relative_to(ROOT) if args.source.is_relative_to(ROOT) else args.source}"
          f" ({args.source.stat().st_size} bytes), cores: {default_jobs()}, "
          f"python {sys.version.split()[0]}")
    print(table(rows, args.jobs))


if __name__ == "__main__":
    main()
