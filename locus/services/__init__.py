"""Writes with rules for the region tree (HackSoft style: keyword-only, one transaction each)."""
