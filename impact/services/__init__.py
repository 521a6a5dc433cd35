"""Writes and computations of the impact estimate: the method (numpy), the run that stores it, freshness."""
