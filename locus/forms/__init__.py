"""Forms of the locus app: ``loci`` (proposal, steps, documents) and ``evidence``."""
