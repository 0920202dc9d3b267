"""The `brief` command: a thin layer over the pipeline.

`app` holds the command group, the options its commands share, and the one place where
errors become messages and exit codes: 0 success, 1 a problem with the input (or the
build), 2 a command-line usage error, 130 interrupted, 141 the reader of the output went
away (a closed pipe). `building` holds the commands that build a memo (build, watch,
preview, email, send, check); `tools` those that help write one (templates, verify, diff,
sources, find, new); `reviewing` brief review. Importing this package registers them all.
"""

from . import building, reviewing, tools
from .app import READER_LOGGERS, _build_options, cli, main

__all__ = ["READER_LOGGERS", "_build_options", "building", "cli", "main", "reviewing", "tools"]
