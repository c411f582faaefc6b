"""The public API: `notecards.__all__` is honest, and the pipeline runs from Python as it does from the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import notecards

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_all_is_sorted() -> None:
    assert list(notecards.__all__) == sorted(notecards.__all__)


def test_every_name_in_all_exists_and_is_not_shadowed_by_a_submodule() -> None:
    """Names load lazily; each must resolve to the exported object even after every submodule is imported."""
    import importlib
    import types

    for module in sorted(set(notecards._EXPORTS.values())):
        importlib.import_module(f"notecards.{module}")
    missing = [name for name in notecards.__all__ if not hasattr(notecards, name)]
    assert missing == []
    assert [n for n in notecards.__all__ if isinstance(getattr(notecards, n), types.ModuleType)] == []
    assert sorted(notecards._EXPORTS) == list(notecards.__all__)


def test_importing_the_package_imports_no_pipeline_stage() -> None:
    """`import notecards` stays light: the CLI's small commands do not pay for the whole pipeline."""
    import subprocess
    import sys

    probe = "import sys, notecards; print(sorted(m for m in sys.modules if m.startswith('notecards.')))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['notecards.version']"  # one line: the version number


def test_all_has_no_duplicates() -> None:
    assert len(set(notecards.__all__)) == len(notecards.__all__)


def test_the_pipeline_stages_are_exported() -> None:
    for name in ("load_interview", "compose_notes", "fit_card", "build_batch", "write_batch", "NotecardsError"):
        assert name in notecards.__all__


def test_every_error_class_derives_from_the_root() -> None:
    errors = [getattr(notecards, n) for n in notecards.__all__ if n.endswith("Error")]
    assert errors
    assert all(issubclass(e, notecards.NotecardsError) for e in errors)


def test_load_compose_fit_build_and_write_from_python(tmp_path: Path) -> None:
    interview = notecards.load_interview(SAMPLES / "panel.yaml")
    notes = notecards.compose_notes(interview)
    card = notecards.fit_card(next(n for n in notes if n.medium == "card"), interview)
    assert card.layout.lines and card.layout.box == card.stationery.message_box
    batch = notecards.build_batch(interview)
    assert [c.note.recipient for c in batch.cards] == ["Priya Natarajan", "Marcus Chen", "Łukasz Wróbel"]
    data = notecards.write_batch(batch, tmp_path)
    assert (tmp_path / "cards.pdf").read_bytes().startswith(b"%PDF-")
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8")) == data


def test_every_exception_the_package_defines_is_exported() -> None:
    """A caller can catch any error notecards raises by its own name (notecards.BatchError among them)."""
    from notecards import errors

    defined = {
        name
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, Exception) and value.__module__ == errors.__name__
    }
    assert defined - set(notecards.__all__) == set()


def test_every_exported_name_has_a_docstring_of_its_own() -> None:
    """help(notecards.X) says what X is: a class or function's own docstring, not one inherited from a base."""

    def own_doc(value: object) -> str:
        return (vars(value).get("__doc__") if isinstance(value, type) else value.__doc__) or ""

    undocumented = [name for name in notecards.__all__ if not own_doc(getattr(notecards, name)).strip()]
    assert undocumented == []


def test_the_library_internals_we_rely_on_are_still_there() -> None:
    """reportlab and pypdf are pinned below their next minor release because drawing and designs use these
    private names (measured faster than the public paths); a new release that drops one fails here, not in use."""
    import io

    from pypdf import PdfWriter
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    from notecards.catalogue.fonts import load_face

    canvas = Canvas(io.BytesIO())
    face = load_face("caveat")
    if face.rl_name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(face.rl_name, str(face.path)))
    font = pdfmetrics.getFont(face.rl_name)
    parts = font.splitString("ab", canvas._doc)
    assert parts and all(isinstance(subset, int) and isinstance(codes, bytes) for subset, codes in parts)
    assert isinstance(font.state[canvas._doc].assignments, dict)
    assert callable(PdfWriter()._add_object)
    from reportlab.pdfbase import pdfdoc

    assert type(pdfdoc.PDFZCompress) is pdfdoc.PDFStreamFilterZCompress  # output/draw.py save(quick=True) swaps it
