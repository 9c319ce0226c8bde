"""Trợ lý CĐS: the shell (CLI, settings, storage, channels, web app)."""
