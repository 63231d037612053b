"""Benchmarks: a seeded corpus generator (`bench.generate`) and the budget runner (`bench.run`)."""
