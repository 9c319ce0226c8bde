"""Deadlines, reminder planning, the outbox sender and the rate limiter."""
