"""Whole-batch golden checks: each shipped sample builds to exactly the bytes recorded in tests/data/golden/.

Output is deterministic (fixed creation date and document ID), so any change to what a
user prints shows here. A change meant to alter the output regenerates the record with
`NOTECARDS_UPDATE_GOLDEN=1 pytest tests/test_golden.py` and says why in its commit; on a
mismatch the new files are kept in tests/_failures/golden/ to be looked at.

`<sample>-realism-off.json` records `--realism off`. When realism was merged it was the
record of the code before realism existed, and matched byte for byte (commit 95bee68); it
has changed since only with the wording of the built-in notes (issue 12).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import FAILURES, SAMPLES, run_cli

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
NOW = "2026-11-25T09:00:00+00:00"


def digests(folder: Path) -> dict[str, str]:
    """SHA-256 of every file a build wrote, by its path inside OUT."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    }


@pytest.mark.parametrize("realism", [None, "off"])
@pytest.mark.parametrize("sample", sorted(p.stem for p in SAMPLES.glob("*.yaml")))
def test_a_sample_builds_to_the_recorded_bytes(sample: str, realism: str | None, tmp_path: Path) -> None:
    out = tmp_path / sample
    options = ["--realism", realism] if realism else []
    proc = run_cli("build", SAMPLES / f"{sample}.yaml", "-o", out, "--now", NOW, "--quiet", *options)
    assert proc.returncode == 0, proc.stderr
    found = digests(out)
    record = GOLDEN / (f"{sample}-realism-{realism}.json" if realism else f"{sample}.json")
    if os.environ.get("NOTECARDS_UPDATE_GOLDEN"):
        record.write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")
    expected = json.loads(record.read_text(encoding="utf-8"))
    if found != expected:
        kept = FAILURES / "golden" / record.stem
        shutil.rmtree(kept, ignore_errors=True)
        shutil.copytree(out, kept)
    assert found == expected
