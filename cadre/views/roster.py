"""Rosters of a locus, cadre pages, the recruitment steps and the logged reveal of a full NIK."""
