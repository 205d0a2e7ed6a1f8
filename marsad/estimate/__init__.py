"""Multiple systems estimation: how many people the lists missed, with honest uncertainty.

Methods (``methods`` registry): ``loglinear`` (Poisson GLMs averaged by AIC/BIC), ``dga`` (Bayesian
model averaging over decomposable graphs, Madigan & York 1997) and ``lcmcr`` (latent class model,
Manrique-Vallier 2016).
"""

from marsad.estimate.api import estimate, methods
from marsad.estimate.errors import CountsFileError, EstimateOptionError, NoCaptureHistories, NotEstimable
from marsad.estimate.result import Estimate, Report
from marsad.estimate.table import CaptureTable, read_counts_csv

__all__ = [
    "CaptureTable",
    "CountsFileError",
    "Estimate",
    "EstimateOptionError",
    "NoCaptureHistories",
    "NotEstimable",
    "Report",
    "estimate",
    "methods",
    "read_counts_csv",
]
