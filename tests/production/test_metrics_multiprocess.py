"""Metrics across worker processes: prometheus_client's multiprocess mode (issue #14)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.production.conftest import sample

_RECORD = """
from bot import metrics
from handlers import Reply, ReplyTag
metrics.record_update("telegram", [Reply("x", tag=ReplyTag.ANSWER)], 0.02)
metrics.record_outbox_result("zalo", "sent")
metrics.channel_ok("telegram", at={at})
"""
_RENDER = """
import sys
from bot import metrics
sys.stdout.write(metrics.render(outbox_lag=0.0, outbox_due=0).decode())
"""


def _python(code: str, folder: Path) -> str:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_metrics_sum_processes_when_multiproc_dir_shared(tmp_path: Path) -> None:
    _python(_RECORD.format(at=1000.0), tmp_path)
    _python(_RECORD.format(at=2000.0), tmp_path)
    text = _python(_RENDER, tmp_path)
    assert sample(text, "cdsbot_updates_total", channel="telegram") == 2
    assert sample(text, "cdsbot_questions_total", outcome="answered") == 2
    assert sample(text, "cdsbot_update_seconds_count", channel="telegram") == 2
    assert sample(text, "cdsbot_outbox_results_total", channel="zalo", result="sent") == 2
    # The last success is the latest of all processes, not their sum.
    assert (
        sample(text, "cdsbot_channel_last_success_timestamp_seconds", channel="telegram") == 2000.0
    )


def _render(lag: float, due: int) -> str:
    return f"""
import sys
from bot import metrics
sys.stdout.write(metrics.render(outbox_lag={lag}, outbox_due={due}).decode())
"""


def test_scrape_time_outbox_gauges_appear_once_with_the_live_value(tmp_path: Path) -> None:
    # Two workers answered earlier scrapes with other figures.
    _python(_render(30.0, 3), tmp_path)
    _python(_render(60.0, 5), tmp_path)

    text = _python(_render(12.5, 7), tmp_path)

    for name, value in (("cdsbot_outbox_due", "7.0"), ("cdsbot_outbox_lag_seconds", "12.5")):
        assert text.count(f"# TYPE {name} gauge") == 1, text
        samples = [line for line in text.splitlines() if line.startswith(name)]
        assert samples == [f"{name} {value}"]
