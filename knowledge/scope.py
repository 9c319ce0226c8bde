"""Questions that use the plan's words but ask for a kind of fact the plan never states.

A plan assigns duties, targets and deadlines; it states no amount of money, no fee or price,
no present-day statistic, no person's name or phone number, no vendor, no penalty, nothing
about another province and no steps for using an app. A question asking for one of those is
refused even when a section shares its words, and so is a question asking for a date or a
figure the best section does not give. `beyond_plan` names the kind of fact (for tests and
logs) or returns None.
"""

from __future__ import annotations

import re
from typing import Literal

from knowledge.intents import DATE_RE, DEADLINE_RE, how_many_at
from knowledge.normalize import fold, tokenize, typed_with_marks

Beyond = Literal[
    "money",
    "statistic",
    "person",
    "contact",
    "place",
    "howto",
    "date",
    "figure",
    "sanction",
    "equipment",
]


def _phrases(text: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(p.split()) for p in text.split(","))


# Folded phrases; a phrase marked "=" must also match with its diacritics when the question
# was typed with them (folded "luong" is also "lượng", "may" is also "máy").
_MONEY = _phrases(
    "tien, luong, phu cap, le phi, muc phi, phi dich vu, gia, bao nhieu ty, may ty, trieu, "
    "ty dong, muc phat, phat bao nhieu, xu phat, thu lao, tien thuong, muc luong, muc ho tro, "
    "trung thau, dau thau, goi thau, nha thau, hoc phi"
)
_MONEY_ALWAYS = _phrases(
    "luong, phu cap, le phi, muc phat, xu phat, thu lao, tien thuong, trung thau, dau thau, "
    "goi thau, nha thau, hoc phi"
)
# Syllables that make the one before or after them something else ("số lượng", "máy tính").
_NOT_MONEY_BEFORE = {
    "luong": {"so", "do", "chat", "nang", "san", "khoi", "dung", "luc", "thuong"},
    "tien": {"uu", "cai", "tien", "thuc", "dau", "truoc", "cap"},  # "ưu tiên", "cải tiến"
}
_NOT_MONEY_AFTER = {"tien": {"hanh", "do", "trinh", "ich", "phong", "tien", "bo", "toi"}}
_QUANTITY = _phrases(
    "bao nhieu, bn, nhieu tien, may, tong cong, tong so, so luong, bao nhieu nguoi"
)
_STATISTIC = _phrases(
    "dan so, hien nay co, tinh den nay, den nay, toi nay, hien co, hien tai co, tu dau nam, "
    "da dat, da co, thong ke, tong cong, tong so, thuc te dat"
)
# Counting a list the plan gives ("gồm mấy nhóm") is answered from the section.
_LIST_NOUNS = _phrases(
    "nhom, loai, phan, muc, noi dung, nhiem vu, viec, cong viec, giai phap, thanh phan, nen tang, "
    "cong cu, bo cong cu, muc tieu, yeu cau, co quan, buoc, hoat dong"
)
_PERSON_TITLES = _phrases(
    "truong ban, pho ban, giam doc, chu tich, bi thu, chanh van phong, truong phong, "
    "nguoi phu trach, can bo phu trach, nguoi dung dau, lanh dao so, thu truong, chuyen vien, "
    "thu tuong, pho thu tuong, bo truong"
)
# Organisations the plan names only by kind ("doanh nghiệp bưu chính, viễn thông").
_ORGANISATIONS = _phrases("cong ty, nha mang, doanh nghiep, tap doan")
# Which company makes or supplies something: the plan names no vendor.
_VENDOR = _phrases(
    "cong ty nao, do cong ty, hang nao, nha cung cap, don vi cung cap, nha thau nao, "
    "app gi, ung dung gi, phan mem gi, ten app, ten cu the"
)
# Discipline or penalties for not doing it: the plan sets none.
_SANCTION = _phrases(
    "ky luat, che tai, bi xu ly, xu ly trach nhiem, khien trach, canh cao, bi phat, bi kiem diem"
)
# Devices: the plan provides or requires none (its "máy chủ" is a cloud's). With marks, only
# the marked spelling counts ("mấy tỉnh" is no "máy tính").
_EQUIPMENT = {
    tuple(fold(p).split()): tuple(p.split())
    for p in (
        "máy tính",
        "laptop",
        "máy in",
        "máy quét",
        "thiết bị",
        "điện thoại thông minh",
        "smartphone",
        "wifi",
        "camera",
    )
}
# Who signed: the plan's text carries no signature block.
_SIGNER = _phrases("ai ky, nguoi ky, ky boi, ai da ky")
_WHO_NAME = _phrases("la ai, ten gi, ten la gi, ho ten, la ong nao, la ba nao, ai la")
# Who holds a post ("ai làm trưởng ban"): a person unless the section names the post.
_WHO_HOLDS = _phrases("ai lam, do ai, ai giu, ai dung dau, ai dam nhiem, ai dam nhan, ai nam")
_CONTACT = _phrases(
    "so dien thoai, sdt, sđt, dien thoai, hotline, duong day nong, email, e mail, dia chi, "
    "website, trang web, fanpage, so zalo"
)
_HOWTO = _phrases(
    "cai dat, cach cai, tai app, tai ung dung, tai ve, dang nhap, mat khau, kich hoat, "
    "cach dung, cach su dung, huong dan su dung, cap nhat ung dung, quet ma, dung nhu the nao, "
    "dung the nao, xai nhu the nao, xai sao, tai o dau, link tai"
)
# "xây dựng như thế nào" asks how to build, which a plan may say; it is not an app's how-to.
_NOT_HOWTO_BEFORE = frozenset({"xay", "tuyen", "ap"})
_PROVINCES = _phrases(
    "ha noi, ho chi minh, sai gon, hai phong, da nang, can tho, hue, thua thien, quang nam, "
    "quang binh, quang tri, binh dinh, phu yen, khanh hoa, ninh thuan, binh thuan, gia lai, "
    "dak lak, dak nong, lam dong, nghe an, ha tinh, thanh hoa, ninh binh, nam dinh, thai binh, "
    "ha nam, hung yen, hai duong, bac ninh, bac giang, quang ninh, lang son, cao bang, ha giang, "
    "tuyen quang, lao cai, yen bai, dien bien, lai chau, son la, hoa binh, phu tho, vinh phuc, "
    "thai nguyen, bac kan, dong nai, binh duong, binh phuoc, tay ninh, long an, tien giang, "
    "ben tre, tra vinh, vinh long, dong thap, an giang, kien giang, hau giang, soc trang, "
    "bac lieu, ca mau, ba ria, vung tau, tinh khac, cac tinh khac, tinh ban"
)
_TIME_WORDS = re.compile(
    r"\b(?:năm \d{4}|\d{4}|hằng năm|hàng năm|hằng quý|hàng quý|định kỳ|thường xuyên|kịp thời)",
    re.IGNORECASE,
)
_DEADLINE_IN_TITLE = re.compile(r"(?:đến|trước) năm \d{4}", re.IGNORECASE)
_DEADLINE_ASK = _phrases("han, thoi han, han chot, han cuoi, deadline, han nop")
# A plan has no clause on when it takes or loses effect, as a decree has ("có hiệu lực").
_IN_FORCE = _phrases("hieu luc, het han, con han")
_ENDS = _phrases("het, con, tu ngay, den ngay")
_IN_FORCE_RE = re.compile(r"(?:có|hết) hiệu lực", re.IGNORECASE)
# The plan dates nothing that happens now: "khi nào ... năm nay" asks about the present.
_PRESENT = _phrases("nam nay, hien nay, hom nay, thang nay, tuan nay, sap toi, gan day")
_DATE_ASK = _phrases(
    "khi nao, bao gio, ngay nao, ngay may, ngay bao nhieu, ngay bn, nam nao, nam may, thang nao, "
    "thang may, luc nao, thoi diem nao, thoi gian nao"
)
_FIGURE_RE = re.compile(r"\d+\s?%|\d+(?:[.,]\d+)? (?:người|cán bộ|đơn vị|xã|tỷ|triệu)")


