"""Data entry an enterprise clerk can do: a blank workbook per scheme, and reading it back.

``catalogue.py`` — which fields go where: sheets, Chinese labels, units, hints and choices, built
from the data model (:mod:`lingtan.assessment.model.factory`) and the scheme; ``claim_inputs.yaml``
— Chinese labels of the scheme-specific indicator inputs; ``template.py`` writes the blank workbook
(``lingtan template``); ``reader.py`` reads a filled one into the same data a YAML file gives, with
errors that name the sheet, row and column.
"""
