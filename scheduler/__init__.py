"""Reminders: the outbox planner, the sender, the rate limiter and the periodic tick.

A middle floor, above `handlers` (whose texts it sends): it may import `handlers`,
`knowledge` and `storage`; never `bot`, `dashboard` or `reports`, nor any platform library.
What it needs of a channel is the `Deliver` protocol it declares in `scheduler.delivery`.
"""
