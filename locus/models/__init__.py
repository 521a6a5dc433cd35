from .regions import District, Province, Regency, Region, Village

__all__ = ["District", "Province", "Regency", "Region", "Village"]
