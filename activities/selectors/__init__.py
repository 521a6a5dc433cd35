"""Reads of the activities for pages and reports, one module per area; every read goes through restrict."""