_MAX_PHRASE = 4


class _Words(list[str]):
    """A question's folded words with an index of where each 1-4 word phrase starts."""

    def __init__(self, words: list[str]) -> None:
        super().__init__(words)
        self.starts: dict[tuple[str, ...], list[int]] = {}
        for n in range(1, _MAX_PHRASE + 1):
            for i in range(len(words) - n + 1):
                self.starts.setdefault(tuple(words[i : i + n]), []).append(i)


def _at(words: list[str], phrase: tuple[str, ...]) -> list[int]:
    if isinstance(words, _Words) and len(phrase) <= _MAX_PHRASE:
        return words.starts.get(phrase, [])
    n = len(phrase)
    return [i for i in range(len(words) - n + 1) if tuple(words[i : i + n]) == phrase]


def _has(words: list[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    if isinstance(words, _Words):
        return not words.starts.keys().isdisjoint(phrases)
    return any(_at(words, p) for p in phrases)


# "hạn" in "trung hạn", "quyền hạn", "giới hạn", "hạn chế" is no deadline.
_NOT_DEADLINE_BEFORE = frozenset({"trung", "dai", "ngan", "gioi", "quyen", "huu", "vo", "co"})


def _asks_deadline(words: list[str]) -> bool:
    for phrase in _DEADLINE_ASK:
        for i in _at(words, phrase):
            before = words[i - 1] if i else ""
            after = words[i + len(phrase)] if i + len(phrase) < len(words) else ""
            if phrase == ("han",) and (before in _NOT_DEADLINE_BEFORE or after == "che"):
                continue
            return True
    return False


def _money(tokens: tuple[str, ...], words: list[str], *, accented: bool) -> bool:
    hits = [p for p in _MONEY if _at(words, p)]
    real: list[tuple[str, ...]] = []
    for phrase in hits:
        for i in _at(words, phrase):
            before = words[i - 1] if i else ""
            after = words[i + 1] if i + 1 < len(words) else ""
            if before in _NOT_MONEY_BEFORE.get(phrase[0], set()) or (
                len(phrase) == 1 and after in _NOT_MONEY_AFTER.get(phrase[0], set())
            ):
                continue
            if phrase == ("luong",) and accented and tokens[i] != "lương":
                continue
            if phrase == ("gia",) and accented and tokens[i] != "giá":
                continue
            if phrase == ("tien",) and accented and tokens[i] != "tiền":
                continue
            real.append(phrase)
    if not real:
        return False
    return any(p in _MONEY_ALWAYS for p in real) or _quantity(tokens, words) is not None


# "không rành máy tính", "giỏi máy tính": a skill, not a device to be given.
_SKILL_BEFORE = frozenset({"ranh", "thao", "gioi", "kem"})


def _equipment(tokens: tuple[str, ...], words: list[str], *, accented: bool) -> bool:
    for phrase, marked in _EQUIPMENT.items():
        for i in _at(words, phrase):
            if i and words[i - 1] in _SKILL_BEFORE:
                continue
            typed = tuple(t.lower() for t in tokens[i : i + len(phrase)])
            if not accented or typed == marked:
                return True
    return False


def _quantity(tokens: tuple[str, ...], words: list[str]) -> int | None:
    """Index just after a quantity word ("bao nhiêu", "mấy"), or None."""
    for phrase in _QUANTITY:
        for i in _at(words, phrase):
            if phrase == ("may",) and not how_many_at(tokens, i):
                continue
            if i and words[i - 1] in {"ngay", "thang", "nam", "so"}:
                continue  # "ngày bao nhiêu" asks a date, "số mấy" a document number
            return i + len(phrase)
    return None


def _post_not_stated(words: list[str], section_text: str) -> bool:
    """The question names a post ("trưởng ban") that the section's text never mentions."""
    stated = f" {' '.join(fold(t) for t in tokenize(section_text))} "
    return any(_at(words, p) and f" {' '.join(p)} " not in stated for p in _PERSON_TITLES)


def _counts_a_list(words: list[str], after: int) -> bool:
    if tuple(words[after : after + 2]) == ("phan", "tram"):
        return False  # "mấy phần trăm" is a percentage, not "how many parts"
    return any(tuple(words[after : after + len(p)]) == p for p in _LIST_NOUNS)


_YEAR_RE = re.compile(r"20[2-4]\d")
# A year a section is about ("đến năm 2025", "năm 2030"), not one inside a cited document's date.
_TARGET_YEAR_RE = re.compile(r"(?:năm|đến|trước)\s+(?:năm\s+)?(20[2-4]\d)\b", re.IGNORECASE)


def _other_year(tokens: tuple[str, ...], text: str) -> bool:
    """The question names a year; the section is about a year and never that one."""
    asked = {t for t in tokens if _YEAR_RE.fullmatch(t)}
    stated = set(_TARGET_YEAR_RE.findall(text))
    return bool(asked) and bool(stated) and not asked & stated


def beyond_plan(tokens: tuple[str, ...], section_text: str, titles: str = "") -> Beyond | None:
    """The kind of fact the question asks that the plan (or the best section) does not state.

    ``section_text`` is what the best section says (with its items), ``titles`` its heading's
    and its ancestors' titles ("Mục tiêu cụ thể đến năm 2025" dates what is under it).
    """
    words = _Words([fold(t) for t in tokens])
    # With marks, "lương", "tiền", "máy tính" count only as typed so ("mấy tỉnh" is no device).
    accented = typed_with_marks(tokens)
    if _money(tokens, words, accented=accented):
        return "money"
    if _has(words, _CONTACT):
        return "contact"
    if _has(words, _SANCTION):
        return "sanction"
    if _equipment(tokens, words, accented=accented):
        return "equipment"
    if any(_at(words, p) and not _at(words, (*p, "hanh")) for p in _PROVINCES):
        return "place"  # "tỉnh bạn", but not "tỉnh ban hành"
    if any(i == 0 or words[i - 1] not in _NOT_HOWTO_BEFORE for p in _HOWTO for i in _at(words, p)):
        return "howto"
    if (
        _has(words, _SIGNER)
        or _has(words, _VENDOR)
        or (
            _has(words, _WHO_NAME) and (_has(words, _PERSON_TITLES) or _has(words, _ORGANISATIONS))
        )
        or (_has(words, _WHO_HOLDS) and _post_not_stated(words, section_text))
    ):
        return "person"
    after = _quantity(tokens, words)
    if _has(words, _STATISTIC) and after is not None:
        return "statistic"
    if (
        after is not None
        and not _counts_a_list(words, after)
        and not _FIGURE_RE.search(section_text)
    ):
        return "figure"
    asks_date = _has(words, _DATE_ASK)
    asks_deadline = _asks_deadline(words)
    if (
        _has(words, _IN_FORCE)
        and (asks_date or asks_deadline or _has(words, _ENDS))
        and not _IN_FORCE_RE.search(section_text)
    ):
        return "date"
    if (asks_date or asks_deadline) and _has(words, _PRESENT):
        return "date"
    if asks_deadline and not (
        DEADLINE_RE.search(section_text) or _DEADLINE_IN_TITLE.search(titles)
    ):
        return "date"
    text = f"{titles}\n{section_text}"
    if _other_year(tokens, text):
        return "date"
    if asks_date and not (
        DATE_RE.search(text) or DEADLINE_RE.search(text) or _TIME_WORDS.search(text)
    ):
        return "date"
    return None
