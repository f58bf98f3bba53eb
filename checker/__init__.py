"""Evidence checking of submitted folders: not built yet — see issue 5.

Nothing here is used by the ``lingtan`` command until that issue lands.
"""
