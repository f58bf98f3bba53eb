"""Form generation (docx templates filled from factory data): not built yet — see issue 3.

Nothing here is used by the ``lingtan`` command until that issue lands.
"""
