"""Storage: SQLModel tables, the async engine and plain query functions."""
