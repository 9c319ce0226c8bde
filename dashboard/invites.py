"""Invites: for one unit or every unit of a kind at once, as a printable page with QR codes
and a CSV (and a ZIP of the CSV with the QR images); revoke one."""

# No `from __future__ import annotations`: FastAPI reads the guards' types at runtime.

import itertools
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from dashboard import qr, strings
from dashboard import session as sessions
from dashboard.auth import guards
from dashboard.config import DashboardConfig
from dashboard.invite_form import MAX_DAYS, MAX_USES, InviteForm, number_problems, whole
from dashboard.session import Viewer
from dashboard.web import back, render
from handlers.errors import InviteNotFound
from handlers.invites import CreatedInvite, create_invite, revoke_invite
from storage import invites as store
from storage import queries
from storage.db import session_scope
from storage.models import Role, Unit
from storage.reminders import COMMUNE_KINDS

GROUPS: dict[str, tuple[str, ...] | None] = {
    "communes": COMMUNE_KINDS,
    "commune": ("commune",),
    "ward": ("ward",),
    "special_zone": ("special_zone",),
    "departments": ("department",),
    "all": None,
}
LISTED = 200


def _by_kind(units: list[Unit]) -> list[tuple[str, list[Unit]]]:
    """Units (already in list order) under their kind's heading: Xã, Phường, Đặc khu, …"""
    return [
        (strings.KIND.get(kind, kind), list(members))
        for kind, members in itertools.groupby(units, key=lambda unit: unit.kind)
    ]


def router(config: DashboardConfig) -> APIRouter:
    """`/admin/invites` and its actions."""
    api = APIRouter(prefix="/admin")
    reader, _, actor = guards(config)

    async def page(
        request: Request,
        viewer: Viewer,
        form: InviteForm,
        problems: list[str] | None = None,
        *,
        refusal: str | None = None,
        status_code: int = 200,
    ) -> HTMLResponse:
        """The list and the form, with a new single-use token; after a refused form, its
        problems and what was typed, or the `refusal` of the whole form (top of the page)."""
        now = config.clock()
        async with session_scope(config.engine) as session:
            listed = (await store.list_invites(session))[:LISTED]
            units = await queries.list_units(session)
        rows = [
            (invite, owner, store.status_of(invite, now=now).value) for invite, owner in listed
        ]
        return render(
            request,
            "invites.html",
            viewer=viewer,
            zone=config.zone,
            status_code=422 if problems else status_code,
            problem_text=refusal,
            path="/admin/invites",
            rows=rows,
            unit_groups=_by_kind(units),
            form=form,
            # The form acts once: a reload of its result, or a second press, is refused.
            once=sessions.new_token(),
            problems=problems or [],
            groups=GROUPS,
            max_uses=MAX_USES,
            max_days=MAX_DAYS,
            has_link=config.telegram_username is not None,
        )

    @api.get("/invites", response_class=HTMLResponse, include_in_schema=False)
    async def invites_page(
        request: Request, viewer: Annotated[Viewer, Depends(reader)], unit: str = ""
    ) -> HTMLResponse:
        # «Tạo mã mời» on a unit's page comes here with that unit chosen.
        return await page(request, viewer, InviteForm(target=unit[:32] or "communes"))

    async def _chosen(target: str) -> list[Unit] | str:
        """The units a target names (a group's, or one unit), or why it names none."""
        if not target:
            return strings.INVITE_NO_TARGET
        async with session_scope(config.engine) as session:
            if target in GROUPS:
                found = await queries.list_units(session, kinds=GROUPS[target])
                return found or strings.INVITE_EMPTY_GROUP.format(
                    group=strings.KIND_GROUPS[target]
                )
            one = await queries.unit_by_code(session, target)
        if one is None or not one.active:
            return strings.INVITE_UNKNOWN_UNIT.format(code=target[:32])
        return [one]

    @api.post("/invites/create", response_class=HTMLResponse, include_in_schema=False)
    async def create(
        request: Request,
        viewer: Annotated[Viewer, Depends(actor)],
        target: Annotated[str, Form(max_length=40)] = "",
        uses: Annotated[str, Form(max_length=40)] = "",
        days: Annotated[str, Form(max_length=40)] = "",
        once: Annotated[str, Form(max_length=100)] = "",
    ) -> Response:
        form = InviteForm(target.strip(), uses, days)
        if not sessions.form_token_ok(once):
            stale = strings.INVITE_STALE_FORM
            return await page(request, viewer, form, refusal=stale, status_code=400)
        chosen = await _chosen(form.target)
        problems = [chosen] if isinstance(chosen, str) else []
        problems += number_problems(form)
        max_uses = whole(uses, most=MAX_USES)
        ttl_days = whole(days, most=MAX_DAYS)
        if isinstance(chosen, str) or max_uses is None or ttl_days is None:
            # Nothing is created; the form comes back as typed, each problem named.
            return await page(request, viewer, form, problems)
        now = config.clock()
        created: list[CreatedInvite] = []
        async with session_scope(config.engine) as session:
            # Spent in the transaction that makes the codes: both happen, or neither.
            repeated = not await sessions.first_use(session, once, now=now)
            for unit in [] if repeated else chosen:
                created.append(
                    await create_invite(
                        session,
                        unit_code=unit.code,
                        role=Role.MEMBER,
                        max_uses=max_uses,
                        ttl=timedelta(days=ttl_days),
                        pepper=config.invite_pepper,
                        now=now,
                        bot_username=config.telegram_username,
                    )
                )
        if repeated:
            # A reload of the codes' page, or a second press: the codes exist, shown once.
            refusal = strings.INVITE_REPEATED
            return await page(request, viewer, form, refusal=refusal, status_code=409)
        expiry = [i.expires_at.astimezone(config.zone).strftime("%d/%m/%Y") for i in created]
        pngs = [qr.qr_png(qr.target_of(invite)) for invite in created]
        csv_bytes = qr.invites_csv(created, expiry)
        cards = [
            (invite, until, qr.data_uri("image/png", png))
            for invite, until, png in zip(created, expiry, pngs, strict=True)
        ]
        return render(
            request,
            "invites_print.html",
            viewer=viewer,
            zone=config.zone,
            cards=cards,
            csv_uri=qr.data_uri("text/csv;charset=utf-8", csv_bytes),
            zip_uri=qr.data_uri("application/zip", qr.invites_zip(created, csv_bytes, pngs)),
            group=GROUPS.get(target) is not None or target == "all",
            target=target,
        )

    @api.post("/invites/{invite_id}/revoke", include_in_schema=False)
    async def revoke(
        invite_id: int, viewer: Annotated[Viewer, Depends(actor)]
    ) -> RedirectResponse:
        async with session_scope(config.engine) as session:
            try:
                await revoke_invite(
                    session, str(invite_id), pepper=config.invite_pepper, now=config.clock()
                )
            except InviteNotFound:
                return back("/admin/invites", err="not_found")
        return back("/admin/invites", ok="revoked")

    return api
