"""Setu webui package."""
