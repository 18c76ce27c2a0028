"""Setu index package."""
