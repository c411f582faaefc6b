"""The public API: `notecards.__all__` is honest, and the pipeline runs from Python as it does from the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import notecards

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_all_is_sorted() -> None:
    assert list(notecards.__all__) == sorted(notecards.__all__)


def test_every_name_in_all_exists() -> None:
    missing = [name for name in notecards.__all__ if not hasattr(notecards, name)]
    assert missing == []


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
