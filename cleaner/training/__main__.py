"""`python -m cleaner.training MODEL ...`: fit a model on ../shared and write it to fitted.toml,
or (with --cv) only report its cross-validated figures, grouped by site."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

# Each training module adds its subcommand: add_parser(subparsers) -> None, and sets `run`.
TRAINERS: tuple[str, ...] = ("html", "main_text", "main_text_end", "split", "text")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cleaner.training", description=__doc__)
    commands = parser.add_subparsers(dest="model", required=True)
    for name in TRAINERS:
        module = __import__(f"cleaner.training.{name}", fromlist=["add_parser"])
        module.add_parser(commands)
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
