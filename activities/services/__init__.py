"""Writes that carry the rules of the activities, one module per area (keyword-only, @transaction.atomic)."""
