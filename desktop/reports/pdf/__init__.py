"""PDF forms (reportlab, no Qt, no queries): ``form`` holds the shared look, one module per form."""
