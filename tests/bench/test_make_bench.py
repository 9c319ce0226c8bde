"""`make bench` and the bench scripts as the README writes them, from a fresh copy of the repo.

The copy holds the files a clone has (no .venv, no egg-info, no caches), so nothing makes
`tests` importable but the scripts themselves; it runs with this venv's interpreter, whose
editable install points at another folder, and with no PYTHONPATH.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(sys.executable).parent.parent
# A tiny fan-out: the point is that the commands run, not the numbers.
TINY_FANOUT = "--recipients 20 --limit 100"
_UNTRACKED = {".venv", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fresh_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("clone") / "repo"
    shutil.copytree(ROOT, dest, ignore=_not_in_a_clone)
    return dest


def _not_in_a_clone(folder: str, names: list[str]) -> set[str]:
    """What .gitignore keeps out of a clone (and .git itself)."""
    skipped = _UNTRACKED.intersection(names) | {n for n in names if n.endswith(".egg-info")}
    if Path(folder) == ROOT:
        skipped |= {".git", "data", "build", "dist", ".env"}.intersection(names)
    return skipped


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return env | {"PYTHONDONTWRITEBYTECODE": "1"}


def _json_lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_make_bench_prints_json_when_run_from_fresh_copy(fresh_copy: Path) -> None:
    # `-o` keeps make from rebuilding this venv (its stamp is older than the copied
    # pyproject.toml); VENV points the recipe at this venv's interpreter.
    result = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "bench",
            f"VENV={VENV}",
            "-o",
            f"{VENV}/.installed",
            f"FANOUT_ARGS={TINY_FANOUT}",
        ],
        cwd=fresh_copy,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    qa, fanout = _json_lines(result.stdout)
    assert set(qa) == {
        "dev",
        "tune",
        "tune2",
        "blind",
        "blind2",
        "blind3",
        "blind4",
        "blind5",
        "blind6",
        "blind7",
        "blind8",
        "blind9",
        "blind10",
    }
    assert all(set(pair) == {"ours", "baseline"} for pair in qa.values())
    assert (fanout["sent"], fanout["lost"]) == (20, 0)


def test_fanout_script_runs_when_called_as_readme_writes(fresh_copy: Path) -> None:
    result = subprocess.run(
        [sys.executable, "tests/bench/fanout.py", *TINY_FANOUT.split()],
        cwd=fresh_copy,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    assert _json_lines(result.stdout)[0]["sent"] == 20
