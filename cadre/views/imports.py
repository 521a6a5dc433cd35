"""Spreadsheet import of rosters (upload, preview, confirm) and exports."""
