"""Views of the evidence for choosing loci (ranking, indicator and incident imports), the loci import and the programme years."""
