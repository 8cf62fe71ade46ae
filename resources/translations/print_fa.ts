<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fa_IR">
<context>
    <name>DeskPrinting</name>
    <message>
        <source>Preparing the document…</source>
        <translation>در حال آماده‌سازی سند…</translation>
    </message>
    <message>
        <source>No printer is installed: the receipt was not printed.</source>
        <translation>هیچ چاپگری نصب نشده است: رسید چاپ نشد.</translation>
    </message>
    <message>
        <source>Printing the receipt…</source>
        <translation>در حال چاپ رسید…</translation>
    </message>
    <message>
        <source>The document could not be prepared: %1</source>
        <translation>سند آماده نشد: %1</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>به چاپگر فرستاده شد.</translation>
    </message>
    <message>
        <source>Printing failed: %1</source>
        <translation>چاپ انجام نشد: %1</translation>
    </message>
</context>
<context>
    <name>PrintController</name>
    <message>
        <source>Print preview</source>
        <translation>پیش‌نمایش چاپ</translation>
    </message>
    <message>
        <source>Sending to the printer…</source>
        <translation>در حال فرستادن به چاپگر…</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Daily report of the counter office</source>
        <translation>گزارش روزانه دفتر پیشخوان</translation>
    </message>
    <message>
        <source>List every transaction</source>
        <translation>فهرست همه تراکنش‌ها</translation>
    </message>
    <message>
        <source>Preview and print…</source>
        <translation>پیش‌نمایش و چاپ…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>ذخیره به صورت PDF…</translation>
    </message>
    <message>
        <source>Day:</source>
        <translation>روز:</translation>
    </message>
    <message>
        <source>No database is open: reports are not available.</source>
        <translation>پایگاه داده باز نیست: گزارش‌ها در دسترس نیستند.</translation>
    </message>
    <message>
        <source>Save the daily report</source>
        <translation>ذخیره گزارش روزانه</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>پرونده‌های PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Preparing the report…</source>
        <translation>در حال آماده کردن گزارش…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>در حال ذخیره…</translation>
    </message>
    <message>
        <source>The report could not be made: %1</source>
        <translation>گزارش آماده نشد: %1</translation>
    </message>
    <message numerus="yes">
        <source>Sent to the printer (%n page(s)).</source>
        <translation>
            <numerusform>به چاپگر فرستاده شد (%n صفحه).</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>ذخیره شد: %1</translation>
    </message>
    <message>
        <source>Printing failed: %1</source>
        <translation>چاپ انجام نشد: %1</translation>
    </message>
</context>
</TS>
