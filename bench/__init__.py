"""Benchmarks: `make bench` (python -m bench). Each prints its figures and a ratio measured in the same run."""
