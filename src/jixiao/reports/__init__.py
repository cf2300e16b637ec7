"""Reports of a ``jixiao check`` run: JSON (spec §6), the review workbook, the indicator export."""
