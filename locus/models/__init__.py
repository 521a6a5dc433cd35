from regions.models import District, Province, Regency, Region, Village

from .evidence import ElectionIndicator, IncidentRecord
from .loci import Locus, LocusDocument, LocusEvent
from .milestones import Milestone
from .programme import Election, ProgrammeYear, Segment
from .region_imports import RegionImport
from .results import ResultsImportJob, VillageResult

__all__ = [
    "District",
    "Election",
    "ElectionIndicator",
    "IncidentRecord",
    "Locus",
    "LocusDocument",
    "LocusEvent",
    "Milestone",
    "ProgrammeYear",
    "Province",
    "Regency",
    "Region",
    "RegionImport",
    "ResultsImportJob",
    "Segment",
    "Village",
    "VillageResult",
]
