"""Every generated document of every scheme: each sample in samples/factories (and Hefei with the
example indicator system), every form, written to a folder for the tests that read them back."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from conftest import ROOT, SAMPLES, generate, sample_data

HEFEI_INDICATORS = ROOT / "samples" / "indicators" / "hefei-indicators-example.yaml"


@dataclass(frozen=True)
class Package:
    sample: str  # the sample's name (and "+indicators" when Hefei's example indicator system is used)
    scheme: str
    folder: Path

    @property
    def documents(self) -> list[Path]:
        return sorted(self.folder.glob("*.docx"))


def generate_all(out: Path) -> list[Package]:
    """Generate the package of every sample into ``out`` (one sub-folder per run)."""
    packages = []
    runs = [(p.stem, None) for p in sorted(SAMPLES.glob("*.yaml"))] + [("hefei", HEFEI_INDICATORS)]
    for name, indicators in runs:
        tag = name + ("+indicators" if indicators else "")
        g = generate(sample_data(name), out / tag, indicators=indicators)
        packages.append(Package(tag, g.result.scheme, g.folder))
    return packages
