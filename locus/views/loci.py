"""Views of loci: list, detail, proposal, the steps of a locus, documents, import and export, ranking."""
