"""swegauge.runner"""
