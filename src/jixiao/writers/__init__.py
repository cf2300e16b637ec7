"""Adapters that apply a plan to a workbook."""
