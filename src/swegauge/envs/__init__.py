"""swegauge.envs"""
