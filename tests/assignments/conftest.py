"""Fixtures shared by the assignment tests; each test file keeps its own specific helpers."""
