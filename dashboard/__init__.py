"""The provincial office's web console: pages, forms and downloads under `/admin`.

Part of the shell (beside `bot/`, which mounts it): it may import `reports`, `scheduler`,
`handlers`, `knowledge` and `storage`, and web libraries; it never imports `bot`. The shell
hands it plain values in a `DashboardConfig` and calls `install`.
"""

from dashboard.app import install
from dashboard.config import DashboardConfig
from dashboard.security import GuardMiddleware, allowed_hosts

__all__ = ["DashboardConfig", "GuardMiddleware", "allowed_hosts", "install"]
