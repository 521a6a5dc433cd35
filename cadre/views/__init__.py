"""Views of cadres: ``roster`` (rosters, cadre pages, recruitment steps, NIK reveal) and ``imports``
(spreadsheet import and export)."""
