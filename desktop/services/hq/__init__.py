"""集团汇总: the signed HQ workbook, its export and the merge of many districts."""
