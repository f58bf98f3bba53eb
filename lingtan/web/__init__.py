"""The local web app (``lingtan serve``): enterprises fill and score an application and download its
package; reviewers upload submissions, watch them being checked, and decide on each finding.

Modules, one job each: :mod:`.settings` (what ``serve`` was started with), :mod:`.db` (the SQLite
history: tables and sessions), :mod:`.migrations` (Alembic, run at start), :mod:`.blobs` (uploads by
content hash), :mod:`.runner` (the background checks in a bounded process pool), :mod:`.worker` (one
check in a worker process), :mod:`.fields` (the enterprise form's fields from the data model),
:mod:`.security` (password, CSRF, upload limits), :mod:`.thumbs` (page images with the evidence
marked), :mod:`.enterprise` and :mod:`.reviewer` (the pages), :mod:`.app` (the application) and
:mod:`.serve` (start-up). Nothing else in lingtan imports this package except the command line.
"""
