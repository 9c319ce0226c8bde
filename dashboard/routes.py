"""The progress page: who has reported, who has not, and the export.

Read-only. Without `WEB_ADMIN_PASSWORD` it is served only when nothing is exposed beyond this
machine (a loopback `WEB_HOST` and no webhook mode) and only to loopback clients; otherwise every
request needs HTTP Basic credentials with that password (any user name).
"""

from __future__ import annotations

import html
import ipaddress
import secrets
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.security import HTTPBasic, HTTPBasicCredentials
from starlette.background import BackgroundTask

from dashboard.config import DashboardConfig
from handlers import texts
from handlers.survey_view import period_label, period_problem
from knowledge.surveys import SurveyDefinition, period_months, period_of
from reports.export import ExportRow, ExportTable, collect, write_csv, write_xlsx
from storage.db import session_scope

_basic = HTTPBasic(auto_error=False, realm="Tro ly CDS")
_MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _is_loopback(host: str | None) -> bool:
    try:
        return host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def exposed(*, web_host: str, webhook_mode: bool) -> bool:
    """Whether the web app may be reachable from other machines."""
    return not _is_loopback(web_host) or webhook_mode


def _authorise(
    config: DashboardConfig,
    request: Request,
    credentials: HTTPBasicCredentials | None,
) -> None:
    password = config.admin_password
    if password is None:
        client = request.client.host if request.client else None
        if config.exposed or not _is_loopback(client):
            raise HTTPException(status_code=403, detail="set WEB_ADMIN_PASSWORD to use /admin")
        return
    given = credentials.password.encode() if credentials else b""
    if not secrets.compare_digest(given, password.get_secret_value().encode()):
        raise HTTPException(
            status_code=401, detail="credentials required", headers={"WWW-Authenticate": "Basic"}
        )


def _pick(
    config: DashboardConfig, survey: str | None, period: str | None
) -> tuple[SurveyDefinition, str]:
    surveys = config.surveys
    if not surveys:
        raise HTTPException(status_code=404, detail="no survey is defined")
    definition = surveys.get(survey) if survey else surveys[sorted(surveys)[0]]
    if definition is None:
        raise HTTPException(status_code=404, detail="unknown survey")
    if period is None:
        period = period_of(definition, config.clock(), config.zone)
    try:
        period_months(definition, period)
    except ValueError:
        raise HTTPException(status_code=422, detail=period_problem(definition)) from None
    return definition, period


async def _table(
    config: DashboardConfig, definition: SurveyDefinition, period: str
) -> ExportTable:
    async with session_scope(config.engine) as session:
        return await collect(session, definition, period, zone=config.zone)


def router(config: DashboardConfig) -> APIRouter:
    """Routes of the dashboard, all behind the access rule above."""

    def authorise(
        request: Request,
        credentials: Annotated[HTTPBasicCredentials | None, Depends(_basic)],
    ) -> None:
        _authorise(config, request, credentials)

    api = APIRouter(prefix="/admin", dependencies=[Depends(authorise)])

    @api.get("", response_class=HTMLResponse, include_in_schema=False)
    async def page(
        survey: str | None = None,
        period: str | None = None,
        missing: bool = False,
    ) -> str:
        definition, period = _pick(config, survey, period)
        table = await _table(config, definition, period)
        return render(table, surveys=sorted(config.surveys), only_missing=missing)

    @api.get("/export")
    async def export(
        survey: str | None = None,
        period: str | None = None,
        format: Annotated[Literal["xlsx", "csv"], Query()] = "xlsx",
    ) -> FileResponse:
        definition, period = _pick(config, survey, period)
        table = await _table(config, definition, period)
        folder = Path(tempfile.mkdtemp(prefix="cdsbot-export-"))
        path = folder / f"{definition.id}-{period}.{format}"
        try:
            (write_xlsx if format == "xlsx" else write_csv)(table, path)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return FileResponse(
            path,
            media_type=_MEDIA[format],
            filename=path.name,
            background=BackgroundTask(_remove, folder),
        )

    return api


def _remove(folder: Path) -> None:
    for file in folder.iterdir():
        file.unlink()
    folder.rmdir()


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _row(row: ExportRow) -> str:
    when = row.updated_at.strftime("%H:%M %d/%m/%Y") if row.updated_at else ""
    return (
        f'<tr class="{row.status}"><td>{_e(row.code)}</td><td>{_e(row.unit)}</td>'
        f"<td>{_e(texts.EXPORT_UNIT_KIND.get(row.kind, row.kind))}</td>"
        f'<td><span class="badge">{_e(texts.EXPORT_STATUS[row.status])}</span></td>'
        f"<td>{_e(row.updated_by)}</td><td>{_e(when)}</td></tr>"
    )


