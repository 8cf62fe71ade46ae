<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fa_IR">
<context>
    <name>HistoriesView</name>
    <message>
        <source>Show</source>
        <translation>نمایش</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>چاپ</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>دوره</translation>
    </message>
    <message>
        <source>Read on</source>
        <translation>تاریخ قرائت</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>رقم کنتور</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>مصرف</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>مبلغ</translation>
    </message>
    <message>
        <source>Paid on</source>
        <translation>تاریخ پرداخت</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>روش</translation>
    </message>
    <message>
        <source>Payment ID</source>
        <translation>شناسه پرداخت</translation>
    </message>
    <message>
        <source>From</source>
        <translation>از</translation>
    </message>
    <message>
        <source>to</source>
        <translation>تا</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>در حال خواندن…</translation>
    </message>
    <message>
        <source>Consumption by period (m³)</source>
        <translation>مصرف هر دوره (مترمکعب)</translation>
    </message>
    <message>
        <source>%1 periods, %2 m³ in all; billed %3, paid %4.</source>
        <translation>%1 دوره، روی هم %2 مترمکعب؛ مبلغ قبض‌ها %3، پرداخت‌شده %4.</translation>
    </message>
    <message>
        <source>Nothing in this range.</source>
        <translation>در این بازه چیزی ثبت نشده است.</translation>
    </message>
    <message>
        <source>Printing is not available on this desk yet.</source>
        <translation>چاپ هنوز در این پیشخوان در دسترس نیست.</translation>
    </message>
</context>
<context>
    <name>ReadingDialog</name>
    <message>
        <source>Meter reading — %1</source>
        <translation>ثبت کارکرد کنتور — %1</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 در %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ندارد</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>ثبت</translation>
    </message>
    <message>
        <source>Previous reading</source>
        <translation>قرائت قبلی</translation>
    </message>
    <message>
        <source>Meter (%1 digits)</source>
        <translation>رقم کنتور (%1 رقمی)</translation>
    </message>
    <message>
        <source>Read on</source>
        <translation>تاریخ قرائت</translation>
    </message>
    <message>
        <source>Type the figure on the meter.</source>
        <translation>رقمی را که کنتور نشان می‌دهد وارد کنید.</translation>
    </message>
    <message>
        <source>Only digits, please.</source>
        <translation>فقط رقم وارد کنید.</translation>
    </message>
    <message>
        <source>This meter has %1 digits: at most %2.</source>
        <translation>این کنتور %1 رقمی است: حداکثر %2.</translation>
    </message>
    <message>
        <source>Lower than the previous reading (%1) and not a rollover: read the meter again.</source>
        <translation>کمتر از قرائت قبلی (%1) است و گذشتن کنتور از صفر هم نیست: کنتور را دوباره بخوانید.</translation>
    </message>
    <message>
        <source>Consumption: %1 m³</source>
        <translation>مصرف: %1 مترمکعب</translation>
    </message>
    <message>
        <source>The meter rolled over: consumption %1 m³</source>
        <translation>کنتور از صفر گذشته است: مصرف %1 مترمکعب</translation>
    </message>
    <message>
        <source>The reading date cannot be in the future.</source>
        <translation>تاریخ قرائت نمی‌تواند در آینده باشد.</translation>
    </message>
    <message>
        <source>The reading date must be after the previous reading.</source>
        <translation>تاریخ قرائت باید پس از قرائت قبلی باشد.</translation>
    </message>
    <message>
        <source>Confirm and record</source>
        <translation>تأیید و ثبت</translation>
    </message>
    <message>
        <source>Reading %1 recorded: %2 m³; estimated bill %3 (until confirmed).</source>
        <translation>کارکرد %1 ثبت شد: %2 مترمکعب؛ قبض برآوردی %3 (تا تأیید).</translation>
    </message>
</context>
<context>
    <name>ResultsModel</name>
    <message>
        <source>Subscription no.</source>
        <translation>شماره اشتراک</translation>
    </message>
    <message>
        <source>Name (father&apos;s name)</source>
        <translation>نام (نام پدر)</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>نشانی</translation>
    </message>
    <message>
        <source>Bill ID</source>
        <translation>شناسه قبض</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>همراه</translation>
    </message>
    <message>
        <source>Debt</source>
        <translation>بدهی</translation>
    </message>
    <message>
        <source>Found by</source>
        <translation>یافته با</translation>
    </message>
    <message>
        <source>Request %1</source>
        <translation>درخواست %1</translation>
    </message>
