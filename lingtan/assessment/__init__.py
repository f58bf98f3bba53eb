"""What the generator and the checker share: the factory data model, the scheme
definitions (as data) and the eligibility and scoring engine.

Pipeline: load (model.loading) → validate (model.factory) → score (engine.evaluate).
"""
