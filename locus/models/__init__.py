from .evidence import ElectionIndicator, IncidentRecord
from .loci import Locus, LocusDocument, LocusEvent
from .programme import Election, ProgrammeYear, Segment
from .regions import District, Province, Regency, Region, Village

__all__ = [
    "District",
    "Election",
    "ElectionIndicator",
    "IncidentRecord",
    "Locus",
    "LocusDocument",
    "LocusEvent",
    "ProgrammeYear",
    "Province",
    "Regency",
    "Region",
    "Segment",
    "Village",
]
