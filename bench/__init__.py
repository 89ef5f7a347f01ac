"""Benchmarks (not tests): speed and memory at scale, side by side with baselines.

`make bench` runs `python -m bench`; see README.md, "Performance".
"""
