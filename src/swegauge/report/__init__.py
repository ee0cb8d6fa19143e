"""swegauge.report"""