</context>
<context>
    <name>SubscriberFile</name>
    <message>
        <source>%1 m³</source>
        <translation>%1 مترمکعب</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>نقد</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>کارت</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>کارتخوان</translation>
    </message>
    <message>
        <source>Bank</source>
        <translation>بانک</translation>
    </message>
    <message>
        <source>Internet</source>
        <translation>اینترنتی</translation>
    </message>
    <message>
        <source>Unpaid</source>
        <translation>پرداخت‌نشده</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>پرداخت‌شده</translation>
    </message>
    <message>
        <source>Carried over</source>
        <translation>منتقل به قبض بعد</translation>
    </message>
    <message>
        <source>No bill has been issued for this subscriber yet.</source>
        <translation>هنوز قبضی برای این مشترک صادر نشده است.</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>ردیف</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>مبلغ</translation>
    </message>
    <message>
        <source>Bill ID</source>
        <translation>شناسه قبض</translation>
    </message>
    <message>
        <source>Payment ID</source>
        <translation>شناسه پرداخت</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>دوره</translation>
    </message>
    <message>
        <source>Readings</source>
        <translation>کارکرد</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>مصرف</translation>
    </message>
    <message>
        <source>State</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>مهلت پرداخت</translation>
    </message>
    <message>
        <source>Payable</source>
        <translation>مبلغ قابل پرداخت</translation>
    </message>
    <message>
        <source>%1 (%2) → %3 (%4), %5 days</source>
        <translation>%1 (%2) ← %3 (%4)، %5 روز</translation>
    </message>
    <message>
        <source>%1 — estimated at the counter, until the central system confirms it</source>
        <translation>%1 — برآورد پیشخوان، تا تأیید سامانه مرکزی</translation>
    </message>
    <message>
        <source>Payable (rounded down to 1,000 rials)</source>
        <translation>قابل پرداخت (گرد شده به ۱٬۰۰۰ ریال)</translation>
    </message>
    <message>
        <source>Read on</source>
        <translation>تاریخ قرائت</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>رقم کنتور</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>روز</translation>
    </message>
    <message>
        <source>Consumption by period (m³); estimates in amber</source>
        <translation>مصرف هر دوره (مترمکعب)؛ برآوردها به رنگ کهربایی</translation>
    </message>
    <message>
        <source>Paid on</source>
        <translation>تاریخ پرداخت</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>روش</translation>
    </message>
    <message>
        <source>No open requests.</source>
        <translation>درخواست بازی وجود ندارد.</translation>
    </message>
    <message>
        <source>Tracking code</source>
        <translation>کد رهگیری</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>درخواست</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>مرحله</translation>
    </message>
    <message>
        <source>Registered on</source>
        <translation>تاریخ ثبت</translation>
    </message>
