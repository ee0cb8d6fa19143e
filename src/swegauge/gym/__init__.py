"""swegauge.gym"""
