<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fa_IR">
<context>
    <name>Actions</name>
    <message>
        <source>Help</source>
        <translation>راهنما</translation>
    </message>
    <message>
        <source>Keyboard keys and how to use the desk</source>
        <translation>کلیدهای میان‌بر و راهنمای کار با میز</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>جستجو</translation>
    </message>
    <message>
        <source>Go to the search box</source>
        <translation>رفتن به جعبهٔ جستجو</translation>
    </message>
    <message>
        <source>Pay bills</source>
        <translation>پرداخت قبض</translation>
    </message>
    <message>
        <source>New request</source>
        <translation>درخواست جدید</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>اسکن</translation>
    </message>
    <message>
        <source>Print latest bill</source>
        <translation>چاپ آخرین قبض</translation>
    </message>
    <message>
        <source>Meter reading</source>
        <translation>قرائت کنتور</translation>
    </message>
    <message>
        <source>Track request</source>
        <translation>پیگیری درخواست</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>همگام‌سازی</translation>
    </message>
    <message>
        <source>Send waiting records and fetch updates now</source>
        <translation>همین حالا رکوردهای در انتظار را بفرست و تغییرات را دریافت کن</translation>
    </message>
    <message>
        <source>Confirm payment</source>
        <translation>تأیید پرداخت</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>قفل</translation>
    </message>
    <message>
        <source>Lock the desk until you sign in again</source>
        <translation>قفل کردن میز تا ورود دوباره</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>خروج</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message>
        <source>Pishkhan</source>
        <translation>پیشخوان</translation>
    </message>
</context>
<context>
    <name>Clock</name>
    <message>
        <source>%1, %2</source>
        <translation>%1، ساعت %2</translation>
    </message>
</context>
<context>
    <name>DeskPage</name>
    <message>
        <source>Loading today&apos;s figures…</source>
        <translation>در حال بارگذاری ارقام امروز…</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>تلاش دوباره</translation>
    </message>
    <message>
        <source>Subscribers</source>
        <translation>مشترکین</translation>
    </message>
    <message>
        <source>Debtors</source>
        <translation>مشترکین بدهکار</translation>
    </message>
    <message>
        <source>Total debt</source>
        <translation>جمع بدهی</translation>
    </message>
    <message>
        <source>Open requests</source>
        <translation>درخواست‌های باز</translation>
    </message>
    <message>
        <source>Records waiting to be sent</source>
        <translation>رکوردهای در انتظار ارسال</translation>
    </message>
    <message>
        <source>Quick actions</source>
        <translation>کارهای پرکاربرد</translation>
    </message>
    <message>
        <source>No data source is connected.</source>
        <translation>منبع داده‌ای وصل نیست.</translation>
    </message>
    <message>
        <source>Updated at %1</source>
        <translation>به‌روز شده در ساعت %1</translation>
    </message>
    <message>
        <source>Today&apos;s figures could not be loaded. Check the connection to the database and try again; if it keeps failing, tell your supervisor.</source>
        <translation>ارقام امروز بارگذاری نشد. اتصال به پایگاه داده را بررسی کنید و دوباره تلاش کنید؛ اگر باز هم نشد، به سرپرست خود اطلاع دهید.</translation>
    </message>
</context>
<context>
    <name>DeskStatusBar</name>
    <message>
        <source>Branch: %1</source>
        <translation>شعبه: %1</translation>
    </message>
    <message>
        <source>Branch: not set</source>
        <translation>شعبه: تعیین نشده</translation>
    </message>
    <message>
        <source>Branch: %1 — desk %2</source>
        <translation>شعبه: %1 — باجه %2</translation>
    </message>
    <message>
        <source>Cash: —</source>
        <translation>صندوق: —</translation>
    </message>
    <message>
        <source>Cash: open</source>
        <translation>صندوق: باز</translation>
    </message>
    <message>
        <source>Cash: closed</source>
        <translation>صندوق: بسته</translation>
    </message>
</context>
<context>
    <name>HelpPage</name>
    <message>
        <source>Function keys work with both Persian and English keyboard layouts. Type or scan anything the citizen hands over into the search box (F2).</source>
        <translation>کلیدهای F با هر دو چیدمان صفحه‌کلید فارسی و انگلیسی کار می‌کنند. هر چه مراجعه‌کننده ارائه می‌دهد — قبض، کارت ملی، برگهٔ رهگیری، شمارهٔ تلفن — را در جعبهٔ جستجو (F2) تایپ یا اسکن کنید.</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>کار</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>کلید</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Navigation</source>
        <translation>ناوبری</translation>
    </message>
    <message>
        <source>&amp;Desk</source>
        <translation>میز</translation>
    </message>
    <message>
        <source>&amp;Subscriber</source>
        <translation>مشترک</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>رفتن به</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>راهنما</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>کارها</translation>
    </message>
    <message>
        <source>Sync is not available yet.</source>
        <translation>همگام‌سازی هنوز آماده نیست.</translation>
    </message>
    <message>
        <source>Locking the desk is not available yet.</source>
        <translation>قفل کردن میز هنوز آماده نیست.</translation>
    </message>
    <message>
        <source>Search is not available yet.</source>
        <translation>جستجو هنوز آماده نیست.</translation>
    </message>
</context>
<context>
    <name>Money</name>
    <message>
        <source>%1 rials</source>
        <translation>%1 ریال</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <source>Desk</source>
        <translation>میز کار</translation>
    </message>
    <message>
        <source>Subscribers</source>
        <translation>مشترکین</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>پرداخت</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>درخواست‌ها</translation>
    </message>
    <message>
        <source>Tracking</source>
        <translation>پیگیری</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>اسکن</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>گزارش‌ها</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>صندوق</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>تنظیمات</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>راهنما</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>Coming soon.</source>
        <translation>به‌زودی.</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <source>Online</source>
        <translation>آنلاین</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>آفلاین</translation>
    </message>
    <message>
        <source>%1 — %2 waiting to be sent</source>
        <translation>%1 — %2 رکورد در انتظار ارسال</translation>
    </message>
    <message>
        <source>%1 — all sent</source>
        <translation>%1 — همه ارسال شده</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <source>Search (F2): subscription number, bill ID, national code, mobile, name, tracking code…</source>
        <translation>جستجو (F2): شمارهٔ اشتراک، شناسهٔ قبض، کد ملی، موبایل، نام، کد رهگیری…</translation>
    </message>
    <message>
        <source>User: %1</source>
        <translation>کاربر: %1</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>وارد نشده</translation>
    </message>
</context>
</TS>
