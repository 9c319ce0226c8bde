"""Invites: for one unit or every unit of a kind at once, as a printable page with QR codes
and a CSV (and a ZIP of the CSV with the QR images); revoke one."""

# No `from __future__ import annotations`: FastAPI reads the guards' types at runtime.

import itertools
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from dashboard import qr, strings
from dashboard.auth import guards
from dashboard.config import DashboardConfig
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
MAX_USES = 50
MAX_DAYS = 90
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

    @api.get("/invites", response_class=HTMLResponse, include_in_schema=False)
    async def invites_page(
        request: Request, viewer: Annotated[Viewer, Depends(reader)], unit: str = ""
    ) -> HTMLResponse:
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
            rows=rows,
            unit_groups=_by_kind(units),
            unit=unit[:32],
            groups=GROUPS,
            has_link=config.telegram_username is not None,
        )

    @api.post("/invites/create", response_class=HTMLResponse, include_in_schema=False)
    async def create(
        request: Request,
        viewer: Annotated[Viewer, Depends(actor)],
        target: Annotated[str, Form(max_length=40)] = "",
        uses: Annotated[int, Form()] = 1,
        days: Annotated[int, Form()] = 14,
    ) -> Response:
        if not 1 <= uses <= MAX_USES or not 1 <= days <= MAX_DAYS or not target:
            return back("/admin/invites", err="bad_invite")
        now = config.clock()
        created: list[CreatedInvite] = []
        async with session_scope(config.engine) as session:
            if target in GROUPS:
                chosen: list[Unit] = await queries.list_units(session, kinds=GROUPS[target])
            else:
                one = await queries.unit_by_code(session, target.strip())
                chosen = [one] if one is not None else []
            if not chosen:
                return back("/admin/invites", err="bad_invite")
            for unit in chosen:
                created.append(
                    await create_invite(
                        session,
                        unit_code=unit.code,
                        role=Role.MEMBER,
                        max_uses=uses,
                        ttl=timedelta(days=days),
                        pepper=config.invite_pepper,
                        now=now,
                        bot_username=config.telegram_username,
                    )
                )
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
