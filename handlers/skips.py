"""Why reminders were skipped, in words: the split `cdsbot outbox status` and the console's
«Nhắc việc» page show («Bỏ qua (thêm hạn sau ngày nhắc)»)."""

from __future__ import annotations

from collections.abc import Mapping

from handlers import texts

__all__ = ["by_reason"]


def by_reason(reasons: Mapping[str, int]) -> list[tuple[str, int]]:
    """Skipped rows by why, most first, from `storage.outbox.skipped_reasons` (a row's reason
    → count): («thêm hạn sau ngày nhắc», 2); a reason with no words (none kept, or unknown)
    is ""."""
    merged: dict[str, int] = {}
    for reason, count in reasons.items():
        why = texts.SKIP_REASONS.get(reason or "", "")
        merged[why] = merged.get(why, 0) + count
    return sorted(merged.items(), key=lambda item: (-item[1], item[0]))
