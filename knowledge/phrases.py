"""Every Vietnamese sentence the knowledge package produces, in one place."""

from __future__ import annotations

TITLE_PREAMBLE = "Phần mở đầu"
TITLE_CLOSING = "Yêu cầu tổ chức thực hiện"
TITLE_RECIPIENTS = "Nơi nhận"

# How a section is named inside a citation: "(Kế hoạch 87/KH-UBND, mục IV.2.c)".
LABEL_PREAMBLE = "phần mở đầu"
LABEL_CLOSING = "phần kết"
LABEL_RECIPIENTS = "phần Nơi nhận"
LABEL_ITEM = "mục {id}"
# A legal document's clause and point, the Vietnamese way: "khoản 2 Điều 5", "điểm b khoản 2
# Điều 5" (the section ids stay "Điều 5.2", "Điều 5.2.b").
LABEL_CLAUSE = "khoản {clause} {article}"
LABEL_POINT = "điểm {point} khoản {clause} {article}"
CITATION = "({doc}, {label})"
DOCUMENT_NAME = "Tên đầy đủ của {title}: {name}."

LEAD_DEADLINE = "Hạn: {value}."
LEAD_DEADLINE_PASSED = "Hạn: {value} (đã qua)."
LEAD_DATE = "Thời gian: {value}."
LEAD_NUMBER = "Chỉ tiêu: {value}"
LEAD_BASIS = "Căn cứ: {value}."

ABSTAIN = (
    "Xin lỗi, {docs} không đề cập đến nội dung bạn hỏi, nên mình không trả lời được "
    "câu này để tránh nói sai."
)
# A question refused because it asks a kind of fact the plan never states
# (`knowledge.scope.Beyond`): say which, truthfully, instead of "không đề cập".
ABSTAIN_BEYOND = {
    "money": "Xin lỗi, {docs} không nêu số tiền, mức chi hay thông tin đấu thầu cụ thể.",
    "statistic": "Xin lỗi, {docs} không có số liệu thống kê hay kết quả thực hiện đến nay.",
    "person": "Xin lỗi, {docs} không nêu tên người, tên doanh nghiệp hay tên phần mềm cụ thể.",
    "contact": "Xin lỗi, {docs} không nêu số điện thoại, email hay địa chỉ liên hệ.",
    "place": "Xin lỗi, {docs} chỉ nói về tỉnh Quảng Ngãi, không nói về tỉnh, thành phố khác.",
    "howto": "Xin lỗi, {docs} không hướng dẫn cách cài đặt hay sử dụng ứng dụng.",
    "date": "Xin lỗi, {docs} không nêu ngày hay thời hạn cụ thể cho việc này.",
    "figure": "Xin lỗi, {docs} không nêu con số cụ thể cho việc này.",
    "sanction": "Xin lỗi, {docs} không quy định hình thức kỷ luật hay xử phạt.",
    "equipment": "Xin lỗi, {docs} không nói đến việc cấp hay trang bị máy móc, thiết bị.",
}
# Kinds of fact the coordinating office can answer although the plan does not.
ABSTAIN_ASK_OFFICE = "Bạn có thể hỏi {office}, cơ quan điều phối Kế hoạch."
ABSTAIN_SUGGEST = "Có phải bạn muốn hỏi một trong các nội dung sau?"
ABSTAIN_NO_SUGGEST = (
    "Bạn có thể hỏi về nhiệm vụ, thời hạn, kinh phí hoặc đơn vị phụ trách trong {docs}."
)
RELATED_LINE = "• {label}: {title}"
RELATED_LINE_PART = "• {label}"
DOC_JOIN = ", "
DOC_LAST = " và "
# A refusal or greeting names the plan and a few added documents, then counts the others.
DOCS_OTHERS = "{count} tài liệu khác"
DOCS_ADDED = "{count} tài liệu bổ sung"

EMPTY = (
    "Mình chưa đọc được câu hỏi. Bạn hãy gõ câu hỏi bằng tiếng Việt về {docs}, "
    "ví dụ: «Xã phải làm gì về chuyển đổi số?»"
)
UNKNOWN_SECTION = "Không tìm thấy mục {section} trong {doc}."

SMALLTALK_GREETING = (
    "Xin chào! Mình là Trợ lý CĐS, giúp tra cứu {docs}. Bạn cứ đặt câu hỏi, "
    "ví dụ: «Xã phải làm gì về chuyển đổi số?» hoặc «Hạn thiết lập mạng lưới CĐS là khi nào?»"
)
SMALLTALK_THANKS = "Không có gì ạ! Bạn cần tra cứu thêm nội dung nào cứ hỏi mình nhé."
SMALLTALK_IDENTITY = (
    "Mình là Trợ lý CĐS, trợ lý tra cứu {docs}. Mình trả lời kèm mục trích dẫn, "
    "và nói rõ khi văn bản không đề cập đến câu hỏi."
)
SMALLTALK_ACK = "Vâng ạ. Bạn cần hỏi thêm gì về {docs} cứ nhắn mình nhé."
SMALLTALK_BYE = "Tạm biệt bạn! Khi cần tra cứu kế hoạch, bạn cứ nhắn mình."

TRIMMED = "…"
CHILD_WITH_ITEMS = "{letter}) {title}: {count} ý, xem {label}."
MORE_ITEMS = "(còn {count} ý khác trong mục này)"
LAST_QUESTION_LEAD = "Mình trả lời câu hỏi cuối của bạn: «{question}»"
UNSURE_LEAD = "Câu hỏi có vài chữ mình chưa đọc được; mình hiểu là bạn hỏi về nội dung sau:"
CUT_MORE = "(còn tiếp; bấm «Xem đầy đủ» để đọc hết)"
CHANGE_NOTE = "Lưu ý: {note}"
# Curated answers are no quote of the plan: the built-in ones summarise it, the office's own
# (written in the console) point to it.
FAQ_SUMMARY_CITE = "(Tóm tắt theo {doc}, {labels})"
FAQ_OFFICE_CITE = "({author}; xem {doc}, {labels})"
FAQ_BY = "Giải đáp của {by}"
FAQ_BY_OFFICE = "Giải đáp của cơ quan điều phối Kế hoạch"
