"""The provincial office's web console: pages, forms and downloads under `/admin`.

Part of the shell (beside `bot/`, which mounts it): it may import `reports`, `scheduler`,
`handlers`, `knowledge` and `storage`, and web libraries; it never imports `bot`. The shell
hands it plain values in a `DashboardConfig`.
"""

from dashboard.config import DashboardConfig
from dashboard.routes import exposed, router

__all__ = ["DashboardConfig", "exposed", "router"]
