<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fa_IR">
<context>
    <name>SyncDialog</name>
    <message>
        <source>Sync with the central system</source>
        <translation>همگام‌سازی با سامانه مرکزی</translation>
    </message>
    <message>
        <source>Link:</source>
        <translation>ارتباط:</translation>
    </message>
    <message>
        <source>Waiting to be sent:</source>
        <translation>در انتظار ارسال:</translation>
    </message>
    <message>
        <source>Last sync:</source>
        <translation>آخرین همگام‌سازی:</translation>
    </message>
    <message>
        <source>Last problem:</source>
        <translation>آخرین مشکل:</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>رکورد</translation>
    </message>
    <message>
        <source>Identifier</source>
        <translation>شناسه</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>زمان ثبت</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>علت</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>همگام‌سازی اکنون</translation>
    </message>
    <message>
        <source>Retry selected</source>
        <translation>ارسال دوباره انتخاب‌شده‌ها</translation>
    </message>
    <message>
        <source>Retry all</source>
        <translation>ارسال دوباره همه</translation>
    </message>
    <message>
        <source>Export unsent records…</source>
        <translation>ذخیره رکوردهای ارسال‌نشده در پرونده…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <source>Records needing attention:</source>
        <translation>رکوردهای نیازمند رسیدگی:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ندارد</translation>
    </message>
    <message>
        <source>(no reason given)</source>
        <translation>(علتی گفته نشده است)</translation>
    </message>
    <message>
        <source>Sending the selected records again…</source>
        <translation>رکوردهای انتخاب‌شده دوباره فرستاده می‌شوند…</translation>
    </message>
    <message>
        <source>Sending every record needing attention again…</source>
        <translation>همه رکوردهای نیازمند رسیدگی دوباره فرستاده می‌شوند…</translation>
    </message>
    <message>
        <source>Export unsent records</source>
        <translation>ذخیره رکوردهای ارسال‌نشده</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>پرونده‌های JSON (*.json)</translation>
    </message>
    <message>
        <source>Writing the unsent records…</source>
        <translation>رکوردهای ارسال‌نشده نوشته می‌شوند…</translation>
    </message>
    <message>
        <source>%1 unsent records written to %2</source>
        <translation>%1 رکورد ارسال‌نشده در %2 نوشته شد</translation>
    </message>
</context>
<context>
    <name>SyncPresenter</name>
    <message>
        <source>Sync failed: %1</source>
        <translation>همگام‌سازی ناموفق بود: %1</translation>
    </message>
    <message>
        <source>Sync done: %1 records sent</source>
        <translation>همگام‌سازی انجام شد: %1 رکورد فرستاده شد</translation>
    </message>
    <message>
        <source>%1 unsent records written to %2</source>
        <translation>%1 رکورد ارسال‌نشده در %2 نوشته شد</translation>
    </message>
</context>
<context>
    <name>SyncStatusField</name>
    <message>
        <source>Syncing…</source>
        <translation>در حال همگام‌سازی…</translation>
    </message>
    <message>
        <source>Last sync: %1</source>
        <translation>آخرین همگام‌سازی: %1</translation>
    </message>
    <message>
        <source>%1 records need attention</source>
        <translation>%1 رکورد نیازمند رسیدگی</translation>
    </message>
</context>
<context>
    <name>SyncText</name>
    <message>
        <source>Payment</source>
        <translation>پرداخت</translation>
    </message>
    <message>
        <source>Meter reading</source>
        <translation>قرائت کنتور</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>درخواست</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>مدرک</translation>
    </message>
    <message>
        <source>Bill SMS</source>
        <translation>پیامک قبض</translation>
    </message>
    <message>
        <source>never</source>
        <translation>هرگز</translation>
    </message>
    <message>
        <source>Connecting to the central system…</source>
        <translation>در حال اتصال به سامانه مرکزی…</translation>
    </message>
    <message>
        <source>Not connected yet</source>
        <translation>هنوز متصل نشده</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>در حال همگام‌سازی…</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>آنلاین</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>آفلاین</translation>
    </message>
    <message>
        <source>Waiting to be sent: %1</source>
        <translation>در انتظار ارسال: %1</translation>
    </message>
    <message>
        <source>Last sync: %1</source>
        <translation>آخرین همگام‌سازی: %1</translation>
    </message>
    <message>
        <source>Needing attention: %1</source>
        <translation>نیازمند رسیدگی: %1</translation>
    </message>
</context>
</TS>
