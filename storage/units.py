"""Quảng Ngãi's reporting units: the current communes and wards, plus provincial bodies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from vietnam_provinces import Province, VietNamDivisionType, Ward

from knowledge.changes import load_changes
from storage.models import Official, Unit, UnitKind

PROVINCE_CODENAME = "quang_ngai"

_KIND = {
    VietNamDivisionType.XA: UnitKind.COMMUNE,
    VietNamDivisionType.PHUONG: UnitKind.WARD,
    VietNamDivisionType.DAC_KHU: UnitKind.SPECIAL_ZONE,
}

# The provincial bodies Plan 87/KH-UBND assigns tasks to (section IV and III.5.b), as they are
# today: Sở TT&TT's duties are Sở KH&CN's, Sở KH&ĐT's are Sở Tài chính's (knowledge/changes.yaml).
DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("SKHCN", "Sở Khoa học và Công nghệ"),
    ("TTCNTT", "Trung tâm Công nghệ thông tin và Truyền thông"),
    ("VPUBND", "Văn phòng Ủy ban nhân dân tỉnh"),
    ("CAT", "Công an tỉnh"),
    ("SNV", "Sở Nội vụ"),
    ("STC", "Sở Tài chính"),
    ("HHDN", "Hiệp hội Doanh nghiệp tỉnh"),
)

# Bodies seeded before the 2025 mergers: code → (the code of the body it merged into, the id of
# the entry in knowledge/changes.yaml that says so and when).
RETIRED: dict[str, tuple[str, str]] = {
    "STTTT": ("SKHCN", "so-tttt-hop-nhat-so-khcn"),
    "SKHDT": ("STC", "so-khdt-hop-nhat-so-tai-chinh"),
}


@dataclass(frozen=True, slots=True)
class RetiredUnit:
    """A unit `retire_units` marked inactive: what it merged into, since when, who was in it."""

    code: str
    name: str
    into_code: str
    into_name: str
    since: date | None
    officials: int


def province_units() -> list[Unit]:
    """Every unit of the province, built from the vietnam-provinces data set."""
    province = next(p for p in Province.iter_all() if p.codename == PROVINCE_CODENAME)
    units = [
        Unit(code=str(int(ward.code)), name=ward.name, kind=_KIND[ward.division_type].value)
        for ward in Ward.iter_all()
        if ward.province_code == province.code and ward.division_type in _KIND
    ]
    units += [
        Unit(code=code, name=name, kind=UnitKind.DEPARTMENT.value) for code, name in DEPARTMENTS
    ]
    return units


async def retire_units(session: AsyncSession) -> list[RetiredUnit]:
    """Mark the active units of bodies that no longer exist inactive; never delete one.

    The row stays, with its reports, officials, invites and audit history: it only leaves the
    unit lists, audiences and reminders. Returns the units marked now (none the second time).
    """
    names = dict(DEPARTMENTS)
    since = {change.id: change.when for change in load_changes()}
    statement = (
        select(Unit)
        .where(col(Unit.code).in_(list(RETIRED)), col(Unit.active).is_(True))
        .order_by(col(Unit.id))
    )
    retired = []
    for unit in (await session.exec(statement)).all():
        into, change = RETIRED[unit.code]
        count = select(func.count()).select_from(Official).where(Official.unit_id == unit.id)
        officials = (await session.exec(count)).one()
        unit.active = False
        session.add(unit)
        retired.append(
            RetiredUnit(unit.code, unit.name, into, names[into], since.get(change), officials)
        )
    return retired
