"""swegauge.grading"""
