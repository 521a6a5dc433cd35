"""The bottom layer of SIDP3: what every app builds on and nothing of theirs.

Access policy and scoping (``kernel.scoping``), view and form helpers, the spreadsheet import pipeline,
spreadsheet reading and writing (``spreadsheets``, ``xlsx``, ``xlsx_writer``, ``formulas``), the COPY writer,
local time, counting, database functions and triggers, PDF rendering, the client's address, logging filters,
middleware and the template tags. A module here imports Django and libraries only, never an app above it
(import-linter's ``layers`` contract in pyproject.toml).
"""
