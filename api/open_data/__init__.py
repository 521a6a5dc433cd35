"""Open data for Satu Data Indonesia: the programme's figures per region and programme year, public and
without any personal data (``queries`` computes and caches them, ``views`` serves them as JSON, CSV, a
metadata document and a DCAT catalogue). See ``docs/developer/open-data.md``."""
