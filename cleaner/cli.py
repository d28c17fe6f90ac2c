"""The `clean` command: options in, a run over the inputs, exit status out."""
from __future__ import annotations

import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from functools import partial
from multiprocessing import Pool
from pathlib import Path
from typing import Any

import click

from . import __version__, cluster
from .explain import explain_lines, rule_table
from .inputs import Input, expand
from .learn import SOURCE_BY, LearnedSource, Learner, LineTexts, Survey, Surveyor, write_pack
from .pipeline import Cleaner, Result
from .readers import InputError
from .rules import RuleFileError, RuleSet
from .writers import OutputFolder, to_json

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
IN_FLIGHT_PER_WORKER = 4

# One task per worker process, set once by the pool's initializer: what to do with an input's
# bytes (clean them, or survey them for learning).
_task: Callable[[Input, bytes], Any] | None = None


def _init_worker(task: Callable[[Input, bytes], Any]) -> None:
    global _task
    _task = task


def _clean_task(cleaner: Cleaner, item: Input, data: bytes) -> Result:
    return cleaner.clean_data(data, item.source, item.key)


def _survey_task(surveyor: Surveyor, item: Input, data: bytes) -> Survey:
    return surveyor.survey(item.source, data)


def _run_one(job: tuple[Input, bytes | None, int]) -> tuple[Input, Any, str | None, bool]:
    """Run the task on one input: (input, result, message, skipped). Never raises for bad input."""
    item, data, max_bytes = job
    try:
        if data is None:
            size = item.path.stat().st_size
            if size > max_bytes:
                return item, None, f"too large ({size} bytes; the limit is {max_bytes}, see --max-bytes)", False
            data = item.path.read_bytes()
        if not data.strip():
            return item, None, "empty, no article", True
        return item, _task(item, data), None, False
    except InputError as exc:
        return item, None, str(exc), exc.skip
    except IsADirectoryError:
        return item, None, "is a folder that could not be listed", False
    except OSError as exc:
        return item, None, f"cannot read: {exc.strerror or exc}", False


def _outcomes(task: Callable[[Input, bytes], Any], jobs: list[tuple[Input, bytes | None, int]],
              workers: int) -> Iterator:
    global _task
    if workers <= 1 or len(jobs) <= 1:
        _task = task
        yield from map(_run_one, jobs)
        return
    # A sliding window of jobs in flight, consumed in input order: Pool.imap would let finished
    # results pile up behind one slow file, and memory must stay bounded by a few files.
    with Pool(workers, initializer=_init_worker, initargs=(task,)) as pool:
        pending: deque = deque()
        for job in jobs:
            pending.append(pool.apply_async(_run_one, (job,)))
            if len(pending) >= IN_FLIGHT_PER_WORKER * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _learn(rules: RuleSet, jobs: list[tuple[Input, bytes | None, int]], workers: int,
           by: str) -> list[LearnedSource]:
    """Pass 1: survey every input and learn each source's recurring lines. Inputs that cannot be
    read are skipped here; cleaning reports them."""
    learner = Learner(by, [item.source for item, _, _ in jobs])
    for item, survey, _, _ in _outcomes(partial(_survey_task, Surveyor(rules, by)), jobs, workers):
        if survey is None:
            learner.skip(item.source)
        else:
            learner.add(item.source, survey)
    learned = learner.learned(rule.id for rule in rules.rules)
    for source in learned:
        click.echo(f"clean: learned {source.rule_id}: {len(source.counts)} lines that recur in "
                   f"{source.group.label} ({source.files} files)", err=True)
    return learned


def _progress(items: Iterable, total: int) -> AbstractContextManager[Iterable]:
    """A progress bar on standard error when it is a terminal; the items alone otherwise."""
    if not sys.stderr.isatty():
        return nullcontext(items)
    return click.progressbar(items, length=total, file=sys.stderr, label="cleaning")


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("inputs", nargs=-1)
@click.option("-o", "--out", "out_arg", metavar="OUT",
              help="Folder (a path or a URL such as s3://bucket/out) for articles.jsonl and the .txt files. "
                   "Without it, JSON lines go to standard output.")
