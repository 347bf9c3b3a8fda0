"""Rights information: the content files, free-text search over them, and the editors' workflow.

Pure Python: nothing here knows Telegram or the database. ``content`` reads and writes
``locales/content/``, ``search`` finds the entries that answer a question, ``workflow`` serves the
NGO editors (spreadsheet export and import, the completeness report, publishing).
"""
