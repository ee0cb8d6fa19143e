"""swegauge.mining"""
