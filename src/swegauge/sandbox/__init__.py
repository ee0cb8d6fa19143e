"""swegauge.sandbox"""
