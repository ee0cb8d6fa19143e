"""swegauge.models"""
