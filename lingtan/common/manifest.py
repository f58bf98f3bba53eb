"""The generator's machine-readable manifest, which the checker reads back from a submission."""

from __future__ import annotations

#: file name of the manifest inside a generated package (and so inside a submission)
MANIFEST_NAME = "lingtan-manifest.json"
