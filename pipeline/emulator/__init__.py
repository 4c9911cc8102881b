"""A local ClinicalTrials.gov API v2 emulator serving real study records, with fault injection."""

from pipeline.emulator.corpus import load_corpus
from pipeline.emulator.essie import EssieError
from pipeline.emulator.faults import FAULTS, FaultPlan
from pipeline.emulator.server import Emulator

__all__ = ["FAULTS", "Emulator", "EssieError", "FaultPlan", "load_corpus"]
