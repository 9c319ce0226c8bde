"""What several console pages share: the survey and period asked for, the period's table."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from dashboard.config import DashboardConfig
from dashboard.errors import Refused
from handlers.survey_view import period_label
from knowledge.surveys import (
    SurveyDefinition,
    due_at,
    period_months,
    period_of,
)
from reports.export import ExportRow, ExportTable, collect
from storage import surveys as store
from storage.collation import unit_key, vietnamese_key
from storage.models import SurveyResponse

_PERIOD = re.compile(r"^(20\d\d)(-(Q[1-4]|0[1-9]|1[0-2]))?$|^once$")
STATUS_ORDER = {"missing": 0, "draft": 1, "late": 2, "submitted": 3}


@dataclass(frozen=True, slots=True)
class Picked:
    """The survey and period a page shows, and what its picker offers."""

    definition: SurveyDefinition
    period: str
    label: str
    due: datetime
    periods: list[str]
    # (id, title) of every survey, as `survey_choices` lists them.
    surveys: list[tuple[str, str]]


def survey_choices(surveys: Mapping[str, SurveyDefinition]) -> list[tuple[str, str]]:
    """(id, title) of each survey, by title: what a «Mẫu báo cáo» picker offers."""
    found = [(sid, definition.title) for sid, definition in surveys.items()]
    return sorted(found, key=lambda item: (vietnamese_key(item[1]), item[0]))


def recent_periods(
    definition: SurveyDefinition, now: datetime, config: DashboardConfig
) -> list[str]:
    """This period and the seven before it (for the period selector)."""
    found: list[str] = []
    moment = now.astimezone(config.zone).replace(day=15, hour=12)
    for _ in range(40):
        period = period_of(definition, moment, config.zone)
        if period not in found:
            found.append(period)
        if len(found) == 8 or period == "once":
            break
        moment = (moment.replace(day=1) - timedelta(days=1)).replace(day=15)
    return found


def pick(config: DashboardConfig, survey: str | None, period: str | None) -> Picked:
    """The survey asked for (or the first) and the period (or the current one)."""
    surveys = config.surveys
    if not surveys:
        raise Refused(404, "no_survey")
    definition = surveys.get(survey) if survey else surveys[sorted(surveys)[0]]
    if definition is None:
        raise Refused(404, "not_found")
    now = config.clock()
    if not period:
        period = period_of(definition, now, config.zone)
    if not _PERIOD.match(period):
        raise Refused(422, "bad_period")
    try:
        period_months(definition, period)
        due = due_at(definition, period, config.zone)
    except (ValueError, OverflowError):
        raise Refused(422, "bad_period") from None
    return Picked(
        definition,
        period,
        period_label(period),
        due,
        recent_periods(definition, now, config),
        survey_choices(surveys),
    )


async def table_of(session: AsyncSession, config: DashboardConfig, picked: Picked) -> ExportTable:
    """Every audience unit's row for the period (the export's own collection)."""
    return await collect(session, picked.definition, picked.period, zone=config.zone)


async def responses(session: AsyncSession, picked: Picked) -> dict[int, SurveyResponse]:
    """Unit id → response for the period."""
    return await store.responses_of(session, survey_id=picked.definition.id, period=picked.period)


def parse_day(text: str) -> datetime | None:
    """ "31/12/2026" (or 2026-12-31) → that date; None when it is not a date."""
    value = text.strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(value, pattern)
        except ValueError:
            continue
    return None


def sorted_rows(rows: tuple[ExportRow, ...]) -> list[ExportRow]:
    """Units that have not reported first, then by kind and name (Vietnamese order)."""
    return sorted(rows, key=lambda r: (STATUS_ORDER[r.status], unit_key(r.kind, r.unit)))
