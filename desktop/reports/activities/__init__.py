"""品牌活动 forms (record, sign-in sheet, certificate) and workbook."""
