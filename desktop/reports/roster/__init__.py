"""职工名册 form, workbook and import template."""
