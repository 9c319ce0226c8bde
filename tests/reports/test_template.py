"""The wording comes from the template the office edits; a broken template is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from knowledge.surveys import SurveyDefinition
from reports.template import TEMPLATE_PATH, TemplateError, load_template
from tests.reports.conftest import body_text, report_of
from tests.surveys.conftest import Town


def edited(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the shipped template with one piece of text replaced."""
    text = TEMPLATE_PATH.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "report_template.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


async def test_edited_heading_appears_in_the_report(
    town: Town, sqlite_engine: AsyncEngine, definition: SurveyDefinition, tmp_path: Path
) -> None:
    path = edited(tmp_path, "III. KHÓ KHĂN, VƯỚNG MẮC", "III. NHỮNG KHÓ KHĂN TRONG KỲ")

    document = await report_of(
        sqlite_engine, definition, tmp_path / "q4.docx", template=load_template(path)
    )

    assert "III. NHỮNG KHÓ KHĂN TRONG KỲ" in body_text(document)


def test_misspelt_field_is_refused_with_its_place(tmp_path: Path) -> None:
    path = edited(tmp_path, "chưa báo cáo: {missing}.", "chưa báo cáo: {misssing}.")

    with pytest.raises(TemplateError, match=r"sentences\.reported: unknown field \{misssing\}"):
        load_template(path)


def test_missing_heading_is_refused(tmp_path: Path) -> None:
    path = edited(tmp_path, "  proposals: IV. ĐỀ XUẤT, KIẾN NGHỊ\n", "")

    with pytest.raises(TemplateError, match=r"headings\.proposals: Field required"):
        load_template(path)


async def test_measure_that_does_not_fit_its_question_is_refused(
    town: Town, sqlite_engine: AsyncEngine, definition: SurveyDefinition, tmp_path: Path
) -> None:
    path = edited(tmp_path, "label: Giao ban, hội thảo của Mạng lưới CĐS\n    measure: choice",
                  "label: Giao ban, hội thảo của Mạng lưới CĐS\n    measure: total")  # fmt: skip

    with pytest.raises(TemplateError, match="giao_ban: total needs a number question"):
        await report_of(
            sqlite_engine, definition, tmp_path / "q4.docx", template=load_template(path)
        )
