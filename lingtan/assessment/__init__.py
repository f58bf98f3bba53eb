"""What the generator and the checker share: the factory data model, the scheme
definitions (as data) and the eligibility and scoring engine.

Pipeline: load (model.loading) → validate (model.factory) → score (engine.evaluate).

The command line and the web app use only the names of ``__all__`` (``tests/test_structure.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lingtan.common.face import public_face

if TYPE_CHECKING:
    from .engine.dates import as_of_text as as_of_text
    from .engine.dates import evaluation_date as evaluation_date
    from .engine.evaluate import assess as assess
    from .engine.result import METHOD_ZH as METHOD_ZH
    from .engine.result import REQUIREMENT_ZH as REQUIREMENT_ZH
    from .engine.result import STATUS_ZH as STATUS_ZH
    from .engine.result import VERDICT_ZH as VERDICT_ZH
    from .engine.result import Assessment as Assessment
    from .engine.rules import fmt_points as fmt_points
    from .engine.rules import fmt_value as fmt_value
    from .model.factory import Factory as Factory
    from .model.loading import load_factory as load_factory
    from .schemes import all_schemes as all_schemes
    from .schemes import load_indicator_file as load_indicator_file
    from .schemes import load_scheme as load_scheme
    from .schemes import resolve_level as resolve_level
    from .schemes import resolve_stage as resolve_stage
    from .schemes import scheme_ids as scheme_ids
    from .schemes import with_indicators as with_indicators
    from .schemes.schema import Scheme as Scheme

__all__, __getattr__ = public_face(__name__, __file__, globals())

