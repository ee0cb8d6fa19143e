"""swegauge.solvers"""