</context>
<context>
    <name>SubscriberFileView</name>
    <message>
        <source>Meter reading (%1)</source>
        <translation>ثبت کارکرد (%1)</translation>
    </message>
    <message>
        <source>Take payment</source>
        <translation>دریافت وجه</translation>
    </message>
    <message>
        <source>Print latest bill (%1)</source>
        <translation>چاپ آخرین قبض (%1)</translation>
    </message>
    <message>
        <source>New request</source>
        <translation>درخواست جدید</translation>
    </message>
    <message>
        <source>Send bill by SMS</source>
        <translation>ارسال قبض با پیامک</translation>
    </message>
    <message>
        <source>Back to results (Esc)</source>
        <translation>بازگشت به نتایج (Esc)</translation>
    </message>
    <message>
        <source>Latest bill</source>
        <translation>آخرین قبض</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>مصرف</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>پرداخت‌ها</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>درخواست‌ها</translation>
    </message>
    <message>
        <source>Reports by period</source>
        <translation>گزارش دوره‌ای</translation>
    </message>
    <message>
        <source>Loading the file…</source>
        <translation>در حال خواندن پرونده…</translation>
    </message>
    <message>
        <source> (child of %1)</source>
        <translation> (فرزند %1)</translation>
    </message>
    <message>
        <source>Subscription %1 — computer code %2 — bill ID %3</source>
        <translation>اشتراک %1 — رمز رایانه %2 — شناسه قبض %3</translation>
    </message>
    <message>
        <source>%1, %2 — postal code %3 — %4, %5 unit(s)</source>
        <translation>%1، %2 — کد پستی %3 — %4، %5 واحد</translation>
    </message>
    <message>
        <source>last reading %1 on %2</source>
        <translation>آخرین قرائت %1 در %2</translation>
    </message>
    <message>
        <source>no reading yet</source>
        <translation>هنوز قرائتی ثبت نشده</translation>
    </message>
    <message>
        <source>Meter %1 (%2 digits), connection %3″%4 — %5</source>
        <translation>کنتور %1 (%2 رقمی)، انشعاب %3 اینچ%4 — %5</translation>
    </message>
    <message>
        <source>, with sewer</source>
        <translation>، با فاضلاب</translation>
    </message>
    <message>
        <source>Debt: %1</source>
        <translation>بدهی: %1</translation>
    </message>
    <message>
        <source>No debt</source>
        <translation>بدون بدهی</translation>
    </message>
    <message>
        <source>This subscription is not active (%1).</source>
        <translation>این اشتراک فعال نیست (%1).</translation>
    </message>
    <message>
        <source>The payment form is not available on this desk yet.</source>
        <translation>فرم پرداخت هنوز در این پیشخوان در دسترس نیست.</translation>
    </message>
    <message>
        <source>Printing is not available on this desk yet.</source>
        <translation>چاپ هنوز در این پیشخوان در دسترس نیست.</translation>
    </message>
    <message>
        <source>Request registered with tracking code %1.</source>
        <translation>درخواست با کد رهگیری %1 ثبت شد.</translation>
    </message>
    <message>
        <source>This subscriber has no bill to send.</source>
        <translation>برای این مشترک قبضی نیست که پیامک شود.</translation>
    </message>
    <message>
        <source>No mobile number is recorded for this subscriber.</source>
        <translation>شماره همراهی برای این مشترک ثبت نشده است.</translation>
    </message>
    <message>
        <source>Ask the central system to text the latest bill to %1.</source>
        <translation>از سامانه مرکزی خواسته می‌شود آخرین قبض را به %1 پیامک کند.</translation>
    </message>
    <message>
        <source>Bill SMS to %1 queued; it goes to the central system when connected.</source>
        <translation>پیامک قبض به %1 در صف گذاشته شد؛ هنگام اتصال به سامانه مرکزی فرستاده می‌شود.</translation>
    </message>
</context>
<context>
    <name>SubscribersPage</name>
    <message>
        <source>Subscription number, bill ID, computer code, national code, mobile, postal code, tracking code, or a name or address</source>
        <translation>شماره اشتراک، شناسه قبض، رمز رایانه، کد ملی، شماره همراه، کد پستی، کد رهگیری، یا نام و نشانی</translation>
    </message>
    <message>
        <source>Type or scan what the citizen handed over, then press Enter.</source>
        <translation>آنچه مراجعه‌کننده داده را بنویسید یا با بارکدخوان بخوانید و Enter بزنید.</translation>
    </message>
    <message>
        <source>No database is open on this desk.</source>
        <translation>پایگاه داده‌ای در این پیشخوان باز نیست.</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>در حال جستجو…</translation>
    </message>
    <message>
        <source>Nothing found for «%1». Check the number or try part of the name.</source>
        <translation>برای «%1» چیزی یافت نشد. شماره را بررسی کنید یا بخشی از نام را بنویسید.</translation>
    </message>
    <message>
        <source>The first %1 results; type more to narrow the search.</source>
        <translation>%1 نتیجهٔ نخست؛ برای محدودتر کردن جستجو بیشتر بنویسید.</translation>
    </message>
    <message>
        <source>%1 found. ↓ to choose, Enter to open.</source>
        <translation>%1 مورد یافت شد. با ↓ انتخاب کنید و با Enter باز کنید.</translation>
    </message>
    <message>
        <source>The search failed: %1</source>
        <translation>جستجو انجام نشد: %1</translation>
    </message>
    <message>
        <source>Request %1 has no subscription yet: follow it on the Tracking page (F8).</source>
        <translation>درخواست %1 هنوز اشتراک ندارد: آن را در صفحهٔ پیگیری (F8) دنبال کنید.</translation>
    </message>
    <message>
        <source>Find the subscriber and open their file first (Enter).</source>
        <translation>نخست مشترک را بیابید و پرونده‌اش را باز کنید (Enter).</translation>
    </message>
</context>
</TS>
