"""Quảng Ngãi's reporting units: the current communes and wards, plus provincial bodies."""

from __future__ import annotations

from vietnam_provinces import Province, VietNamDivisionType, Ward

from storage.models import Unit, UnitKind

PROVINCE_CODENAME = "quang_ngai"

_KIND = {
    VietNamDivisionType.XA: UnitKind.COMMUNE,
    VietNamDivisionType.PHUONG: UnitKind.WARD,
    VietNamDivisionType.DAC_KHU: UnitKind.SPECIAL_ZONE,
}

# The provincial bodies Plan 87/KH-UBND assigns tasks to (section IV and III.5.b).
DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("STTTT", "Sở Thông tin và Truyền thông"),
    ("TTCNTT", "Trung tâm Công nghệ thông tin và Truyền thông"),
    ("VPUBND", "Văn phòng Ủy ban nhân dân tỉnh"),
    ("CAT", "Công an tỉnh"),
    ("SNV", "Sở Nội vụ"),
    ("STC", "Sở Tài chính"),
    ("SKHDT", "Sở Kế hoạch và Đầu tư"),
    ("HHDN", "Hiệp hội Doanh nghiệp tỉnh"),
)


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
