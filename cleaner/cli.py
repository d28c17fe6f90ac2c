"""The `clean` command: options in, a run over the inputs, exit status out."""
from __future__ import annotations

import sys
from dataclasses import replace
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from . import __version__, cluster
from .explain import rule_table
from .inputs import expand
from .learn import SOURCE_BY, LearnedSource
from .readers.warc import is_warc
from .report import ReportPage
from .rules import RuleFileError, RuleSet
from .run import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    ExplainLines,
    JsonLines,
    Observer,
    Observers,
    Options,
    Problem,
    Report,
    Sink,
    run,
)
from .settings import DEFAULT
from .storage import is_url
from .writers import OutputError, OutputFolder

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar


class _Messages(Observer):
    """Tells a run's learned sources and problems on standard error, one line each, with a
    progress bar there when it is a terminal."""

    def __init__(self) -> None:
        self._bar: ProgressBar[int] | None = None

    def learned(self, source: LearnedSource) -> None:
        click.echo(f"clean: learned {source.rule_id}: {len(source.counts)} lines that recur in "
                   f"{source.group.label} ({source.files} files)", err=True)

    def problem(self, problem: Problem) -> None:
        click.echo(f"clean: {problem}", err=True)

    def note(self, message: str) -> None:
        click.echo(f"clean: {message}", err=True)

    def progress(self, done: int, total: int | None) -> None:
        if not sys.stderr.isatty():
            return
        if self._bar is None:
            # With no total yet (inputs still being listed), the bar counts without a percentage.
            self._bar = click.progressbar(repeat(0) if total is None else None, length=total, file=sys.stderr,
                                          label="cleaning", show_pos=total is None)
        self._bar.update(done - self._bar.pos)
        if done == total:
            self._bar.render_finish()


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("inputs", nargs=-1)
@click.option("-o", "--out", "out_arg", metavar="OUT",
              help="Folder (a path, or a URL such as s3://bucket/out) for articles.jsonl and the .txt files; "
                   "after the run it holds this run's articles only (the .txt files an earlier run listed "
                   "there are removed). Without it, JSON lines go to standard output.")
@click.option("--explain", is_flag=True,
              help="Print each removal as `source:line rule-id: text`, and each story break weighed, "
                   "to standard output (instead of the JSON lines when there is no -o).")
@click.option("--report", "page", is_flag=True,
              help="Also write OUT/report.html: one page that shows each source's lines, what each rule took "
                   "and where each story break was weighed, for any browser, loading nothing (needs -o).")
@click.option("--list-rules", is_flag=True, help="List every rule with its id and description, then exit.")
@click.option("--disable", multiple=True, metavar="ID", help="Turn off a rule by id, or a field: field:byline (repeatable).")
@click.option("--rules", "rule_files", multiple=True, metavar="FILE.toml",
              type=click.Path(exists=True, dir_okay=False), help="Add the rules in a TOML file (repeatable).")
@click.option("-j", "--jobs", type=click.IntRange(1), default=1, show_default=True,
              help="Clean files in this many processes; the output is the same as with one.")
