"""How a chat account is named to people: `/toi`, and the operator's `cdsbot units officials`
and `cdsbot admin list`. Kept light (no retrieval, no channels) for the command line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from storage.models import Identity

# Web chat sessions are bearer tokens: only their start is shown, and «…» says it is cut.
_SHOWN_OF_SESSION: Final = 6


def shown_account(channel: str, external_id: str) -> str:
    """An account's id as anyone is shown it: a web chat's session id, which opens that chat
    to whoever has it, only by its start («f2f698…»)."""
    if channel == "web" and len(external_id) > _SHOWN_OF_SESSION:
        return external_id[:_SHOWN_OF_SESSION] + "…"
    return external_id


def account_ref(account: Identity) -> str:
    """`channel:id` of an account, its id shown as `shown_account` shows it ("web:f2f698…")."""
    return f"{account.channel}:{shown_account(account.channel, account.external_id)}"
