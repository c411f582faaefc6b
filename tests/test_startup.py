"""Start-up: what a command imports (only what it uses), and the third-party internals the CLI's fast start relies on.

No timings here (benchmarks/bench_startup.py measures them); these hold the shape that makes them.
"""

from __future__ import annotations

import ast
import inspect
import json
import subprocess
import sys
from pathlib import Path

from conftest import INSTALLED, NEUTRAL_DIR, ROOT, SAMPLES

# Runs `notecards ARGS` as the console script does (cli.main), then prints the modules it imported.
PROBE = """
import os, sys
from notecards import cli
end = os._exit
def report(code):
    sys.stdout.write("\\n" + __import__("json").dumps(sorted(sys.modules)) + "\\n"); sys.stdout.flush(); end(code)
os._exit = report
sys.argv = ["notecards", *sys.argv[1:]]
cli.main()
"""


def modules_of(*args: str | Path) -> set[str]:
    """The modules a `notecards ARGS` process imported by the time it ended (it must succeed)."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *map(str, args)],
        capture_output=True,
        text=True,
        cwd=NEUTRAL_DIR if INSTALLED else ROOT,
        timeout=300,
        check=True,
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_a_plain_build_imports_no_sheet_plotter_design_or_metadata_code(tmp_path: Path) -> None:
    """The panel (cards, envelopes, emails; no --sheet, --plotter or design) pays only for what it writes."""
    loaded = modules_of("build", SAMPLES / "panel.yaml", "-o", tmp_path / "out", "--quiet")
    unused = {
        "importlib.metadata",  # pydantic's plugin lookup (plugins are off)
        "notecards.catalogue.sheets",
        "notecards.catalogue.strokes",
        "notecards.output.impose",
        "notecards.output.preview",
        "notecards.plot",
        "pypdf",
        "weasyprint",
    }
    assert loaded & unused == set()
    assert "notecards.output.emails" in loaded  # the panel does send emails: the probe sees a real build


def test_the_cli_stands_in_for_pydantics_plugin_loader_with_all_pydantic_takes_from_it() -> None:
    """cli.main answers pydantic's "which plugins?" itself when they are off; pydantic must take nothing else from
    its loader, and must read the same values as "off"."""
    import pydantic
    from pydantic.plugin import _loader

    from notecards import cli

    taken: set[str] = set()
    for path in Path(pydantic.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith(
                "plugin._loader" if not node.level else "_loader"
            ):
                taken |= {alias.name for alias in node.names}
            if isinstance(node, ast.Import) and any(alias.name == cli.PLUGIN_LOADER for alias in node.names):
                taken.add("*")
    assert taken == {"get_plugins"}
    source = inspect.getsource(_loader.get_plugins)
    assert all(repr(value) in source for value in cli.PLUGINS_OFF)


def test_each_command_alone_has_the_same_help_and_usage_errors_as_in_the_whole_app() -> None:
    """run() hands typer only the command named (building all ten took longer than drawing a card): same text."""
    from typer.main import get_command_name
    from typer.testing import CliRunner

    from notecards import cli

    runner = CliRunner()
    names = [get_command_name(c.callback.__name__) for c in cli.app.registered_commands if c.callback]
    assert len(names) == len(cli.app.registered_commands) > 5
    for name in names:
        alone = cli._app_for([name])
        assert [c.callback for c in alone.registered_commands] == [
            c.callback
            for c in cli.app.registered_commands
            if c.callback and get_command_name(c.callback.__name__) == name
        ]
        for args in ([name, "--help"], [name, "--no-such-option"], ["--debug", name, "--help"]):
            whole, one = runner.invoke(cli.app, args), runner.invoke(alone, args)
            assert (one.exit_code, one.output) == (whole.exit_code, whole.output), args
    for argv in ([], ["--help", "build"], ["--version"], ["biuld"], ["-o", "build"]):
        assert cli._app_for(argv) is cli.app
