"""`python -m notecards`: the same as the `notecards` command."""

import gc

gc.disable()  # from the start: cli.main says why; importing the command is most of what it would scan

from .cli import main  # noqa: E402 - after the collector is off

main()
