"""Excel workbooks: the shared table writer and reader, the roster template, export and import sheets."""
