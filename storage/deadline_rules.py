"""What a deadline must be before it is stored: one check for `cdsbot deadlines add` and the
console's «Thêm hạn» / «Sửa hạn» form, with the reasons in Vietnamese."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from knowledge.documents import builtin_plan
from knowledge.periods import EVERY
from storage.models import Unit
from storage.reminders import AUDIENCE_KINDS, audience_codes, audience_parts

TITLE_MAX = 300
SHOWN_MAX = 60
# Where an audience was typed: the CLI takes words (`--audience xã`, or `communes`), the
# console offers the groups by their Vietnamese names and a field for unit codes.
TypedIn = Literal["cli", "console"]
_AUDIENCE_EMPTY: dict[TypedIn, str] = {
    "cli": (
        "Đối tượng không được để trống: ghi xã (các xã, phường, đặc khu), sở (các sở, ban, "
        "ngành), tất cả, hoặc các mã đơn vị cách nhau bởi dấu phẩy."
    ),
    "console": (
        "Chưa ghi mã đơn vị nào: khi chọn «Các đơn vị theo mã», ghi mã các đơn vị cách nhau "
        "bởi dấu phẩy (ví dụ SKHCN, 21211), hoặc chọn một nhóm đơn vị."
    ),
}
_AUDIENCE_UNKNOWN: dict[TypedIn, str] = {
    "cli": (
        "Không có đơn vị mã {codes}; đối tượng là xã (các xã, phường, đặc khu), sở (các sở, "
        "ban, ngành), tất cả, hoặc các mã đơn vị cách nhau bởi dấu phẩy (xem `cdsbot units "
        "list`)."
    ),
    "console": (
        "Không có đơn vị mã {codes}; ghi đúng mã đơn vị (gõ tên đơn vị vào ô để thấy mã), cách "
        "nhau bởi dấu phẩy, hoặc chọn một nhóm đơn vị."
    ),
}


@dataclass(frozen=True, slots=True)
class DeadlineDraft:
    """A deadline as typed: `due_on` is None when the date could not be read."""

    title: str
    due_on: date | None
    audience: str
    every: str | None
    section: str
    survey_id: str | None


@lru_cache(maxsize=1)
def plan_sections() -> frozenset[str]:
    """The section ids of Plan 87/KH-UBND (`IV.1.d`, ...)."""
    return frozenset(section.id for section in builtin_plan().sections)


def _shown(value: str) -> str:
    """User text quoted in a message: one line, printable, not too long."""
    text = "".join(ch if ch.isprintable() else " " for ch in " ".join(value.split()))
    return text if len(text) <= SHOWN_MAX else text[: SHOWN_MAX - 1] + "…"


async def deadline_problems(
    session: AsyncSession,
    draft: DeadlineDraft,
    *,
    surveys: Collection[str],
    today: date,
    due_example: str,
    stored_due: date | None = None,
    typed_in: TypedIn = "cli",
) -> list[str]:
    """Why `draft` cannot be stored ([] when it can). `today` is the local date; `due_example`
    shows how the date is typed where it was, `typed_in` how the audience is; a due date
    already stored (`stored_due`, when editing) is kept even if it has passed."""
    problems = []
    if not draft.title.strip():
        problems.append("Tên việc không được để trống.")
    elif len(draft.title.strip()) > TITLE_MAX:
        problems.append(f"Tên việc dài quá {TITLE_MAX} ký tự.")
    if draft.due_on is None:
        problems.append(f"Ngày hạn phải là một ngày có thật, viết dạng {due_example}.")
    elif draft.due_on < today and draft.due_on != stored_due:
        problems.append(
            f"Ngày hạn {draft.due_on:%d/%m/%Y} đã qua (hôm nay là {today:%d/%m/%Y}); "
            "hãy chọn hôm nay hoặc một ngày sau."
        )
    if draft.every is not None and draft.every not in EVERY:
        problems.append(
            f"Kiểu lặp lại «{_shown(draft.every)}» không có; chọn month (hằng tháng), "
            "quarter (hằng quý) hoặc year (hằng năm)."
        )
    problems.extend(await audience_problems(session, draft.audience, typed_in=typed_in))
    if draft.section and draft.section not in plan_sections():
        problems.append(
            f"Kế hoạch 87/KH-UBND không có mục «{_shown(draft.section)}»; ghi đúng số mục, "
            "ví dụ IV.1.d, hoặc để trống."
        )
    if draft.survey_id is not None and draft.survey_id not in surveys:
        known = ", ".join(sorted(surveys)) or "chưa có báo cáo nào"
        problems.append(
            f"Không có báo cáo «{_shown(draft.survey_id)}»; các báo cáo hiện có: {known}."
        )
    return problems


async def audience_problems(
    session: AsyncSession, audience: str, *, typed_in: TypedIn = "cli"
) -> list[str]:
    """Why an audience (communes, departments, all or unit codes) names nobody; [] when it is
    sound, worded for where it was typed. Shared by deadlines and `cdsbot broadcast`."""
    if audience in AUDIENCE_KINDS:
        return []
    codes = audience_codes(audience)
    if not codes:
        return [_AUDIENCE_EMPTY[typed_in]]
    statement = select(Unit.code).where(col(Unit.code).in_(codes), col(Unit.active).is_(True))
    known = set((await session.exec(statement)).all())
    # Named as typed («xã mới», not the upper case `audience_codes` compares in).
    typed = audience_parts(audience)
    unknown = [shown for shown, code in zip(typed, codes, strict=True) if code not in known]
    if not unknown:
        return []
    return [_AUDIENCE_UNKNOWN[typed_in].format(codes=_shown(", ".join(unknown)))]
