"""File names from recipient names: safe on every OS, unique despite collisions and accents, never outside OUT."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notecards.errors import NotecardsError
from notecards.output.files import MAX_STEM_BYTES, inside, safe_stem, unique_stems

WINDOWS_FORBIDDEN = set('<>:"/\\|?*')
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("Łukasz Wróbel", "lukasz-wrobel"),
        ("Siobhán O’Brien", "siobhan-obrien"),
        ("Nguyễn Thị Hương", "nguyen-thi-huong"),
        ("Dr. Ana-María  Ruiz", "dr-ana-maria-ruiz"),
        ("Søren Kierkegaard", "soren-kierkegaard"),
        ("王伟", "王伟"),
        ("प्रिया शर्मा", "प्रिया-शर्मा"),
        ("../../etc/passwd", "etc-passwd"),
        ("C:\\Windows\\win.ini", "c-windows-win-ini"),
        ("CON", "con-note"),
        ("...", "note"),
        ("", "note"),
    ],
)
def test_names_become_readable_safe_stems(name: str, stem: str) -> None:
    assert safe_stem(name) == stem


def test_names_that_differ_only_by_accents_or_case_get_different_files() -> None:
    assert unique_stems(["José Díaz", "Jose Diaz", "JOSÉ DÍAZ"]) == ["jose-diaz", "jose-diaz-2", "jose-diaz-3"]


def test_a_generated_suffix_never_collides_with_a_real_name() -> None:
    stems = unique_stems(["Jo Li", "Jo Li", "Jo Li 2"])
    assert len({s.casefold() for s in stems}) == 3


def test_long_names_are_cut_to_a_safe_length_in_bytes() -> None:
    stem = safe_stem("Ŵ" * 300)
    assert 0 < len(stem.encode()) <= MAX_STEM_BYTES


@given(st.lists(st.text(max_size=80), max_size=8))
def test_any_names_give_distinct_stems_that_every_os_accepts(names: list[str]) -> None:
    stems = unique_stems(names)
    assert len({s.casefold() for s in stems}) == len(stems)
    for stem in stems:
        assert stem and stem == stem.strip("-. ")
        assert not WINDOWS_FORBIDDEN & set(stem) and "." not in stem
        assert all(ch.isprintable() for ch in stem)
        assert stem.casefold() not in RESERVED
        assert len(stem.encode()) <= MAX_STEM_BYTES + 8  # room for a "-NN" suffix


def test_inside_refuses_paths_that_leave_the_output_directory(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert inside(out, "emails", "a.eml") == (out / "emails" / "a.eml").resolve()
    with pytest.raises(NotecardsError, match="outside"):
        inside(out, "..", "escape.eml")
    (tmp_path / "elsewhere").mkdir()
    (out / "emails-link").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(NotecardsError, match="outside"):
        inside(out, "emails-link", "a.eml")
