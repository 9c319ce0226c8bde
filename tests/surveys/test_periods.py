"""Periods and deadlines: quarter boundaries and local time to UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from knowledge.periods import InvalidPeriod
from knowledge.surveys import SURVEYS_DIR, SurveyDefinition, due_at, load_definition, period_of

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(scope="module")
def quarterly() -> SurveyDefinition:
    return load_definition(SURVEYS_DIR / "bao-cao-quy.yaml")


def variant(base: SurveyDefinition, **changes: object) -> SurveyDefinition:
    data = base.model_dump()
    data.update(changes)
    return SurveyDefinition.model_validate(data)


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (datetime(2026, 1, 1, 0, 0), "2026-Q1"),
        (datetime(2026, 3, 31, 23, 59), "2026-Q1"),
        (datetime(2026, 4, 1, 0, 0), "2026-Q2"),
        (datetime(2026, 9, 30, 23, 59), "2026-Q3"),
        (datetime(2026, 10, 1, 0, 0), "2026-Q4"),
        (datetime(2026, 12, 31, 23, 59), "2026-Q4"),
    ],
)
def test_period_of_quarter_at_boundaries(
    quarterly: SurveyDefinition, local: datetime, expected: str
) -> None:
    assert period_of(quarterly, local.replace(tzinfo=ZONE)) == expected


def test_period_of_reads_utc_moment_in_local_zone(quarterly: SurveyDefinition) -> None:
    # 18:00 UTC on 31/12 is already 01:00 on 1/1 in Việt Nam.
    moment = datetime(2026, 12, 31, 18, 0, tzinfo=UTC)

    assert period_of(quarterly, moment, ZONE) == "2027-Q1"


def test_period_of_month_year_and_once(quarterly: SurveyDefinition) -> None:
    when = datetime(2026, 11, 3, 8, 0, tzinfo=ZONE)
    monthly = variant(quarterly, period="month")
    yearly = variant(quarterly, period="year")
    once = variant(quarterly, period="once", due={"date": "2026-12-01"})

    actual = [period_of(d, when) for d in (monthly, yearly, once)]

    assert actual == ["2026-11", "2026", "once"]


def test_due_at_quarter_is_day_15_of_last_month_local_in_utc(
    quarterly: SurveyDefinition,
) -> None:
    assert due_at(quarterly, "2026-Q4", ZONE) == datetime(2026, 12, 15, 16, 59, tzinfo=UTC)
    assert due_at(quarterly, "2027-Q1", ZONE) == datetime(2027, 3, 15, 16, 59, tzinfo=UTC)


def test_due_at_clamps_day_to_short_month(quarterly: SurveyDefinition) -> None:
    monthly = variant(quarterly, period="month", due={"day": 31, "time": "17:00"})

    assert due_at(monthly, "2026-02", ZONE) == datetime(2026, 2, 28, 10, 0, tzinfo=UTC)


def test_due_at_first_month_of_year(quarterly: SurveyDefinition) -> None:
    yearly = variant(quarterly, period="year", due={"month_of_period": "first", "day": "last"})

    assert due_at(yearly, "2026", ZONE) == datetime(2026, 1, 31, 16, 59, tzinfo=UTC)


def test_due_at_once_uses_its_date(quarterly: SurveyDefinition) -> None:
    once = variant(quarterly, period="once", due={"date": "2026-12-01", "time": "08:00"})

    assert due_at(once, "once", ZONE) == datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def test_due_at_refuses_a_period_of_another_kind(quarterly: SurveyDefinition) -> None:
    with pytest.raises(ValueError, match="is not a quarter period"):
        due_at(quarterly, "2026-11", ZONE)


@pytest.mark.parametrize("period", ["0000-Q1", "1999-Q4", "2100-Q1", "9999-Q4"])
def test_due_at_refuses_a_year_out_of_range(quarterly: SurveyDefinition, period: str) -> None:
    with pytest.raises(InvalidPeriod):
        due_at(quarterly, period, ZONE)
