"""Storage: SQLModel tables, the async engine and session scope, queries by topic.

The ground floor: query functions take a session and never commit (the caller owns the
transaction). It imports no project package except `knowledge`, for the shapes of deadlines
and surveys it stores; never a platform library.
"""
