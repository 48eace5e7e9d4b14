"""慰问帮扶: condolence visits, standards, payout batches, hardship files (一户一档), forms and export."""
