"""Domain errors: they carry fields, not sentences; handlers map them to texts."""

from __future__ import annotations


class DomainError(Exception):
    """Base of the errors a handler turns into a polite reply."""


class ChoiceExpired(DomainError):
    """A pressed button is no longer among the choices offered to that chat."""

    def __init__(self, key: str) -> None:
        super().__init__(f"choice key not offered: {key!r}")
        self.key = key


# --- invites ---


class UnknownUnit(DomainError):
    """No unit has this code."""

    def __init__(self, code: str) -> None:
        super().__init__(f"unknown unit code: {code!r}")
        self.code = code


class InviteNotFound(DomainError):
    """No invite has this id or code (the reference is not kept: it may be a code)."""

    def __init__(self) -> None:
        super().__init__("invite not found")


class IdentityNotFound(DomainError):
    """No identity matches `channel:external_id` or an identity id."""

    def __init__(self, ref: str) -> None:
        super().__init__(f"identity not found: {ref!r}")
        self.ref = ref


class IdentityNotBound(DomainError):
    """The identity is not bound to an official yet (it has not used an invite)."""

    def __init__(self, identity_id: int) -> None:
        super().__init__(f"identity {identity_id} has no official")
        self.identity_id = identity_id


class InvalidField(DomainError):
    """A typed value was refused; `reason` names why (e.g. "too_short", "digits")."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"invalid {field}: {reason}")
        self.field = field
        self.reason = reason
