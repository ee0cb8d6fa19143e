"""swegauge.metrics"""
