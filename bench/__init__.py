"""Benchmarks: ``python -m bench [--quick]`` prints one JSON object of named figures.

Every figure carries the baseline it is compared with, measured in the same run on the same
machine, and the goal from its issue. Figures are never asserted in tests.
"""
