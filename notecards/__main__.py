"""`python -m notecards`: the same as the `notecards` command."""

from .cli import main

main()
