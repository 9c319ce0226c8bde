"""Rendering: the Jinja2 environment (autoescape on), page context and small helpers."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from dashboard import limits, strings
from dashboard.session import Viewer
from handlers.numbers import vn_int
from handlers.survey_view import period_label

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _local(value: datetime | None, zone: ZoneInfo, fmt: str = "%H:%M %d/%m/%Y") -> str:
    return "" if value is None else value.astimezone(zone).strftime(fmt)


def render(
    request: Request,
    template: str,
    *,
    viewer: Viewer | None,
    zone: ZoneInfo,
    status_code: int = 200,
    problem_key: str | None = None,
    problem_text: str | None = None,
    path: str | None = None,
    **context: Any,
) -> HTMLResponse:
    """A page from its template, with the viewer, strings, and the notice of the last action
    or the problem (`problem_key`, a key of `strings.PROBLEMS`, or `problem_text` naming what
    was wrong, when a form is shown again). `path` is the page's own address when a form
    posted elsewhere shows it again (its menu item and picker go by it)."""
    notice = _notice(request)
    problem = problem_text or strings.PROBLEMS.get(
        problem_key or request.query_params.get("err", "")
    )
    html = _env.get_template(template).render(
        request=request,
        viewer=viewer,
        s=strings,
        limits=limits,
        notice=notice,
        problem=problem,
        local=lambda value, fmt="%H:%M %d/%m/%Y": _local(value, zone, fmt),
        period_name=period_label,
        path=path or request.url.path,
        **context,
    )
    return HTMLResponse(html, status_code=status_code)


def _notice(request: Request) -> str | None:
    """The notice of the last action; one with a `{count}` takes the count from the URL."""
    notice = strings.NOTICES.get(request.query_params.get("ok", ""))
    if notice is None or "{count}" not in notice:
        return notice
    count = request.query_params.get("count", "")
    if not (count.isascii() and count.isdigit() and len(count) <= 9):
        return None
    return notice.format(count=vn_int(int(count)))


def back(url: str, *, ok: str | None = None, err: str | None = None) -> RedirectResponse:
    """Post/redirect/get: back to a page with a notice key (never free text in the URL)."""
    sep = "&" if "?" in url else "?"
    if ok:
        url = f"{url}{sep}ok={ok}"
    elif err:
        url = f"{url}{sep}err={err}"
    return RedirectResponse(url, status_code=303)
