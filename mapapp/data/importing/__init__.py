"""Import a spreadsheet or GIS file into the workspace's layers, the way officers' files come.

readers (files within limits, to header and rows of text) -> rows (each row to a record of the
target layer, names and dates read as officers write them) -> merge (by key) -> the same checks
as the shipped data, in importer.import_file. Nothing is written here.
"""

from .dates import normalise_date
from .importer import Preview, guess_layer, import_file, match_columns

__all__ = ["Preview", "guess_layer", "import_file", "match_columns", "normalise_date"]
