"""Printed documents: bills, receipts, histories and the daily report (docs/printing.md).

Plain document data (:mod:`.model`) is painted by layouts (:mod:`.bill`, :mod:`.receipts`,
:mod:`.histories`, :mod:`.daily`) through one QPainter canvas onto a PDF, a printer or a 1-bit
thermal raster (:mod:`.render`). No widgets here: the desk's dialogs are in
``pishkhan.ui.printing``.
"""
