"""The kg command group. Library code raises kg.errors; only this module turns them into
messages and exit codes (0 ok, 1 violations, 2 bad input or error)."""
from __future__ import annotations

import os
import sys
from typing import NoReturn

import click

from kg.errors import KgError


def _fail(err: KgError) -> None:
    click.echo(f"error: {err}", err=True)
    sys.exit(err.exit_code)


class KgGroup(click.Group):
    """Turns every KgError raised by a command into one line on stderr and its exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KgError as err:
            _fail(err)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, SystemExit):
            raise
        except BrokenPipeError:  # 'kg stats G | head': the reader left; stop quietly, as cat does
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(141)
        except OSError as err:  # the machine said no (disk full, not a folder, permission): not a bug
            where = err.filename or "output"
            click.echo(f"error: {where}: {err.strerror or err}", err=True)
            sys.exit(2)
        except Exception as err:  # a bug: say so in one line; KG_DEBUG=1 shows the traceback
            if os.environ.get("KG_DEBUG"):
                raise
            click.echo(f"internal error: {type(err).__name__}: {err} (set KG_DEBUG=1 for details)", err=True)
            sys.exit(2)


@click.group(cls=KgGroup)
@click.version_option(package_name="kg")
def main() -> None:
    """kg: Vietnamese news articles to a validated knowledge graph."""


_whole_process = False  # set by run(): the command owns the process, nothing runs after it


def run() -> None:
    """The `kg` program (console script, `python -m kg.cli`): main() in a process of its own."""
    global _whole_process
    _whole_process = True
    main()


def leave(code: int) -> NoReturn:
    """End a command that has written everything, with `code`. When the command owns the
    process (run()), the output streams are flushed and the process ends at once: the
    interpreter would otherwise free what the caller's frame still holds object by object
    (2.1 s after the last line of a 10k-article build, whose 1.6 GB the OS takes back at
    once). Called in-process (tests, other programs), a plain sys.exit."""
    if _whole_process:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)
