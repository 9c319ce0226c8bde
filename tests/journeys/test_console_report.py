"""Issue 4 on the console: `cdsbot chat --jsonl` typed line by line, then the export.

Everything runs in subprocesses on one SQLite file, so the chat uses the real clock: the period
reported and exported is the one the wall clock falls in.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.config import Settings
from handlers import texts
from handlers.survey_view import period_label
from knowledge.surveys import SurveyDefinition, due_at, period_of
from tests.journeys.conftest import (
    UNIT_CODE,
    UNIT_NAME,
    JsonlChat,
    answer_cells,
    create_invite_code,
    export_rows,
)


async def test_invited_official_reports_by_typing_and_export_shows_unit_sent(
    jsonl_chat: JsonlChat, settings: Settings, definition: SurveyDefinition, tmp_path: Path
) -> None:
    code = await create_invite_code(settings)
    now = datetime.now(UTC)
    period = period_of(definition, now, settings.zone)
    # A first report sent after the deadline is accepted as late (only at the quarter's end).
    expected_status = "đã gửi" if now < due_at(definition, period, settings.zone) else "gửi muộn"

    accepted = jsonl_chat.say(f"/start {code}")
    consent_labels = jsonl_chat.labels
    jsonl_chat.say("dong y")
    unmarked = jsonl_chat.say("nguyen van an")
    jsonl_chat.say("nguyen van an")  # typed the same again: kept without marks
    onboarded = jsonl_chat.say("Cong chuc Van phong - Thong ke")
    intro = jsonl_chat.say("/baocao")
    first_labels = jsonl_chat.labels
    jsonl_chat.say("co")
    for number in ("12", "5", "62.5", "40"):
        jsonl_chat.say(number)
    jsonl_chat.say("1 buổi")  # a count with its unit: "Một buổi"
    jsonl_chat.say("bo qua")
    summary = jsonl_chat.say("Can them kinh phi dao tao")
    receipt = jsonl_chat.say("gui bao cao")
    rows = await export_rows(settings, period, tmp_path / "export.xlsx")

    assert accepted.startswith(texts.INVITE_ACCEPTED.format(unit=UNIT_NAME) + "\n\n")
    assert consent_labels == ["Đồng ý", "Không đồng ý"]
    assert "chưa có dấu" in unmarked
    assert onboarded.startswith("Đã xác nhận: Nguyen Van An, Cong chuc Van phong")
    assert "Câu 1/8" in intro
    assert first_labels == ["Có", "Không"]
    assert "8. Đề xuất, kiến nghị: Can them kinh phi dao tao" in summary
    assert receipt.startswith(f"Đã nhận báo cáo {period_label(period)} của {UNIT_NAME} lúc ")
    assert rows[UNIT_CODE]["Trạng thái"] == expected_status
    assert answer_cells(definition, rows[UNIT_CODE]) == [
        "Có", 12, 5, 62.5, 40, "Một buổi", None, "Can them kinh phi dao tao",
    ]  # fmt: skip
    others = {row["Trạng thái"] for unit, row in rows.items() if unit != UNIT_CODE}
    assert others == {"chưa báo cáo"}
