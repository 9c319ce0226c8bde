"""The command line starts without the libraries only some commands use (`cdsbot --help` and
one-shot commands are run many times, by operators and by this suite)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("fastapi", "uvicorn", "telegram", "bm25s", "docx", "openpyxl", "sqlalchemy", "alembic")


def test_importing_the_command_line_loads_no_heavy_library() -> None:
    code = (
        "import json, sys\n"
        "import bot.cli.main\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"
    )

    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )

    assert json.loads(done.stdout) == []


def test_the_evaluate_export_is_the_function_after_its_module_is_imported() -> None:
    import knowledge.evaluate  # noqa: F401 (the module, loaded before the name is asked for)
    from knowledge import evaluate

    assert evaluate is sys.modules["knowledge.evaluate"].evaluate