@click.option("--max-bytes", type=click.IntRange(1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Fail inputs larger than this many bytes instead of reading them.")
@click.option("--timeout", type=click.FloatRange(0), default=DEFAULT_TIMEOUT, show_default=True, metavar="SECONDS",
              help="Fail an input that takes longer than this to clean, and go on with the others (0: no limit).")
@click.option("--learn", is_flag=True,
              help="Read the inputs twice: first learn the lines that recur across many files of one source "
                   "(menus, footers, prompts), then clean with them removed.")
@click.option("--source-by", type=click.Choice(SOURCE_BY), default="folder", show_default=True,
              help="What makes files one source for --learn: their folder, the domain a file names "
                   "(canonical link, og:url, a URL line), or none (the whole run is one source).")
@click.option("--save-rules", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE.toml",
              help="Write the learned rules as a rule file that --rules reads (implies --learn).")
@click.option("--resume", is_flag=True,
              help="Go on with a run into OUT that was stopped: the inputs it wrote are kept and not cleaned "
                   "again, and the output is that of one uninterrupted run. Needs -o and the same inputs.")
@click.option("--split/--no-split", default=True,
              help="--no-split: each input is one article, for inputs known to hold one story each "
                   "(--explain says so at each input's first line).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Clean on the Dask cluster of this scheduler (tcp://host:8786); needs the `dask` extra.")
@click.version_option(__version__, prog_name="clean")
def main(inputs: tuple[str, ...], out_arg: str | None, explain: bool, page: bool, list_rules: bool,
         disable: tuple[str, ...], rule_files: tuple[str, ...], jobs: int, max_bytes: int, timeout: float,
         learn: bool, source_by: str, save_rules: Path | None, resume: bool, split: bool,
         scheduler: str | None) -> None:
    """Clean scraped news in INPUT files and folders (`-` for standard input), URLs (s3://...,
    file://...) and web archives (.warc, .warc.gz) into articles."""
    try:
        rules = RuleSet.load(rule_files, disable)
    except RuleFileError as exc:
        raise click.UsageError(str(exc)) from None
    if list_rules:
        click.echo(rule_table(RuleSet.load(rule_files).rules, set(disable)))
        return
    if not inputs:
        raise click.UsageError("give at least one INPUT (a file, a folder, or - for standard input)")
    if inputs.count("-") > 1:
        raise click.UsageError("standard input (-) can be given only once")
    if save_rules is not None and not save_rules.absolute().parent.is_dir():
        raise click.UsageError(f"--save-rules: no folder {str(save_rules.parent)!r} to write {save_rules.name!r} in")

    if resume and out_arg is None:
        raise click.UsageError("--resume needs the output folder of the run to go on with (-o)")
    out_dir = Path(out_arg) if out_arg is not None and not is_url(out_arg) else None
    if page and out_dir is None:
        raise click.UsageError("--report needs a local output folder to write report.html in (-o OUT)")
    options = Options(rules, settings=DEFAULT if split else replace(DEFAULT, split=False), jobs=jobs,
                      max_bytes=max_bytes, timeout=timeout, learn=learn, source_by=source_by, save_rules=save_rules,
                      keep_lines=page, explain=explain or page)
    messages = _Messages()
    try:
        report = _run(list(inputs), out_arg, out_dir, options, resume, explain, page, scheduler, messages)
    except OutputError as exc:
        _stop(str(exc), 2)
    except KeyboardInterrupt:
        kept = f"; what was finished is in {out_arg}, and --resume goes on with it" if out_arg is not None else ""
        _stop(f"interrupted{kept}", 130)
    if report.removed:
        messages.note(f"removed {len(report.removed)} .txt files of an earlier run from {out_arg} "
                      f"(such as {report.removed[0]}); it holds this run's articles")
    sys.exit(1 if report.failed else 0)


def _run(inputs: list[str], out_arg: str | None, out_dir: Path | None, options: Options, resume: bool,
         explain: bool, page: bool, scheduler: str | None, messages: _Messages) -> Report:
    # Made first: a folder that cannot be written stops the run before anything is read.
    output = OutputFolder(out_dir, resume) if out_dir is not None else None

    def skip(display: str, why: str) -> None:
        messages.problem(Problem(display, "skipped", why))

    elsewhere = scheduler is not None or cluster.handles(inputs, out_arg)
    items = [] if elsewhere else list(expand(inputs, out_dir, skip))
    if elsewhere or any(is_warc(item.source) for item in items):
        # A cluster, URLs or web archives: inputs are listed as a stream and cleaned where they
        # are read, each worker writing its .txt files (cluster.py).
        if options.learn or options.save_rules or explain or page or "-" in inputs:
            raise click.UsageError("--learn, --save-rules, --explain, --report and - (standard input) read "
                                   "local files only; they cannot be used with --scheduler, URLs or web archives")
        return cluster.main(inputs, out_arg, options, scheduler, messages, resume)
    stdin = sys.stdin.buffer.read() if any(item.is_stdin for item in items) else None
    sinks: list[Sink[Any]] = [output] if output is not None else []
    observer: Observer = messages
    if page and out_dir is not None:
        report_page = ReportPage(out_dir, options.rules, resume)
        sinks.append(report_page)  # after the output folder, whose article paths it shows
        observer = Observers(observer, report_page)
    if explain:
        sinks.append(ExplainLines(click.echo))
    elif output is None:
        sinks.append(JsonLines(click.echo))
    report = run(items, options, sinks, observer, stdin)
    if output is not None:
        report.removed = output.removed
    return report


def _stop(message: str, status: int) -> NoReturn:
    """One line on standard error, and the exit status."""
    click.echo(f"clean: {message}", err=True)
    sys.exit(status)
