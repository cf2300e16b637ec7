"""Checking a folder of returned workbooks: one worker call per file, plain results back.

Workers return :class:`WorkbookResult` (pydantic, picklable), never exceptions or workbook
objects, so one bad file can never stop the batch; a worker process that dies outright (calamine
aborts on some malformed files) costs only the file it was reading.
"""

from __future__ import annotations

import os
import pickle
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import overload

from pydantic import BaseModel, ConfigDict, Field

from jixiao.errors import UserError
from jixiao.evaluate import FormResult
from jixiao.findings import Finding, Severity, count_by_severity
from jixiao.intake import (
    ANNOTATABLE_SUFFIXES,
    CRASHED,
    SUPPORTED_SUFFIXES,
    describe_failure,
    precheck,
)
from jixiao.layout import Form
from jixiao.messages import finding
from jixiao.models import SelfEvaluation
from jixiao.pipeline import Analysis, analyse_file
from jixiao.plan import Mode
from jixiao.profile import UnknownProfileError, load_profile

BACKUP_MARKER = ".备份-"  # jixiao recalc --in-place backups: 报表.备份-20250301-101500.xlsx
XLS_NOTE = ".xls 文件只读取数值，不生成标注副本（请另存为 .xlsx 后再标注）。"


class Status(StrEnum):
    """A workbook's outcome in the JSON report (spec §6)."""

    OK = "ok"
    FINDINGS = "findings"
    UNREADABLE = "unreadable"

    @property
    def label(self) -> str:
        """The Chinese word the reviewer reads."""
        return {"ok": "通过", "findings": "有问题", "unreadable": "无法读取"}[self.value]


class IndicatorRow(BaseModel):
    """One 三级指标 row as entered, with the score recalculation would write (for --export)."""

    model_config = ConfigDict(frozen=True)

    sheet: str
    form: Form
    project: str | None = None
    level1: str = ""
    level2: str = ""
    name: str = ""
    target: str = ""
    actual: str = ""
    weight: Decimal | str | None = None
    score: Decimal | str | None = None
    computed_score: Decimal | str | None = None
    reason: str = ""
    row: int


class WorkbookResult(BaseModel):
    """Everything the reports need about one file; plain data that crosses process boundaries."""

    model_config = ConfigDict(frozen=True)

    file: str
    status: Status
    department: str | None = None
    year: int | None = None
    profile: str | None = None
    forms: list[FormResult] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    indicators: list[IndicatorRow] = Field(default_factory=list)
    annotated: str | None = None  # absolute path of the annotated copy
    note: str | None = None  # something the terminal should say about this file
    traceback: str | None = None  # only with --debug
    seconds: float = 0.0

    @property
    def counts(self) -> dict[Severity, int]:
        return count_by_severity(self.findings)

    @property
    def verdict(self) -> str:
        """What the reviewer reads: 通过, 有警告, 有错误 or 无法读取."""
        if self.status is not Status.FINDINGS:
            return self.status.label
        return "有错误" if self.counts[Severity.ERROR] else "有警告"

    def _annex2(self, key: str) -> str | None:
        for form in self.forms:
            if form.form is Form.ANNEX2:
                return form.computed.get(key)
        return None

    @property
    def total_score(self) -> Decimal | None:
        """附件2's computed 总分 (what recalc would write), if it could be computed."""
        text = self._annex2("total_score")
        try:
            return Decimal(text) if text is not None else None
        except InvalidOperation:
            return None

    @property
    def grade(self) -> str | None:
        grade = self._annex2("grade")
        return grade if grade and grade != "—" else None

    @property
    def rank(self) -> int:
        """0 with errors, 1 with warnings only, 2 otherwise: the order reviewers read in."""
        counts = self.counts
        if counts[Severity.ERROR]:
            return 0
        return 1 if counts[Severity.WARNING] else 2


class PackedResults(Sequence[WorkbookResult]):
    """Results kept pickled: about 2.6 KB a seed-sized workbook instead of about 15 KB as
    objects, so a batch of thousands of files holds little memory; each access unpickles one
    result (about 20 µs)."""

    def __init__(self, results: Iterable[WorkbookResult] = ()) -> None:
        self._blobs = [pack(result) for result in results]

    @classmethod
    def from_blobs(cls, blobs: list[bytes]) -> PackedResults:
        packed = cls()
        packed._blobs = blobs
        return packed

    def __len__(self) -> int:
        return len(self._blobs)

    @overload
    def __getitem__(self, index: int) -> WorkbookResult: ...

    @overload
    def __getitem__(self, index: slice) -> list[WorkbookResult]: ...

    def __getitem__(self, index: int | slice) -> WorkbookResult | list[WorkbookResult]:
        if isinstance(index, slice):
            return [unpack(blob) for blob in self._blobs[index]]
        return unpack(self._blobs[index])