@click.option("--explain", is_flag=True,
              help="Print each removal as `source:line rule-id: text`, and each story break weighed, "
                   "to standard output (instead of the JSON lines when there is no -o).")
@click.option("--list-rules", is_flag=True, help="List every rule with its id and description, then exit.")
@click.option("--disable", multiple=True, metavar="ID", help="Turn off a rule by id (repeatable).")
@click.option("--rules", "rule_files", multiple=True, metavar="FILE.toml",
              type=click.Path(exists=True, dir_okay=False), help="Add the rules in a TOML file (repeatable).")
@click.option("-j", "--jobs", type=click.IntRange(1), default=1, show_default=True,
              help="Clean files in this many processes; the output is the same as with one.")
@click.option("--max-bytes", type=click.IntRange(1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Fail inputs larger than this many bytes instead of reading them.")
@click.option("--learn", is_flag=True,
              help="Read the inputs twice: first learn the lines that recur across many files of one source "
                   "(menus, footers, prompts), then clean with them removed.")
@click.option("--source-by", type=click.Choice(SOURCE_BY), default="folder", show_default=True,
              help="What makes files one source for --learn: their folder, the domain a file names "
                   "(canonical link, og:url, a URL line), or none (the whole run is one source).")
@click.option("--save-rules", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE.toml",
              help="Write the learned rules as a rule file that --rules reads (implies --learn).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Clean on the Dask cluster of this scheduler (tcp://host:8786); needs the `dask` extra.")
@click.version_option(__version__, prog_name="clean")
def main(inputs: tuple[str, ...], out_arg: str | None, explain: bool, list_rules: bool,
         disable: tuple[str, ...], rule_files: tuple[str, ...], jobs: int, max_bytes: int,
         learn: bool, source_by: str, save_rules: Path | None, scheduler: str | None) -> None:
    """Clean scraped news in INPUT files and folders (`-` for standard input), URLs
    (s3://..., file://...) and web archives (.warc, .warc.gz) into articles."""
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

    if scheduler is not None or cluster.needs_it(inputs, out_arg):
        if learn or save_rules or explain or "-" in inputs:
            raise click.UsageError("--learn, --save-rules, --explain and - (standard input) read local files only; "
                                   "they cannot be used with --scheduler, URLs or web archives")
        sys.exit(1 if cluster.main(list(inputs), out_arg, rules, max_bytes, scheduler, jobs) else 0)
    out_dir = Path(out_arg) if out_arg is not None else None
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        raise click.UsageError(f"-o: {out_arg!r} is a file, not a folder")
    items = list(expand(list(inputs), out_dir))
    stdin_data = sys.stdin.buffer.read() if any(item.is_stdin for item in items) else None
    job_list = [(item, stdin_data if item.is_stdin else None, max_bytes) for item in items]
    learned = _learn(rules, job_list, jobs, source_by) if learn or save_rules else []
    # Learned rules run first, as the rules of a file given first with --rules would.
    cleaner = Cleaner(RuleSet((*(source.rule() for source in learned), *rules.rules)))
    texts = LineTexts(learned)
    sink = OutputFolder(out_dir) if out_dir is not None else None
    failed = False
    try:
        with _progress(_outcomes(partial(_clean_task, cleaner), job_list, jobs), len(job_list)) as outcomes:
            for item, result, message, skipped in outcomes:
                if message is not None:
                    click.echo(f"clean: {item.display}: {'skipped' if skipped else 'error'}: {message}", err=True)
                    failed = failed or not skipped
                    continue
                texts.add(result.articles)
                for warning in result.warnings:
                    click.echo(f"clean: {item.display}: warning: {warning}", err=True)
                for article in result.articles:
                    if sink is not None:
                        sink.write(article, item.key)
                    elif not explain:
                        click.echo(to_json(article))
                if explain:
                    for line in explain_lines(result):
                        click.echo(line)
    except BaseException:
        if sink is not None:
            sink.abort()
        raise
    if sink is not None:
        sink.close()
    if save_rules is not None:
        try:
            write_pack(save_rules, learned, texts)
        except OSError as exc:
            click.echo(f"clean: {save_rules}: error: cannot write the rules: {exc.strerror or exc}", err=True)
            failed = True
    sys.exit(1 if failed else 0)
