"""Reads of the locus app: ``regions`` (the public region tree) and ``loci`` (loci and their evidence,
always restricted to the user's jurisdiction)."""
