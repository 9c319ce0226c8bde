"""Questions the plan's text cannot answer but the assistant's own records can.

"hạn nộp báo cáo khi nào" (the survey's next due day), "báo cáo gồm những gì" (its questions),
"đơn vị tôi đã báo cáo chưa" (this period's status), "sắp tới có hạn gì" (upcoming deadlines),
and "có gì thay đổi so với kế hoạch" / "sở tttt giờ là sở nào" (knowledge/changes.yaml).
Pure: which kind of question a text is, nothing more.
"""

from __future__ import annotations

from typing import Literal

from knowledge.normalize import folded_question

LiveIntent = Literal["report_due", "report_status", "report_contents", "upcoming", "my_data"]

_REPORT = ("bao cao",)
_DUE = (
    "han", "thoi han", "han chot", "deadline", "khi nao", "bao gio", "ngay nao", "ngay may",
    "may ngay", "con bao lau", "luc nao", "truoc ngay",
)  # fmt: skip
_STATUS = ("da gui", "da nop", "da bao cao", "gui chua", "nop chua", "bao cao chua", "xong chua")
_CONTENTS = (
    "gom nhung gi", "gom gi", "hoi gi", "hoi nhung gi", "may cau", "bao nhieu cau", "nhung cau",
    "cau hoi", "dien gi", "dien nhung gi", "can dien", "noi dung bao cao", "mau bao cao",
)  # fmt: skip
_UPCOMING = (
    "sap den han", "sap het han", "han sap toi", "viec sap toi", "nhung han nao", "cac han",
    "co han gi", "han gi", "viec gi sap", "lich han", "nhac viec",
)  # fmt: skip
# A person asking about what the assistant keeps on them (/toi, /xoathongtin): "bot lưu thông
# tin gì của tôi", "tôi muốn xoá dữ liệu", "sửa họ tên của tôi", "xoá dữ liệu cá nhân". "Xã của
# tôi" is a unit and "phường mình" a body; "bảo vệ dữ liệu cá nhân" alone is the plan's (IV.4).
_MINE = ("cua toi", "cua minh", "cua em", "ve toi", "ve minh", "ve em")
_WANT = ("toi muon", "em muon", "minh muon", "cho toi", "giup toi", "giup em", "cho em")
_DATA = ("thong tin", "du lieu", "ho ten", "ten", "chuc vu", "tai khoan")
_MY_DATA = tuple(f"{d}{gi} {m}" for d in _DATA for gi in ("", " gi") for m in _MINE)
_PERSONAL = ("thong tin ca nhan", "du lieu ca nhan")
_MODIFY = ("xoa", "sua", "thay doi", "doi", "cap nhat")
_LOOK = ("xem", "luu", "giu", "biet", "lay")
# What has changed since the plan: asked of everything, or of a body being merged or gone.
ChangesAsked = Literal["since_plan", "merged", "now"]
_CHANGED = (
    "co gi thay doi", "nhung thay doi", "thay doi gi", "thay doi so voi", "thay doi tu khi",
    "thay doi sau", "thay doi nao", "thay doi the nao", "thay doi ra sao", "co gi moi",
    "diem moi", "nhung gi moi",
)  # fmt: skip
_MERGED = ("sap nhap", "sat nhap", "hop nhat", "giai the", "doi ten", "doi thanh", "nhap vao")
_NOW = (
    "gio la", "nay la", "hien nay la", "hien gio la", "gio thuoc", "nay thuoc", "con khong",
    "con ko", "con k", "con hay khong", "con nua khong", "con ton tai", "ten moi", "ten goi moi",
    "thanh so nao", "thanh bo nao", "la so nao", "la bo nao", "thuoc so nao", "thuoc bo nao",
)  # fmt: skip
# A question on a merged body's duties is the plan's (answered with the change as a note).
_DUTY = (
    "lam gi", "nhiem vu", "trach nhiem", "phai lam", "lam nhung", "chu tri", "phoi hop",
    "viec gi", "cong viec", "lam viec", "giao", "yeu cau", "bo tri", "kien toan", "can lam",
)  # fmt: skip
# A longer message tells a situation ("xã em vừa sáp nhập, …") before asking the plan.
_SHORT = 16
# "hạn" in "trung hạn", "quyền hạn", "hạn chế" is no deadline.
_NOT_DUE_BEFORE = frozenset({"trung", "dai", "ngan", "gioi", "quyen", "co"})


def _text(question: str) -> str:
    return f" {folded_question(question)} "


def _has(text: str, phrases: tuple[str, ...]) -> bool:
    return any(f" {p} " in text for p in phrases)


def _asks_due(text: str) -> bool:
    words = text.split()
    for i, word in enumerate(words):
        if word == "han" and not (i and words[i - 1] in _NOT_DUE_BEFORE):
            if i + 1 < len(words) and words[i + 1] == "che":
                continue
            return True
    return _has(text, tuple(p for p in _DUE if p != "han"))


def _asks_my_data(text: str) -> bool:
    if _has(text, _MY_DATA) and _has(text, _MODIFY + _LOOK):
        return True
    if _has(text, _WANT) and _has(text, _MODIFY) and _has(text, _DATA):
        return True
    return _has(text, _PERSONAL) and _has(text, _MODIFY) and not _has(text, ("bao ve",))


def live_intent(question: str) -> LiveIntent | None:
    """What a question asks of the assistant's records, or None for a question on the plan."""
    text = _text(question)
    if _asks_my_data(text):
        return "my_data"
    if _has(text, _UPCOMING):
        return "upcoming"
    if not _has(text, _REPORT):
        return None
    if _has(text, _CONTENTS):
        return "report_contents"
    if _asks_due(text):
        return "report_due"
    if _has(text, _STATUS) or text.rstrip().endswith(" chua"):
        return "report_status"
    return None


def asks_changes(question: str) -> ChangesAsked | None:
    """Whether a question asks what changed since the plan (the answer names no plan section).

    "since_plan": everything ("có gì thay đổi so với kế hoạch"); "merged": a merger, of a body
    if one is named ("sau sáp nhập thì sao"); "now": what a named body is today ("sở tttt giờ
    là sở nào", "cấp huyện còn không"). A question on duties or on reports is the plan's.
    """
    text = _text(question)
    if _has(text, _DUTY) or _has(text, _REPORT):
        return None
    if _has(text, _CHANGED):
        return "since_plan"
    if len(text.split()) > _SHORT:
        return None
    if _has(text, _MERGED):
        return "merged"
    if _has(text, _NOW):
        return "now"
    return None
