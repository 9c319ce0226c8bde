"""Questions sharing the plan's words but asking what it never states are refused."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.intents import asks_duty, how_many_at
from knowledge.normalize import fold, tokenize
from knowledge.scope import beyond_plan


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("cán bộ đầu mối cđs có phụ cấp bao nhiêu tiền", "money"),
        ("le phi cap chung chi la bn", "money"),
        ("số điện thoại đội ứng cứu sự cố", "contact"),
        ("tỉnh Bình Định có kế hoạch này không", "place"),
        ("cach cai dat ung dung hoc truc tuyen", "howto"),
        ("giám đốc sở tài chính là ai", "person"),
        ("mạng lưới tổng cộng bao nhiêu người", "statistic"),
        ("khi nào thi tuyển công chức năm nay", "date"),
        ("don vi nao trung thau xay trung tam du lieu", "money"),
        ("trợ lý ảo của tỉnh dùng như thế nào", "howto"),
        ("kế hoạch này hết hiệu lực khi nào", "date"),
        ("học phí lớp tập huấn cđs bao nhiêu", "money"),
        ("ai ký kế hoạch này", "person"),
        ("tên chuyên viên phụ trách ở văn phòng là ai", "person"),
        ("các nhà mạng trong mạng lưới gồm những công ty tên gì", "person"),
        ("bao nhiêu xã đã có đầu mối cđs", "statistic"),
        ("tới nay tỉnh có bao nhiêu tổ công nghệ số", "statistic"),
        ("năm 2025 thực tế đạt bao nhiêu % xã có đầu mối", "statistic"),
        ("phan mem hop truc tuyen do cong ty nao cung cap", "person"),
        ("nền tảng học trực tuyến về cđs là app gì", "person"),
        ("phần mềm quản lý văn bản của tỉnh là phần mềm gì", "person"),
        ("trợ lý ảo cho cán bộ link tải ở đâu", "howto"),
        ("xã không cử người vào mạng lưới thì có bị kỷ luật không", "sanction"),
        ("xa minh co duoc cap may tinh ko", "equipment"),
        ("xã có được trang bị máy tính không", "equipment"),
    ],
)
def test_kind_of_fact_the_plan_never_states_is_named(question: str, kind: str) -> None:
    assert beyond_plan(tuple(tokenize(question)), "Bố trí cán bộ.", "") == kind


def test_figure_question_needs_a_figure_in_the_section() -> None:
    question = tuple(tokenize("mỗi tổ có mấy thành viên"))

    assert beyond_plan(question, "Các thành viên Tổ công nghệ số cộng đồng.") == "figure"
    assert beyond_plan(question, "100% thành viên được tập huấn.") is None


def test_deadline_question_needs_a_deadline_not_just_a_date() -> None:
    question = tuple(tokenize("hạn nộp báo cáo là ngày mấy"))

    assert beyond_plan(question, "Quảng Ngãi, ngày 05 tháng 4 năm 2024") == "date"
    assert beyond_plan(question, "hoàn thành trong tháng 5/2024") is None


def test_who_holds_a_post_is_a_person_unless_the_section_names_the_post() -> None:
    heads = tuple(tokenize("ban chi dao cds tinh do ai lam truong ban"))
    leads = tuple(tokenize("ở huyện do ai làm chủ tịch chỉ đạo triển khai"))

    assert beyond_plan(heads, "Ban Chỉ đạo Chuyển đổi số các cấp chỉ đạo thực hiện.") == "person"
    assert beyond_plan(leads, "Chủ tịch UBND cấp huyện trực tiếp chỉ đạo triển khai.") is None


def test_medium_term_is_not_a_deadline_question() -> None:
    question = tuple(tokenize("dự án thuộc đầu tư công trung hạn giai đoạn nào"))

    assert beyond_plan(question, "giai đoạn 2021-2025") is None


@pytest.mark.parametrize(
    "question",
    [
        "năm 2024 tỉnh cấp bao nhiêu tỷ cho chuyển đổi số",
        "tinh quang nam co ke hoach trien khai de an 1690 ko",
        "trưởng ban chỉ đạo chuyển đổi số tỉnh là ai",
        "ban chi dao cds tinh do ai lam truong ban",
        "han nop bao cao ket qua thuc hien ke hoach nam 2024 la ngay may",
    ],
)
def test_question_sharing_plan_words_is_refused(kb: KnowledgeBase, question: str) -> None:
    assert kb.answer(question).kind == "abstain"


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("bao nhiêu phần trăm xã phải có đầu mối CĐS", "II.1.b"),
        ("hàng năm phải tập huấn cho bao nhiêu cán bộ", "II.2.b"),
        ("Kế hoạch 87 ban hành ngày nào?", "preamble"),
    ],
)
def test_question_the_plan_answers_is_not_refused(
    kb: KnowledgeBase, question: str, section: str
) -> None:
    answer = kb.answer(question)

    assert answer.kind == "answer"
    assert answer.sources[0].section == section


def test_several_typos_still_answer_marked_unsure(kb: KnowledgeBase) -> None:
    answer = kb.answer("han thiet lapp mang luoii cdss tinhh qwrt")

    assert answer.kind == "answer" and answer.unsure
    assert answer.sources[0].section == "IV.2.c"
    assert len(answer.text) <= 600
    assert answer.related


def test_only_garbled_words_are_not_answered(kb: KnowledgeBase) -> None:
    assert kb.answer("qwrt zxcvb mang").kind != "answer"


def test_percentage_is_a_figure_not_a_count_of_parts() -> None:
    # "mấy phần" counts a list the plan gives; "mấy phần trăm" asks a figure it must state.
    question = tuple(tokenize("tỷ lệ chi tối thiểu cho cđs là mấy phần trăm"))
    assert beyond_plan(question, "đảm bảo tỷ lệ chi tối thiểu hàng năm theo quy định") == "figure"
    counting = tuple(tokenize("kế hoạch có mấy phần"))
    assert beyond_plan(counting, "I. Mục đích") is None


def test_province_issuing_the_plan_is_no_other_province() -> None:
    # "tỉnh bạn" is another province; "tỉnh ban hành" is this one issuing the plan.
    question = tuple(tokenize("kh 87 ubnd tinh ban hanh ngay nao"))
    assert beyond_plan(question, "Quảng Ngãi, ngày 05 tháng 4 năm 2024") is None
    assert beyond_plan(tuple(tokenize("tinh ban co ke hoach nay khong")), "") == "place"


def test_effect_date_is_answered_from_a_document_that_states_one() -> None:
    question = tuple(tokenize("có hiệu lực từ ngày nào"))
    assert beyond_plan(question, "Nghị định này có hiệu lực từ ngày 01 tháng 7 năm 2025.") is None
    assert beyond_plan(question, "Nâng cao hiệu lực, hiệu quả quản lý.") == "date"


def test_how_to_build_is_not_an_app_how_to() -> None:
    question = tuple(tokenize("mạng lưới xây dựng như thế nào"))
    assert beyond_plan(question, "Xây dựng Mạng lưới Chuyển đổi số.") is None


@pytest.mark.parametrize(
    ("question", "how_many"),
    [
        ("co may yeu cau", True),
        ("có mấy yêu cầu", True),
        ("kien toan bo may", False),
        ("ket noi dam may chinh phu", False),
        ("đám mây", False),
        ("may tinh", False),
    ],
)
def test_may_is_how_many_only_where_it_can_be(question: str, how_many: bool) -> None:
    tokens = tokenize(question)
    index = [fold(t) for t in tokens].index("may")
    assert how_many_at(tokens, index) is how_many


@pytest.mark.parametrize(
    "question",
    ["doanh nghiệp nào phải hỗ trợ xã", "đến năm 2025 đạt bao nhiêu phần trăm"],
)
def test_plan_bodies_and_targets_are_not_vendors_or_statistics(question: str) -> None:
    assert beyond_plan(tuple(tokenize(question)), "Đạt 100% vào năm 2025.", "") is None


@pytest.mark.parametrize(
    "question",
    [
        "so can uu tien may viec ve du lieu",
        "xa can cai tien may noi dung",
        "tien do thuc hien gom may buoc",
        "đầu tiên sở phải làm mấy việc",
    ],
)
def test_tien_without_money_around_it_is_no_money(question: str) -> None:
    # Unmarked "tien" is also "tiên"/"tiến" ("ưu tiên", "cải tiến", "tiến độ", "đầu tiên");
    # "mấy việc" counts the tasks the section lists.
    assert beyond_plan(tuple(tokenize(question)), "Ưu tiên dữ liệu dân cư.", "") is None
    money = tuple(tokenize("uu tien cho xa bao nhieu tien"))
    assert beyond_plan(money, "Ưu tiên dữ liệu dân cư.", "") == "money"


@pytest.mark.parametrize(
    ("question", "duty"),
    [
        ("phần việc của ubnd huyện trong kh nằm ở đâu", True),
        ("so tai chinh duoc giao nhung viec gi", True),
        ("sở nội vụ phải làm gì", True),
        ("xã phải là đơn vị nào", False),
        ("kế hoạch có mấy phần", False),
    ],
)
def test_duty_question_is_read_from_its_phrasing(question: str, duty: bool) -> None:
    assert asks_duty(tokenize(question)) is duty


def test_year_the_section_is_not_about_is_refused_as_a_date() -> None:
    question = tuple(tokenize("den 2030 bn % dan co chu ky so ca nhan"))
    target = "100% các tổ chức, cá nhân tham gia Mạng lưới được tiếp cận nền tảng số."
    assert beyond_plan(question, target, "Mục tiêu cụ thể đến năm 2025") == "date"
    assert beyond_plan(question, target, "Định hướng đến năm 2030") is None
    # A year inside a cited document's date is not what the section is about.
    cited = "Theo Kết luận số 28-KL/TW ngày 21/02/2022, không làm tăng biên chế."
    assert beyond_plan(tuple(tokenize("năm 2025 có được tăng biên chế ko")), cited) is None


def test_how_many_provinces_is_no_computer() -> None:
    # With marks only the marked spelling is a device; "mấy tỉnh" folds to "may tinh" too.
    assert beyond_plan(tuple(tokenize("kế hoạch có mấy tỉnh")), "Bố trí cán bộ.") != "equipment"
    assert beyond_plan(tuple(tokenize("kế hoạch có máy tính")), "Bố trí cán bộ.") == "equipment"


def test_a_repaired_word_does_not_make_an_unmarked_question_marked(kb: KnowledgeBase) -> None:
    # "ko" is read as "không", a marked word; the rest was typed without marks.
    assert not kb.answer("xa minh co duoc cap may tinh ko").answered


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("co quan e nhieu anh chi ko ranh may tinh, kh co cho hoc online ko", None),
        ("cán bộ giỏi máy tính có được ưu tiên vào mạng lưới ko", None),
        ("kh có cấp máy tính cho cán bộ cđs xã ko", "equipment"),
        ("xa e thieu may tinh, kh co cap ko", "equipment"),
    ],
)
def test_a_computer_skill_is_no_device_asked_for(question: str, kind: str | None) -> None:
    # "không rành máy tính" says who needs training; "cấp máy tính" asks for a device.
    assert beyond_plan(tuple(tokenize(question)), "") == kind
