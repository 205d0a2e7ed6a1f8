"""Victim registry and record linkage: import lists, link records into persons, review, export.

``marsad.link.importer.import_victims`` reads a CSV/XLSX list into the store (bad rows to a
rejects file, never dropped); ``marsad.link.run.link_victims`` links every stored record with
Splink on DuckDB and clusters them into persons, obeying human decisions;
``marsad.link.histories.capture_histories`` gives the estimation stage which lists recorded
each person. Modules are imported where used, so reading histories does not load Splink.
"""
