"""``jixiao check`` throughput and memory against python-calamine's bare read (spec §8).

    uv run python benchmarks/check_throughput.py --copies 10 100 1000

For each N, N copies of the sample workbook go into a temporary folder; then, per workbook:

- bare read: ``CalamineWorkbook.from_path`` + ``to_python()`` of every sheet, one process;
- ``check_paths`` in this process with ``jobs=1`` (the cost of one workbook) and with the
  default jobs (what a reviewer waits for);
- the CLI as a subprocess (``jixiao check DIR --json …``, default jobs): wall time including
  interpreter start, CPU time of the whole process tree, and peak RSS of the process tree
  (sampled from /proc every 5 ms; ``ru_maxrss`` of the largest single process elsewhere).

Each measurement runs ``--repeat`` times (default 3) and the fastest run counts, which keeps
other load on the machine out of the numbers; peak memory is the largest of the runs.

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
from collections.abc import Callable
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


def measure(source: Path, copies: int, jobs: int, repeat: int) -> dict[str, float]:
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

        def timed(action: Callable[[], object]) -> tuple[float, float]:
            """(wall, CPU of this process and its children) per workbook, fastest run."""
            best_wall = best_cpu = float("inf")
            for _ in range(repeat):
                cpu_before = _cpu()
                started = time.perf_counter()
                action()
                best_wall = min(best_wall, time.perf_counter() - started)
                best_cpu = min(best_cpu, _cpu() - cpu_before)
            return best_wall / copies, best_cpu / copies

        def read_all() -> None:
            for path in files:
                bare_read(path)

        bare, bare_cpu = timed(read_all)
        single, single_cpu = timed(lambda: check_paths([folder], jobs=1))
        parallel, parallel_cpu = timed(lambda: check_paths([folder], jobs=jobs))
        runs = [run_cli(folder, Path(temporary) / "结果.json", jobs) for _ in range(repeat)]
        wall = min(run[0] for run in runs)
        cpu = min(run[1] for run in runs)
        peak = max(run[2] for run in runs)
        report = json.loads((Path(temporary) / "结果.json").read_text(encoding="utf-8"))
        assert report["summary"]["workbooks"] == copies
    return {
        "copies": copies, "bare": bare, "bare_cpu": bare_cpu, "single": single,
        "single_cpu": single_cpu, "parallel": parallel, "parallel_cpu": parallel_cpu,
        "cli_wall": wall / copies, "cli_cpu": cpu / copies, "cli_peak": peak / 1024 / 1024,
        "load": os.getloadavg()[0],
    }


def _cpu() -> float:
    """CPU seconds used so far by this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def table(rows: list[dict[str, float]], jobs: int) -> str:
    """Milliseconds per workbook; ratios against the bare read (CPU against CPU, wall against
    wall)."""
    ms = 1000
    lines = [
        "| N | bare read: wall / CPU | check jobs=1: CPU (× bare) | "
        f"check jobs={jobs}: wall (× bare) / CPU | CLI jobs={jobs}: wall (× bare) / CPU "
        "| CLI peak RSS, process tree | load avg |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {int(row['copies'])} | {row['bare'] * ms:.2f} / {row['bare_cpu'] * ms:.2f} "
            f"| {row['single_cpu'] * ms:.2f} ({row['single_cpu'] / row['bare_cpu']:.1f}×) "
            f"| {row['parallel'] * ms:.2f} ({row['parallel'] / row['bare']:.1f}×) / "
            f"{row['parallel_cpu'] * ms:.2f} "
            f"| {row['cli_wall'] * ms:.2f} ({row['cli_wall'] / row['bare']:.1f}×) / "
            f"{row['cli_cpu'] * ms:.2f} "
            f"| {row['cli_peak']:.0f} MB | {row['load']:.1f} |"
        )
    return "\n".join(lines)


def stages(source: Path, rounds: int = 200) -> str:
    """Where one workbook's time goes, stage by stage (CPU ms, fastest of ``rounds``)."""
    from jixiao.batch import CheckTask, check_workbook
    from jixiao.evaluate import evaluate
    from jixiao.parse import parse_grid
    from jixiao.pipeline import choose_profile
    from jixiao.readers.calamine_reader import read_grid
    from jixiao.readers.guard import check_file

    grid = read_grid(source)
    parsed = parse_grid(grid)
    profile = choose_profile(parsed, None)
    task = CheckTask(path=str(source), file=source.name)
    steps: list[tuple[str, Callable[[], object]]] = [
        ("bare read (calamine, every sheet)", lambda: bare_read(source)),
        ("guard (zip and sheet scan, readers/guard.py)", lambda: check_file(source)),
        ("read_grid (guard + calamine + cells dict + names)", lambda: read_grid(source)),
        ("parse_grid", lambda: parse_grid(grid)),
        ("evaluate", lambda: evaluate(parsed, profile)),
        ("check_workbook (the batch worker, all of the above)", lambda: check_workbook(task)),
    ]
    lines = ["| stage | ms per workbook |", "|---|---:|"]
    for name, step in steps:
        best = float("inf")
        for _ in range(rounds):
            started = time.process_time()
            step()
            best = min(best, time.process_time() - started)
        lines.append(f"| {name} | {best * 1000:.2f} |")
    return "\n".join(lines)


def cprofile(source: Path, rounds: int = 100) -> str:
    """cProfile of the worker on ``source``, the 15 most expensive functions (cumulative)."""
    import cProfile
    import io
    import pstats

    from jixiao.batch import CheckTask, check_workbook

    task = CheckTask(path=str(source), file=source.name)
    check_workbook(task)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        check_workbook(task)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(15)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--source", type=Path, default=SAMPLE)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per measurement; the fastest counts (peak memory: the largest)")
    parser.add_argument("--stages", action="store_true", help="also time each pipeline stage")
    parser.add_argument("--cprofile", action="store_true", help="also print a cProfile of the worker")
    args = parser.parse_args()
    if not args.source.exists():
        raise SystemExit(f"no workbook at {args.source}; run sample_workbooks/make_samples.py")
    rows = []
    for copies in args.copies:
        rows.append(measure(args.source, copies, args.jobs, args.repeat))
        print(f"N={copies} done", file=sys.stderr)
    print(f"source: {args.source.relative_to(ROOT) if args.source.is_relative_to(ROOT) else args.source}"
          f" ({args.source.stat().st_size} bytes), cores: {default_jobs()}, "
          f"python {sys.version.split()[0]}")
    print(table(rows, args.jobs))
    if args.stages:
        print()
        print(stages(args.source))
    if args.cprofile:
        print()
        print(cprofile(args.source))


if __name__ == "__main__":
    main()
