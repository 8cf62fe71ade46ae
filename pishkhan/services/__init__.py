"""Use cases: one function per thing a clerk does. Plain Python, no Qt."""
