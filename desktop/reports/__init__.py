"""Printable and exportable documents (PDF forms, Excel workbooks); no Qt and no queries, only plain rows."""
