"""维权诉求 summary form and tables."""
