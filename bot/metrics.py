"""Prometheus metrics: what the app counts, and their exposition for `/metrics`.

Several worker processes (`cdsbot run --workers N`) each count their own share. We use
prometheus_client's multiprocess mode: when `PROMETHEUS_MULTIPROC_DIR` is set before the
library is imported (the CLI sets it for its workers), every process writes its values to
memory-mapped files in that folder and any worker's `/metrics` reads all of them, so a
scrape of any one worker sees the whole deployment's counters and histograms. Without the
variable (one process, the tests) the values live in the default registry.

The metric objects are module globals because the library's registry is one per process;
recording goes through the small functions below, called from the shell only (around the
Assistant, in the channels, and by the sender through its result callback).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from typing import Final

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from handlers import Reply, ReplyTag

MULTIPROC_ENV: Final = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE: Final = CONTENT_TYPE_LATEST

# Seconds; a reply takes milliseconds, a webhook request returns at once.
_BUCKETS: Final = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

UPDATES: Final = Counter(
    "cdsbot_updates_total", "Inbound messages handled by the assistant.", ["channel"]
)
UPDATE_SECONDS: Final = Histogram(
    "cdsbot_update_seconds",
    "Time to answer one inbound message (database included, sending excluded).",
    ["channel"],
    buckets=_BUCKETS,
)
QUESTIONS: Final = Counter(
    "cdsbot_questions_total",
    "Questions about the plan: answered from it, or refused as not covered.",
    ["outcome"],
)
SURVEY_SUBMISSIONS: Final = Counter(
    "cdsbot_survey_submissions_total", "Progress reports sent (first sends and re-sends)."
)
REMINDERS: Final = Counter(
    "cdsbot_outbox_results_total",
    "Outbox sends (reminders and broadcasts) by result: sent, retry, failed, blocked.",
    ["channel", "result"],
)
HTTP_SECONDS: Final = Histogram(
    "cdsbot_http_request_seconds",
    "HTTP requests served, by route template, method and status.",
    ["route", "method", "status"],
    buckets=_BUCKETS,
)
_CHANNEL_OK_NAME: Final = "cdsbot_channel_last_success_timestamp_seconds"
CHANNEL_OK: Final = Gauge(
    _CHANNEL_OK_NAME,
    "Unix time of the last successful poll or accepted webhook, per channel.",
    ["channel"],
    multiprocess_mode="max",
)
_OUTBOX_LAG_NAME: Final = "cdsbot_outbox_lag_seconds"
_OUTBOX_QUEUED_NAME: Final = "cdsbot_outbox_due"


def multiprocess_dir() -> str | None:
    """The shared folder of multiprocess mode, if this process uses it."""
    return os.environ.get(MULTIPROC_ENV) or None


def _registry() -> CollectorRegistry:
    if multiprocess_dir() is None:
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return registry


def record_update(channel: str, replies: Iterable[Reply], seconds: float) -> None:
    """One inbound message answered by the assistant."""
    UPDATES.labels(channel=channel).inc()
    UPDATE_SECONDS.labels(channel=channel).observe(seconds)
    for reply in replies:
        if reply.tag is ReplyTag.ANSWER:
            QUESTIONS.labels(outcome="answered").inc()
        elif reply.tag is ReplyTag.REFUSAL:
            QUESTIONS.labels(outcome="refused").inc()
        elif reply.tag is ReplyTag.SURVEY_SUBMITTED:
            SURVEY_SUBMISSIONS.inc()


def record_outbox_result(channel: str, result: str) -> None:
    """One outbox send settled (the sender's result callback)."""
    REMINDERS.labels(channel=channel, result=result).inc()


def record_http(route: str, method: str, status: int, seconds: float) -> None:
    """One HTTP request served."""
    HTTP_SECONDS.labels(route=route, method=method, status=str(status)).observe(seconds)


def channel_ok(channel: str, *, at: float | None = None) -> None:
    """A poll succeeded or a webhook was accepted on `channel`."""
    CHANNEL_OK.labels(channel=channel).set(time.time() if at is None else at)


def last_successes() -> dict[str, float]:
    """Each channel's last success (Unix time), across every process of the deployment."""
    found: dict[str, float] = {}
    for metric in _registry().collect():
        if metric.name != _CHANNEL_OK_NAME:
            continue
        for sample in metric.samples:
            channel = sample.labels.get("channel", "")
            found[channel] = max(found.get(channel, 0.0), sample.value)
    return found


class _ReadNow(Collector):
    """The outbox figures read for this scrape, as plain metric families.

    Not `Gauge` objects: in multiprocess mode every instantiated metric also writes this
    process's value to the shared folder, which the multiprocess collector then exports
    again, per pid and stale ("all instantiated metrics are exported", prometheus_client's
    multiprocess documentation). A metric family is only exposition.
    """

    def __init__(self, *, outbox_lag: float, outbox_due: int) -> None:
        self._lag = outbox_lag
        self._due = outbox_due

    def collect(self) -> Iterable[Metric]:
        yield GaugeMetricFamily(
            _OUTBOX_LAG_NAME,
            "Age of the oldest outbox row due and not yet sent (0 when none).",
            value=self._lag,
        )
        yield GaugeMetricFamily(
            _OUTBOX_QUEUED_NAME, "Outbox rows due now and not yet sent.", value=self._due
        )


def render(*, outbox_lag: float, outbox_due: int) -> bytes:
    """The exposition text: every process's metrics, plus the outbox figures read just now."""
    read_now = CollectorRegistry()
    read_now.register(_ReadNow(outbox_lag=outbox_lag, outbox_due=outbox_due))
    return generate_latest(_registry()) + generate_latest(read_now)


def mark_process_dead(pid: int) -> None:
    """Drop a stopped worker's live gauges (multiprocess mode only)."""
    if multiprocess_dir() is not None:
        multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]
