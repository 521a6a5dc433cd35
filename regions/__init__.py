"""The Kemendagri region tree (province → regency/city → district → village): the models, their kinds and
time zones, the code and name search, and the village field of forms.

It sits below accounts (an office belongs to a province or a regency) and above the kernel. It is not an app
of its own: the models keep ``app_label = "locus"`` and their tables (``locus_province`` …), so the database
and locus' migrations are unchanged, and ``locus.models`` still offers them.
"""
