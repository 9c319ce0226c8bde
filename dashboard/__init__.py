"""The provincial office's web console: pages, forms and downloads under `/admin`.

Part of the shell (beside `bot/`, which mounts it): it may import `reports`, `scheduler`,
`handlers`, `knowledge` and `storage`, and web libraries; it never imports `bot`. The shell
hands it plain values in a `DashboardConfig` and calls `install`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dashboard.app import install
    from dashboard.config import DashboardConfig
    from dashboard.security import GuardMiddleware, allowed_hosts

# Loaded on first use, so that `cdsbot admin create-user` hashes a password with
# `dashboard.passwords` without loading the web framework.
_EXPORTS = {
    "install": "dashboard.app",
    "DashboardConfig": "dashboard.config",
    "GuardMiddleware": "dashboard.security",
    "allowed_hosts": "dashboard.security",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = ["DashboardConfig", "GuardMiddleware", "allowed_hosts", "install"]
