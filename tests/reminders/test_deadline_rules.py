"""The one check a deadline passes before it is stored (CLI and console), on both databases."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlmodel.ext.asyncio.session import AsyncSession

from storage.deadline_rules import DeadlineDraft, deadline_problems
from storage.models import Unit

TODAY = date(2026, 11, 30)
GOOD = DeadlineDraft(
    title="Báo cáo chuyên đề",
    due_on=date(2026, 12, 15),
    audience="communes",
    every=None,
    section="IV.1.d",
    survey_id="bao-cao-quy",
)
EXAMPLE = "ngày/tháng/năm, ví dụ 15/12/2026"


async def _problems(session: AsyncSession, draft: DeadlineDraft, **kwargs: object) -> list[str]:
    return await deadline_problems(
        session, draft, surveys={"bao-cao-quy"}, today=TODAY, due_example=EXAMPLE, **kwargs
    )


async def test_a_sound_deadline_has_no_problem(session: AsyncSession) -> None:
    session.add(Unit(code="21211", name="Phường Trương Quang Trọng", kind="ward"))
    session.add(Unit(code="OLD", name="Đơn vị đã giải thể", kind="department", active=False))
    await session.flush()

    assert await _problems(session, GOOD) == []
    assert await _problems(session, replace(GOOD, audience="21211", section="")) == []
    assert await _problems(session, replace(GOOD, due_on=TODAY, survey_id=None)) == []
    assert await _problems(session, replace(GOOD, audience="21211,OLD")) == [
        "Không có đơn vị mã OLD; đối tượng là xã (các xã, phường, đặc khu), sở (các sở, ban, "
        "ngành), tất cả, hoặc các mã đơn vị cách nhau bởi dấu phẩy (xem `cdsbot units list`)."
    ]


async def test_each_mistake_is_named_in_vietnamese(session: AsyncSession) -> None:
    bad = DeadlineDraft(
        title="  ",
        due_on=date(2026, 11, 29),
        audience="mọi người",
        every="week",
        section="IX.9",
        survey_id="none",
    )

    assert await _problems(session, bad) == [
        "Tên việc không được để trống.",
        "Ngày hạn 29/11/2026 đã qua (hôm nay là 30/11/2026); hãy chọn hôm nay hoặc một ngày sau.",
        "Kiểu lặp lại «week» không có; chọn month (hằng tháng), quarter (hằng quý) hoặc year "
        "(hằng năm).",
        "Không có đơn vị mã mọi người; đối tượng là xã (các xã, phường, đặc khu), sở (các sở, "
        "ban, ngành), tất cả, hoặc các mã đơn vị cách nhau bởi dấu phẩy (xem `cdsbot units "
        "list`).",
        "Kế hoạch 87/KH-UBND không có mục «IX.9»; ghi đúng số mục, ví dụ IV.1.d, hoặc để trống.",
        "Không có báo cáo «none»; các báo cáo hiện có: bao-cao-quy.",
    ]
    assert await _problems(session, replace(GOOD, due_on=None, audience=" , ")) == [
        "Ngày hạn phải là một ngày có thật, viết dạng ngày/tháng/năm, ví dụ 15/12/2026.",
        "Đối tượng không được để trống: ghi xã (các xã, phường, đặc khu), sở (các sở, ban, "
        "ngành), tất cả, hoặc các mã đơn vị cách nhau bởi dấu phẩy.",
    ]


async def test_an_edit_keeps_a_due_date_already_stored(session: AsyncSession) -> None:
    past = replace(GOOD, due_on=date(2024, 5, 31))

    assert await _problems(session, past, stored_due=date(2024, 5, 31)) == []
    assert len(await _problems(session, past, stored_due=date(2024, 6, 30))) == 1
