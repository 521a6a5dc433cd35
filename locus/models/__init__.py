from regions.models import District, Province, Regency, Region, Village

from .evidence import ElectionIndicator, IncidentRecord
from .loci import Locus, LocusDocument, LocusEvent
from .programme import Election, ProgrammeYear, Segment

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
