"""A file a user writes (path) → its text, read within limits → YAML 1.2 values, safely and in bounded work.

Every file notecards reads from a user (interview, stationery, sheet, envelope, design,
template) comes through `read_text`: it must be a regular file (a FIFO would hang, a
device such as /dev/zero never ends) no larger than its limit, in UTF-8. Every YAML file
comes through `load_yaml`: PyYAML's safe loader (libyaml's, in C, where built) with
YAML 1.2 scalars, no key given twice, no tags but plain text, and, before anything is
built, a walk over the parser's events that refuses nesting deeper than `MAX_DEPTH`
and more than a limit of nodes once aliases are expanded (a file of a few hundred bytes
of nested aliases would otherwise expand to billions of values). Each refusal is a
`ReadError` naming the file and line.

In the import order this module sits with errors, geometry and resources, under
everything that reads files.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .errors import ReadError

MAX_FILE_BYTES = 4_000_000  # an interview of 10,000 interviewers is about 1 MB; a layout file a few hundred bytes
MAX_DEPTH = 32  # the interview schema nests six levels deep
MAX_NODES = 1_000_000  # values in a file once its aliases are expanded (10,000 interviewers are about 100,000)
_PLAIN_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}

if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader  # the C loader, when built, offers the same interface
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ten times faster


class _Loader(_BaseLoader):
    """Safe loading with YAML 1.2 scalars: `14:00` stays a string, `no`/`on` stay words; no key twice."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[str] = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be a plain word, not a list or a mapping", key_node.start_mark
                )
            if key_node.value in seen:  # YAML would silently keep the last one: a second `topic:` loses the first
                raise yaml.constructor.ConstructorError(
                    None, None, f"{key_node.value!r} is given twice in the same block", key_node.start_mark
                )
            seen.add(key_node.value)
        return super().construct_mapping(node, deep)


# PyYAML follows YAML 1.1, where 14:00 is the base-60 number 840 and NO is false.
# People mean the clock time and the word; keep 1.2's plain ints, floats and booleans.
# Dates stay strings too: pydantic reads them, and reports 2026-11-31 with its field and
# line, where PyYAML's own timestamp reader would fail with a bare ValueError.
_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, rx)
        for tag, rx in resolvers
        if tag
        not in {
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
            "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:timestamp",
        }
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)


def read_bytes(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file at `path` (links followed), refused when larger than `max_bytes`."""
    try:  # O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror}", path) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
        os.close(fd)
        raise ReadError(
            "is not a regular file (a folder, a device or a pipe); give a file"
            if not stat.S_ISREG(info.st_mode)
            else f"is {info.st_size:,} bytes, over the limit of {max_bytes:,}",
            path,
        )
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:  # it grew while being read
        raise ReadError(f"is over the limit of {max_bytes:,} bytes", path)
    return data


def read_text(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The UTF-8 text of the regular file at `path`, within `max_bytes`; `ReadError` naming the line of a bad byte."""
    data = read_bytes(path, max_bytes)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ReadError("is not UTF-8 text; save it as UTF-8", path, line) from None


def load_yaml(text: str, filename: str | Path, max_nodes: int = MAX_NODES, trusted: bool = False) -> Any:
    """YAML text → Python values; `trusted` (notecards' own bundled files) skips the walk that bounds the work."""
    try:
        if not trusted:
            _check_shape(text, str(filename), max_nodes)
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ReadError(
            f"YAML: {_plain(exc.problem or 'not valid YAML')}", filename, mark.line + 1 if mark else None
        ) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise ReadError(
            f"YAML: the character U+{exc.character:04X} is not allowed in a YAML file"
            if isinstance(exc.character, int)
            else "YAML: a character is not allowed here",
            filename,
            line,
        ) from None
    except (yaml.YAMLError, ValueError, TypeError, IndexError, OverflowError) as exc:  # a constructor's own failure
        raise ReadError(f"YAML: a value cannot be read ({exc})", filename) from None


def field_lines(text: str) -> dict[tuple[int | str, ...], int]:
    """Each field path of YAML text (already loaded by `load_yaml`) → its 1-based line; built only on errors."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return {}
    index: dict[tuple[int | str, ...], int] = {}
    todo: list[tuple[Any, tuple[int | str, ...]]] = [(root, ())] if root is not None else []
    while todo:  # a list, not recursion: `load_yaml` bounded the depth and the nodes, not Python's stack
        node, path = todo.pop()
        index.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                index[(*path, key.value)] = key.start_mark.line + 1  # point at the key, not its value
                todo.append((value, (*path, key.value)))
        elif isinstance(node, yaml.SequenceNode):
            todo += [(item, (*path, i)) for i, item in enumerate(node.value)]
    return index


def _plain(problem: str) -> str:
    if "could not determine a constructor" in problem:
        return f"tags such as {problem.split('tag ')[-1].strip()} are not allowed (the file is loaded safely)"
    return problem.replace("\n", " ")


class _Open:
    """A collection being walked: its anchor, the node count when it opened, and how many children so far."""

    __slots__ = ("anchor", "children", "mapping", "start")

    def __init__(self, anchor: str | None, start: int, mapping: bool) -> None:
        self.anchor, self.start, self.mapping, self.children = anchor, start, mapping, 0


def _check_shape(text: str, filename: str, max_nodes: int) -> None:
    """Walk the parser's events (no values built): refuse deep nesting, tags, complex keys and alias bombs."""
    sizes: dict[str, int] = {}  # anchor → the number of nodes an alias to it stands for
    stack: list[_Open] = []
    total = 0
    for event in yaml.parse(text, Loader=_Loader):
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, yaml.NodeEvent):
            _check_node(event, stack, filename, line)
            if isinstance(event, yaml.AliasEvent) and any(o.anchor == event.anchor for o in stack):
                raise ReadError(f"YAML: the alias *{event.anchor} is inside its own anchor", filename, line)
            total += sizes.get(event.anchor or "", 1) if isinstance(event, yaml.AliasEvent) else 1
            if isinstance(event, yaml.CollectionStartEvent):
                stack.append(_Open(event.anchor, total - 1, isinstance(event, yaml.MappingStartEvent)))
                if len(stack) > MAX_DEPTH:
                    raise ReadError(f"nested more than {MAX_DEPTH} levels deep", filename, line)
            elif isinstance(event, yaml.ScalarEvent) and event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.CollectionEndEvent):
            opened = stack.pop()
            if opened.anchor:
                sizes[opened.anchor] = total - opened.start
        if total > max_nodes:
            raise ReadError(
                f"holds more than {max_nodes:,} values once its aliases (*name) are expanded", filename, line
            )


def _check_node(event: Any, stack: list[_Open], filename: str, line: int | None) -> None:
    """Refuse a tag other than plain text, and a key that is not a plain scalar; count the child."""
    tag = getattr(event, "tag", None)
    if (
        tag is not None
        and not (isinstance(event, yaml.ScalarEvent) and event.implicit[0])
        and tag not in _PLAIN_TAGS
        and tag != "!"
    ):
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        raise ReadError(
            f"YAML: tags such as {shown} are not allowed: write the value plainly (in quotes for text)", filename, line
        )
    if stack:
        parent = stack[-1]
        if parent.mapping and parent.children % 2 == 0 and not isinstance(event, yaml.ScalarEvent):
            raise ReadError("YAML: a key must be a plain word, not a list, a mapping or an alias", filename, line)
        parent.children += 1
