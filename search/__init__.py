"""Setu search package."""