def pack(result: WorkbookResult) -> bytes:
    return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


def unpack(blob: bytes) -> WorkbookResult:
    result = pickle.loads(blob)
    assert isinstance(result, WorkbookResult)
    return result


@dataclass(frozen=True)
class BatchResult:
    """All workbooks of one ``jixiao check`` run, in input order."""

    profile: str
    workbooks: Sequence[WorkbookResult]
    seconds: float = 0.0

    @cached_property
    def _summary(self) -> tuple[dict[Severity, int], dict[Status, int], list[int]]:
        totals = dict.fromkeys(Severity, 0)
        statuses = dict.fromkeys(Status, 0)
        ranks: list[int] = []
        for workbook in self.workbooks:
            for severity, count in workbook.counts.items():
                totals[severity] += count
            statuses[workbook.status] += 1
            ranks.append(workbook.rank)
        return totals, statuses, ranks

    @property
    def totals(self) -> dict[Severity, int]:
        """Errors, warnings and infos over all workbooks."""
        return dict(self._summary[0])

    @property
    def statuses(self) -> dict[Status, int]:
        return dict(self._summary[1])

    def by_rank(self) -> Iterator[WorkbookResult]:
        """Workbooks with errors first, then with warnings, then the rest; input order within.

        One at a time, so a packed batch is never unpacked all at once."""
        ranks = self._summary[2]
        for index in sorted(range(len(ranks)), key=ranks.__getitem__):
            yield self.workbooks[index]


