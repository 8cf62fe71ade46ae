<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fa_IR">
<context>
    <name>PageEditor</name>
    <message>
        <source>Rotate right</source>
        <translation>چرخش به راست</translation>
    </message>
    <message>
        <source>Rotate left</source>
        <translation>چرخش به چپ</translation>
    </message>
    <message>
        <source>Move earlier</source>
        <translation>جابه‌جایی به قبل</translation>
    </message>
    <message>
        <source>Move later</source>
        <translation>جابه‌جایی به بعد</translation>
    </message>
    <message>
        <source>Delete page</source>
        <translation>حذف صفحه</translation>
    </message>
    <message>
        <source>Rescan page</source>
        <translation>اسکن دوبارهٔ صفحه</translation>
    </message>
    <message>
        <source>%1 pages</source>
        <translation>%1 صفحه</translation>
    </message>
</context>
<context>
    <name>PageStrip</name>
    <message>
        <source>Page %1</source>
        <translation>صفحهٔ %1</translation>
    </message>
    <message>
        <source>Blank? Check it</source>
        <translation>سفید؟ بررسی کنید</translation>
    </message>
    <message>
        <source>This page looks blank. It is kept; delete it if it is not needed.</source>
        <translation>این صفحه سفید به نظر می‌رسد. نگه داشته شده است؛ اگر لازم نیست آن را حذف کنید.</translation>
    </message>
</context>
<context>
    <name>ScanDialog</name>
    <message>
        <source>Scan: %1</source>
        <translation>اسکن: %1</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>پایان و ذخیره</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
</context>
<context>
    <name>ScanPage</name>
    <message>
        <source>Scan</source>
        <translation>اسکن</translation>
    </message>
    <message>
        <source>Pick the document, put the papers in the scanner and press F5. Pages appear as they are scanned.</source>
        <translation>نوع مدرک را انتخاب کنید، برگه‌ها را در اسکنر بگذارید و F5 را بزنید. هر صفحه همین که اسکن شد نمایش داده می‌شود.</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>ذخیره به صورت PDF…</translation>
    </message>
    <message>
        <source>New document</source>
        <translation>مدرک تازه</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>ذخیره به صورت PDF</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>سندهای PDF (*.pdf)</translation>
    </message>
</context>
<context>
    <name>ScanPanel</name>
    <message>
        <source>Glass (flatbed)</source>
        <translation>شیشهٔ اسکنر</translation>
    </message>
    <message>
        <source>Feeder</source>
        <translation>سینی تغذیه</translation>
    </message>
    <message>
        <source>Feeder, both sides</source>
        <translation>سینی تغذیه، دورو</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>رنگی</translation>
    </message>
    <message>
        <source>Gray</source>
        <translation>خاکستری</translation>
    </message>
    <message>
        <source>Black and white</source>
        <translation>سیاه و سفید</translation>
    </message>
    <message>
        <source>Find scanners</source>
        <translation>جست‌وجوی اسکنرها</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>مدرک</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>اسکنر</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>ورودی کاغذ</translation>
    </message>
    <message>
        <source>Colour mode</source>
        <translation>حالت رنگ</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>وضوح (نقطه در اینچ)</translation>
    </message>
    <message>
        <source>Scan (F5)</source>
        <translation>اسکن (F5)</translation>
    </message>
    <message>
        <source>From file…</source>
        <translation>از پرونده…</translation>
    </message>
    <message>
        <source>Cancel scan</source>
        <translation>لغو اسکن</translation>
    </message>
    <message>
        <source>Looking for scanners…</source>
        <translation>در حال یافتن اسکنرها…</translation>
    </message>
    <message>
        <source>No scanner found</source>
        <translation>اسکنری پیدا نشد</translation>
    </message>
    <message>
        <source>No scanner found. Check the cable and power, or import files.</source>
        <translation>اسکنری پیدا نشد. کابل و برق اسکنر را بررسی کنید، یا صفحه‌ها را از پرونده بیاورید.</translation>
    </message>
    <message>
        <source>Could not list the scanners: %1</source>
        <translation>فهرست اسکنرها گرفته نشد: %1</translation>
    </message>
    <message>
        <source>Add pages from files</source>
        <translation>افزودن صفحه از پرونده</translation>
    </message>
    <message>
        <source>Images and PDFs (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.bmp)</source>
        <translation>تصویرها و PDFها (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.bmp)</translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation>در حال اسکن…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>در حال لغو…</translation>
    </message>
    <message>
        <source>Page %1: %2</source>
        <translation>صفحهٔ %1: %2</translation>
    </message>
    <message>
        <source>The scanner failed: %1</source>
        <translation>اسکنر خطا داد: %1</translation>
    </message>
    <message>
        <source>Scan cancelled. The pages scanned before it are kept.</source>
        <translation>اسکن لغو شد. صفحه‌هایی که پیش از آن اسکن شده بودند نگه داشته شدند.</translation>
    </message>
    <message>
        <source>%1 pages look blank; they are marked. Delete them if not needed.</source>
        <translation>%1 صفحه سفید به نظر می‌رسد و علامت خورده است. اگر لازم نیست حذفشان کنید.</translation>
    </message>
    <message>
        <source>Scan finished.</source>
        <translation>اسکن تمام شد.</translation>
    </message>
    <message>
        <source>There are no pages to save.</source>
        <translation>صفحه‌ای برای ذخیره نیست.</translation>
    </message>
    <message>
        <source>Saving the PDF…</source>
        <translation>در حال ذخیرهٔ PDF…</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>ذخیره شد: %1</translation>
    </message>
    <message>
        <source>The PDF could not be saved: %1</source>
        <translation>PDF ذخیره نشد: %1</translation>
    </message>
</context>
</TS>
