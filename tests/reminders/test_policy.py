"""The reminder schedule, recurrence and Vietnamese dates, without a database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import pytest
from pydantic import ValidationError

from bot.config import Settings
from handlers.dates import due_text, status_text
from knowledge.deadlines import load_deadlines
from knowledge.periods import occurrences
from knowledge.surveys import SurveyDefinition, due_at, load_definitions, period_of
from scheduler.policy import ReminderPolicy, Step, parse_days, parse_quiet_hours
from tests.reminders.conftest import DUE, SURVEY, ZONE, utc


@dataclass
class Rule:
    due_on: date
    every: str | None


def test_send_at_is_eight_local_which_is_one_utc() -> None:
    at = ReminderPolicy().send_at(DUE, Step("T-7d", -7), ZONE)

    assert at == utc(2026, 12, 8, 1, 0)


def test_send_at_moves_out_of_quiet_hours_to_their_end() -> None:
    policy = ReminderPolicy(send_hour=21)

    at = policy.send_at(DUE, Step("T-1d", -1), ZONE)

    assert at == utc(2026, 12, 15, 0, 0)  # 07:00 local the next morning


def test_send_at_moves_a_weekend_step_to_monday_when_skipping_weekends() -> None:
    policy = ReminderPolicy(skip_weekends=True)

    at = policy.send_at(DUE, Step("T-3d", -3), ZONE)  # Saturday 12/12

    assert at == utc(2026, 12, 14, 1, 0)


def test_send_at_keeps_weekends_by_default() -> None:
    at = ReminderPolicy().send_at(DUE, Step("T-3d", -3), ZONE)

    assert at == utc(2026, 12, 12, 1, 0)


def test_steps_follow_up_and_escalate_only_when_completion_is_known() -> None:
    policy = ReminderPolicy()

    names = [step.name for step in policy.steps(follow_up=True)]
    plain = [step.name for step in policy.steps(follow_up=False)]

    assert names == ["T-7d", "T-3d", "T-1d", "T-0d", "T+1d", "T+3d", "T+7d", "escalate"]
    assert plain == ["T-7d", "T-3d", "T-1d", "T-0d"]


def test_deadline_overrides_replace_the_settings() -> None:
    policy = ReminderPolicy().with_overrides({"before_days": "2,0", "quiet_hours": ""})

    assert (policy.before_days, policy.is_quiet(time(23, 0))) == ((2, 0), False)


def test_parsers_reject_bad_values() -> None:
    with pytest.raises(ValueError):
        parse_days("7,-1")
    with pytest.raises(ValueError):
        parse_quiet_hours("tối")


def test_quarterly_occurrences_keep_the_day_and_name_the_quarter() -> None:
    found = occurrences(
        Rule(date(2024, 6, 15), "quarter"), start=date(2026, 8, 1), end=date(2027, 4, 1), zone=ZONE
    )

    assert [(o.period, o.due_on) for o in found] == [
        ("2026-Q3", date(2026, 9, 15)),
        ("2026-Q4", date(2026, 12, 15)),
        ("2027-Q1", date(2027, 3, 15)),
    ]


def test_monthly_occurrences_clamp_to_the_month_end() -> None:
    found = occurrences(
        Rule(date(2026, 1, 31), "month"), start=date(2026, 2, 1), end=date(2026, 3, 31), zone=ZONE
    )

    assert [o.due_on for o in found] == [date(2026, 2, 28), date(2026, 3, 31)]


def test_one_off_occurrence_is_once_inside_the_window_only() -> None:
    rule = Rule(date(2024, 5, 31), None)

    inside = occurrences(rule, start=date(2024, 5, 1), end=date(2024, 6, 1), zone=ZONE)
    outside = occurrences(rule, start=date(2026, 1, 1), end=date(2027, 1, 1), zone=ZONE)

    assert ([o.period for o in inside], outside) == (["once"], [])


def _survey(**due: object) -> SurveyDefinition:
    definition = load_definitions()[SURVEY]
    return definition.model_copy(update={"due": definition.due.model_copy(update=due)})


def test_survey_linked_occurrences_follow_the_surveys_due_rule() -> None:
    # The deadline's own rule (monthly on the 1st) gives way to the survey's.
    rule = Rule(date(2024, 6, 1), "month")

    found = occurrences(
        rule,
        start=date(2026, 8, 1),
        end=date(2027, 4, 1),
        zone=ZONE,
        survey=_survey(day=20, month_of_period="first"),
    )

    assert [(o.period, o.due_on) for o in found] == [
        ("2026-Q4", date(2026, 10, 20)),
        ("2027-Q1", date(2027, 1, 20)),
    ]


def test_survey_linked_occurrences_start_at_the_deadlines_first_period() -> None:
    rule = Rule(date(2026, 10, 1), "quarter")  # any day of 2026-Q4

    found = occurrences(
        rule, start=date(2026, 8, 1), end=date(2027, 4, 1), zone=ZONE, survey=_survey()
    )

    assert [o.period for o in found] == ["2026-Q4", "2027-Q1"]


def test_survey_due_day_is_the_local_day_of_the_due_time() -> None:
    rule = Rule(date(2024, 6, 15), "quarter")

    found = occurrences(
        rule, start=date(2026, 12, 1), end=date(2026, 12, 31), zone=ZONE, survey=_survey()
    )

    # 23:59 local on 15/12 is 16:59 UTC the same day: the due day stays the 15th.
    assert [(o.period, o.due_on) for o in found] == [("2026-Q4", date(2026, 12, 15))]


def test_plan_deadlines_agree_with_their_surveys() -> None:
    surveys = load_definitions()
    linked = [spec for spec in load_deadlines() if spec.survey_id is not None]

    for spec in linked:
        survey = surveys[spec.survey_id or ""]
        first = datetime.combine(spec.due_on, time(12), tzinfo=ZONE)
        due = due_at(survey, period_of(survey, first), ZONE).astimezone(ZONE).date()
        assert (spec.key, spec.every, due) == (spec.key, survey.period, spec.due_on)
    assert [spec.key for spec in linked] == ["bao-cao-quy"]


def test_due_text_is_written_the_vietnamese_way() -> None:
    assert (due_text(date(2026, 12, 14)), due_text(DUE)) == (
        "Thứ Hai, 14/12/2026",
        "Thứ Ba, 15/12/2026",
    )


def test_status_text_says_days_left_today_or_late() -> None:
    texts = [status_text(DUE, date(2026, 12, day)) for day in (12, 15, 17)]

    assert texts == ["còn 3 ngày", "hôm nay là hạn cuối", "đã quá hạn 2 ngày"]


def test_plan_deadlines_file_has_the_required_entries() -> None:
    specs = {spec.key: spec for spec in load_deadlines()}

    assert (specs["mang-luoi-cds-tinh"].section, specs["mang-luoi-cds-tinh"].due_on) == (
        "IV.2.c",
        date(2024, 5, 31),
    )
    assert specs["muc-tieu-2025"].due_on == date(2025, 12, 31)
    assert specs["boi-duong-can-bo-cds"].every == "year"
    assert (specs["bao-cao-quy"].every, specs["bao-cao-quy"].survey_id) == (
        "quarter",
        "bao-cao-quy",
    )


def test_settings_build_the_policy_and_refuse_bad_quiet_hours() -> None:
    settings = Settings(_env_file=None, quiet_hours="21:30-06:00", reminder_before_days="5,0")  # type: ignore[call-arg]

    policy = settings.reminder_policy

    assert (policy.quiet_start, policy.quiet_end, policy.before_days) == (
        time(21, 30),
        time(6, 0),
        (5, 0),
    )
    with pytest.raises(ValidationError):
        Settings(_env_file=None, quiet_hours="late")  # type: ignore[call-arg]