class CheckTask(BaseModel):
    """What a worker needs to check one file."""

    model_config = ConfigDict(frozen=True)

    path: str
    file: str
    profile: str | None = None
    annotate_to: str | None = None
    collect_indicators: bool = False
    debug: bool = False


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to check: where it is, how to name it, and where it sits below its folder."""

    path: Path
    file: str
    relative: Path


# --------------------------------------------------------------------------- collecting inputs


def _skipped(name: str) -> bool:
    """Office lock files, our own backups, hidden files (macOS ``._x.xlsx`` forks)."""
    return name.startswith(("~$", ".")) or BACKUP_MARKER in name


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def _walk(folder: Path, excluded_dirs: Sequence[Path]) -> list[Path]:
    top = Path(os.path.abspath(folder))
    # An output folder inside the inputs is skipped; one that contains them is not.
    excluded_dirs = [skip for skip in excluded_dirs if not _inside(top, skip)]
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = sorted(
            name for name in dirs
            if not name.startswith(".") and name != "__MACOSX"
            and not any(_inside(Path(os.path.abspath(here / name)), skip) for skip in excluded_dirs)
        )
        for name in sorted(files):
            if not _skipped(name) and Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                found.append(here / name)
    return found


def collect_inputs(
    paths: Sequence[Path], *, exclude: Iterable[Path] = (), exclude_dirs: Iterable[Path] = ()
) -> list[InputFile]:
    """Files named on the command line as they are, folders searched recursively.

    ``relative`` is the file's path below the common folder of all arguments, which is what the
    annotated copies mirror. Files are deduplicated and kept in a stable, sorted order.
    """
    excluded = {os.path.abspath(path) for path in exclude}
    skip_dirs = [Path(os.path.abspath(folder)) for folder in exclude_dirs]
    chosen: list[tuple[Path, Path]] = []  # (path as given, base folder)
    for given in paths:
        if given.is_dir():
            chosen.extend((found, given) for found in _walk(given, skip_dirs))
        elif given.is_file():
            chosen.append((given, given.parent))
        else:
            raise UserError(f"找不到文件或文件夹：{given}")
    bases = [os.path.abspath(base) for _, base in chosen]
    try:
        common = Path(os.path.commonpath(bases)) if bases else Path.cwd()
    except ValueError:  # different drives on Windows
        common = None
    inputs: list[InputFile] = []
    seen: set[str] = set()
    for path, _ in chosen:
        absolute = os.path.abspath(path)
        if absolute in excluded:
            continue
        key = os.path.normcase(os.path.realpath(path))
        if key in seen:
            continue
        seen.add(key)
        relative = Path(absolute).relative_to(common) if common is not None else Path(path.name)
        inputs.append(InputFile(path=path, file=path.as_posix(), relative=relative))
    return inputs


# --------------------------------------------------------------------------- one workbook


def _number_or_text(value: Decimal | None, text: str) -> Decimal | str | None:
    if value is not None:
        return value
    return text or None


def indicator_rows(analysis: Analysis) -> list[IndicatorRow]:
    """Every 三级指标 row of 附件2 and each 附件3, with the score recalculation computes."""
    computed = {(write.sheet, write.cell): write.value for write in analysis.evaluation.writes}
    rows: list[IndicatorRow] = []
    parsed = analysis.parsed
    forms: list[tuple[SelfEvaluation, Form, str | None]] = []
    if parsed.annex2 is not None:
        forms.append((parsed.annex2, Form.ANNEX2, None))
    forms += [
        (project, Form.ANNEX3, project.project_name.text or None) for project in parsed.annex3
    ]
    for form, kind, project in forms:
        for item in form.indicators:
            rows.append(
                IndicatorRow(
                    sheet=form.sheet, form=kind, project=project, level1=item.level1,
                    level2=item.level2, name=item.name.text, target=item.target.text,
                    actual=item.actual.text,
                    weight=_number_or_text(item.weight.value, item.weight.text),
                    score=_number_or_text(item.score.value, item.score.text),
                    computed_score=computed.get((item.score.sheet, item.score.cell)),
                    reason=item.reason.text, row=item.row,
                )
            )
    return rows


def annotate_copy(source: Path, target: Path, analysis: Analysis) -> None:
    """Write the marks of a validate run into a copy; ``source`` is only ever read."""
    import warnings

    from openpyxl import load_workbook

    from jixiao.writers.openpyxl_writer import apply_plan
    from jixiao.writers.safe_save import save_atomically

    if os.path.abspath(source) == os.path.abspath(target):
        raise UserError(f"标注副本不能覆盖原文件：{source}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # x14 extensions openpyxl drops: fine in a copy
        workbook = load_workbook(
            source, keep_vba=source.suffix.lower() == ".xlsm", rich_text=True
        )
    apply_plan(workbook, analysis.plan(Mode.VALIDATE))
    target.parent.mkdir(parents=True, exist_ok=True)
    save_atomically(workbook, target, keep_backup=False)


def unreadable(task: CheckTask, reason: str, started: float, trace: str | None = None) -> WorkbookResult:
    """The result for a file that could not be read: one ``file-unreadable`` finding."""
    problem = finding("file-unreadable", sheet="", cell="", indicator="文件", reason=reason)
    return WorkbookResult(
        file=task.file, status=Status.UNREADABLE, findings=[problem], traceback=trace,
        seconds=time.perf_counter() - started,
    )


def _check(task: CheckTask, started: float) -> WorkbookResult:
    path = Path(task.path)
    precheck(path)
    analysis = analyse_file(path, task.profile)
    findings = analysis.evaluation.findings
    counts = count_by_severity(findings)
    status = Status.FINDINGS if counts[Severity.ERROR] or counts[Severity.WARNING] else Status.OK
    annotated: str | None = None
    note: str | None = None
    trace: str | None = None
    if task.annotate_to is not None:
        if path.suffix.lower() not in ANNOTATABLE_SUFFIXES:
            note = XLS_NOTE
        else:
            try:
                annotate_copy(path, Path(task.annotate_to), analysis)
                annotated = os.path.abspath(task.annotate_to)
            except Exception as error:  # the check itself succeeded; only the copy failed
                note = f"未能生成标注副本：{describe_failure(error)}"
                trace = traceback.format_exc() if task.debug else None
    parsed = analysis.parsed
    return WorkbookResult(
        file=task.file,
        status=status,
        department=parsed.department or None,
        year=parsed.year,
        profile=analysis.profile.name,
        forms=list(analysis.evaluation.forms),
        findings=list(findings),
        indicators=indicator_rows(analysis) if task.collect_indicators else [],
        annotated=annotated,
        note=note,
        traceback=trace,
        seconds=time.perf_counter() - started,
    )


def check_workbook(task: CheckTask) -> WorkbookResult:
    """The worker: check one file and never raise (a failure becomes an unreadable result)."""
    started = time.perf_counter()
    try:
        return _check(task, started)
    except Exception as error:
        trace = traceback.format_exc() if task.debug else None
        return unreadable(task, describe_failure(error), started, trace)


# --------------------------------------------------------------------------- many workbooks


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


OnResult = Callable[[WorkbookResult], None]


def _run_pool(
    tasks: Sequence[CheckTask], indices: Sequence[int], jobs: int,
    results: dict[int, bytes], on_result: OnResult,
) -> list[int]:
    """Run ``indices`` in a pool; returns those lost to a worker process that died."""
    lost: list[int] = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures: dict[Future[WorkbookResult], int] = {
            pool.submit(check_workbook, tasks[index]): index for index in indices
        }
        try:
            for future in as_completed(futures):
                index = futures.pop(future)  # drop the future: it holds the result object
                try:
                    result = future.result()
                except BrokenProcessPool:
                    lost.append(index)
                    continue
                except Exception as error:  # e.g. a result that failed to pickle
                    result = unreadable(tasks[index], describe_failure(error), time.perf_counter())
                results[index] = pack(result)
                on_result(result)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return sorted(lost)


def _run_isolated(
    tasks: Sequence[CheckTask], indices: Sequence[int],
    results: dict[int, bytes], on_result: OnResult,
) -> None:
    """One file at a time in a one-process pool: a crash now names the file that caused it."""
    pool = ProcessPoolExecutor(max_workers=1)
    try:
        for index in indices:
            started = time.perf_counter()
            try:
                result = pool.submit(check_workbook, tasks[index]).result()
            except BrokenProcessPool:
                result = unreadable(tasks[index], CRASHED, started)
                pool.shutdown(wait=False)
                pool = ProcessPoolExecutor(max_workers=1)
            results[index] = pack(result)
            on_result(result)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def run_tasks(
    tasks: Sequence[CheckTask], *, jobs: int | None = None, on_result: OnResult | None = None
) -> PackedResults:
    """Check every task, results in task order; ``jobs`` > 1 uses a process pool, 1 runs in
    this process."""
    report = on_result or (lambda result: None)
    workers = min(jobs or default_jobs(), len(tasks))
    results: dict[int, bytes] = {}
    if workers <= 1:
        for index, task in enumerate(tasks):
            result = check_workbook(task)
            results[index] = pack(result)
            report(result)
    else:
        lost = _run_pool(tasks, range(len(tasks)), workers, results, report)
        if lost:
            _run_isolated(tasks, lost, results, report)
    return PackedResults.from_blobs([results[index] for index in range(len(tasks))])


def batch_profile(override: str | None, workbooks: Iterable[WorkbookResult]) -> str:
    """The report's ``profile``: the override, else the one the workbooks used.

    Without ``--profile`` each template's embedded profile applies; if they differ the names are
    joined with commas.
    """
    if override:
        return load_profile(override).name
    used = sorted({workbook.profile for workbook in workbooks if workbook.profile})
    return ",".join(used) if used else load_profile(None).name


def plan_batch(
    paths: Sequence[Path],
    *,
    profile: str | None = None,
    annotate_dir: Path | None = None,
    collect_indicators: bool = False,
    debug: bool = False,
    exclude: Iterable[Path] = (),
) -> list[CheckTask]:
    """One task per input file.

    Raises UserError for what the user must fix before anything runs: a missing path, no
    workbooks at all, an unknown profile, annotated copies that would overwrite an input.
    """
    if profile:
        try:
            load_profile(profile)
        except UnknownProfileError as error:
            raise UserError(str(error)) from error
    skip_dirs = [annotate_dir] if annotate_dir is not None else []
    inputs = collect_inputs(paths, exclude=exclude, exclude_dirs=skip_dirs)
    if not inputs:
        raise UserError("没有找到可检查的工作簿（.xlsx、.xlsm、.xls）。")
    return [
        CheckTask(
            path=str(item.path), file=item.file, profile=profile,
            annotate_to=_annotation_target(item, annotate_dir),
            collect_indicators=collect_indicators, debug=debug,
        )
        for item in inputs
    ]


def run_batch(
    tasks: Sequence[CheckTask], *, jobs: int | None = None, on_result: OnResult | None = None
) -> BatchResult:
    """Check every task and gather the results in input order."""
    started = time.perf_counter()
    workbooks = run_tasks(tasks, jobs=jobs, on_result=on_result)
    override = tasks[0].profile if tasks else None
    return BatchResult(
        profile=batch_profile(override, workbooks), workbooks=workbooks,
        seconds=time.perf_counter() - started,
    )


def check_paths(
    paths: Sequence[Path],
    *,
    profile: str | None = None,
    jobs: int | None = None,
    annotate_dir: Path | None = None,
    collect_indicators: bool = False,
    debug: bool = False,
    exclude: Iterable[Path] = (),
    on_result: OnResult | None = None,
) -> BatchResult:
    """Check files and folders in one call: what ``jixiao check`` does, minus the terminal."""
    tasks = plan_batch(
        paths, profile=profile, annotate_dir=annotate_dir,
        collect_indicators=collect_indicators, debug=debug, exclude=exclude,
    )
    return run_batch(tasks, jobs=jobs, on_result=on_result)


def _annotation_target(item: InputFile, annotate_dir: Path | None) -> str | None:
    if annotate_dir is None:
        return None
    target = annotate_dir / item.relative
    if os.path.realpath(target) == os.path.realpath(item.path):
        raise UserError(
            f"标注副本会覆盖原文件“{item.file}”。请为 --annotate 指定另一个文件夹。"
        )
    return str(target)
