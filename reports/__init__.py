"""What leaves the system as documents: the xlsx/csv export and the consolidated report.

A middle floor: it may import `handlers` (for the texts and how answers are shown),
`knowledge` and `storage`; never `bot`, `dashboard` or `scheduler`, nor any platform library.
"""
