"""swegauge.tasks"""
