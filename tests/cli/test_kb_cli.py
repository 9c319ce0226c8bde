"""`cdsbot ask`, `eval` and `kb` as scripts call them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import ROOT, Cdsbot

DEV = ROOT / "tests" / "data" / "dev.jsonl"


def test_ask_json_cites_section_first(cdsbot: Cdsbot) -> None:
    result = cdsbot("ask", "--json", "Khi nào phải thiết lập xong mạng lưới CĐS tỉnh?")

    payload = json.loads(result.stdout)
    assert payload["answered"] is True
    assert payload["sources"][0] == {
        "doc": "87/KH-UBND",
        "section": "IV.2.c",
        "score": payload["sources"][0]["score"],
    }
    assert "mục IV.2.c" in payload["answer"]


def test_ask_json_abstains_out_of_scope(cdsbot: Cdsbot) -> None:
    payload = json.loads(cdsbot("ask", "--json", "Công thức nấu phở bò").stdout)

    assert payload["answered"] is False


def test_eval_json_meets_targets_on_dev_set(cdsbot: Cdsbot) -> None:
    metrics = json.loads(cdsbot("eval", str(DEV), "--json").stdout)

    assert metrics["n"] == 69
    assert metrics["top1"] >= 0.95 and metrics["top3"] == 1.0
    assert metrics["oos_abstain"] == 1.0 and metrics["false_abstain"] <= 0.03


def test_kb_add_then_answer_cites_new_document(cdsbot: Cdsbot, tmp_path: Path) -> None:
    doc = tmp_path / "qd.txt"
    doc.write_text(
        "QUYẾT ĐỊNH\nĐiều 1. Phạm vi\nQuy định về giờ tiếp công dân tại bộ phận một cửa.\n"
        "Điều 2. Thời gian tiếp công dân\n1. Bộ phận một cửa tiếp công dân vào sáng thứ Bảy.\n",
        encoding="utf-8",
    )
    env = {"KB_DIR": str(tmp_path / "kb")}

    added = cdsbot("kb", "add", str(doc), "--doc", "15/2024/QĐ-UBND", env=env)
    listed = json.loads(cdsbot("kb", "list", "--json", env=env).stdout)
    answer = json.loads(
        cdsbot("ask", "--json", "bo phan mot cua tiep cong dan thu bay", env=env).stdout
    )

    assert added.returncode == 0
    assert [d["doc"] for d in listed] == ["87/KH-UBND", "15/2024/QĐ-UBND"]
    assert answer["sources"][0]["doc"] == "15/2024/QĐ-UBND"


def test_kb_unanswered_lists_most_frequent(cdsbot: Cdsbot) -> None:
    cdsbot("chat", "--as", "5", "--jsonl", stdin="giá vàng hôm nay\nGiá vàng hôm nay\nphở bò\n")

    rows = json.loads(cdsbot("kb", "unanswered", "--json").stdout)

    assert [(r["question"].lower(), r["count"]) for r in rows] == [
        ("giá vàng hôm nay", 2),
        ("phở bò", 1),
    ]
