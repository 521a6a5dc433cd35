"""Views of the locus app: ``regions`` (the region browser) and ``loci``."""