def render(table: ExportTable, *, surveys: list[str], only_missing: bool) -> str:
    """The dashboard page: counts per status and one row per unit, most urgent first."""
    counts = Counter(row.status for row in table.rows)
    total = len(table.rows)
    reported = counts["submitted"] + counts["late"]
    share = round(100 * reported / total) if total else 0
    order = {"missing": 0, "draft": 1, "late": 2, "submitted": 3}
    rows = sorted(table.rows, key=lambda r: (order[r.status], r.unit))
    if only_missing:
        rows = [r for r in rows if r.status in ("missing", "draft")]
    query = f"survey={_e(table.definition.id)}&amp;period={_e(table.period)}"
    stats = "".join(
        f'<div class="stat {status}"><b>{counts[status]}</b>'
        f"{_e(texts.EXPORT_STATUS[status])}</div>"
        for status in ("missing", "draft", "submitted", "late")
    )
    options = "".join(
        f'<option value="{_e(s)}"{" selected" if s == table.definition.id else ""}>'
        f"{_e(s)}</option>"
        for s in surveys
    )
    headers = "".join(
        f"<th>{_e(texts.EXPORT_HEADERS[k])}</th>"
        for k in ("code", "unit", "kind", "status", "updated_by", "updated_at")
    )
    return _PAGE.format(
        title=_e(texts.DASHBOARD_TITLE),
        heading=_e(f"{table.definition.title} — {period_label(table.period)}"),
        due=_e(texts.DASHBOARD_DUE.format(due=table.due.strftime("%H:%M %d/%m/%Y"))),
        summary=_e(texts.DASHBOARD_SUMMARY.format(done=reported, total=total, share=share)),
        share=share,
        stats=stats,
        options=options,
        period=_e(table.period),
        checked=" checked" if only_missing else "",
        only_missing=_e(texts.DASHBOARD_ONLY_MISSING),
        show=_e(texts.DASHBOARD_SHOW),
        download=_e(texts.DASHBOARD_DOWNLOAD),
        query=query,
        headers=headers,
        rows="".join(_row(r) for r in rows)
        or f'<tr><td colspan="6">{_e(texts.DASHBOARD_NONE)}</td></tr>',
    )


_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ margin: 0; font: 15px/1.4 system-ui, sans-serif; background: #f3f5f8; color: #1d2733; }}
header {{ background: #0b5ed7; color: #fff; padding: 12px 16px; }}
main {{ padding: 12px 16px; max-width: 1100px; margin: auto; }}
h1 {{ font-size: 18px; margin: 0; }}
.bar {{ height: 10px; background: #dde2e8; border-radius: 5px; overflow: hidden; margin: 8px 0; }}
.bar span {{ display: block; height: 100%; background: #198754; }}
.stats {{ display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }}
.stat {{ background: #fff; border-radius: 8px; padding: 8px 12px; min-width: 110px; }}
.stat b {{ display: block; font-size: 22px; }}
form {{ display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 12px 0; }}
table {{ width: 100%; border-collapse: collapse; background: #fff; }}
th, td {{ text-align: left; padding: 6px 8px; border-bottom: 1px solid #e5e9ef; }}
.badge {{ padding: 2px 8px; border-radius: 10px; font-size: 13px; white-space: nowrap; }}
.missing .badge {{ background: #f8d7da; }} .draft .badge {{ background: #fff3cd; }}
.submitted .badge {{ background: #d1e7dd; }} .late .badge {{ background: #cfe2ff; }}
.stat.missing b {{ color: #b02a37; }} .stat.submitted b {{ color: #146c43; }}
</style></head>
<body><header><h1>{heading}</h1><small>{due}</small></header>
<main>
<p id="summary">{summary}</p>
<div class="bar"><span style="width:{share}%"></span></div>
<div class="stats">{stats}</div>
<form method="get" action="/admin">
<select name="survey">{options}</select>
<input name="period" value="{period}" size="9">
<label><input type="checkbox" name="missing" value="true"{checked}> {only_missing}</label>
<button type="submit">{show}</button>
<a href="/admin/export?{query}&amp;format=xlsx">{download} (xlsx)</a>
<a href="/admin/export?{query}&amp;format=csv">csv</a>
</form>
<table><thead><tr>{headers}</tr></thead><tbody>{rows}</tbody></table>
</main></body></html>
"""
