"""Trợ lý CĐS, the shell: CLI, settings, logging, the web app (composition root), channels.

The top floor. It may import every project package below it (`dashboard`, `reports`,
`scheduler`, `handlers`, `knowledge`, `storage`) and platform libraries; nothing imports it.
"""
