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
    <message>
        <source>Use this key</source>
        <translation>این کلید را بگذار</translation>
    </message>
    <message>
        <source>Default key</source>
        <translation>کلید پیش‌فرض</translation>
    </message>
    <message>
        <source>Choose an action to change its key.</source>
        <translation>برای تغییر کلید، کاری را از جدول برگزینید.</translation>
    </message>
    <message>
        <source>Key for «%1»:</source>
        <translation>کلید «%1»:</translation>
    </message>
    <message>
        <source>This key is already used for «%1».</source>
        <translation>این کلید پیش‌تر برای «%1» گذاشته شده است.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>ذخیره شد.</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>The desk is locked</source>
        <translation>میز قفل است</translation>
    </message>
    <message>
        <source>%1, enter your password to carry on where you left off. Another user may sign in instead.</source>
        <translation>%1، برای ادامهٔ کار از همان‌جا که ماند، گذرواژهٔ خود را وارد کنید. کاربر دیگری هم می‌تواند به جای شما وارد شود.</translation>
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
        <source>Your role may not use this page.</source>
        <translation>نقش شما اجازهٔ استفاده از این صفحه را ندارد.</translation>
    </message>
    <message>
        <source>A barcode was scanned but it is not a bill&apos;s: %1</source>
        <translation>بارکدی خوانده شد ولی بارکد قبض نیست: %1</translation>
    </message>
    <message>
        <source>The desk can be locked only when a user has signed in.</source>
        <translation>میز فقط وقتی قفل می‌شود که کاربری وارد شده باشد.</translation>
    </message>
    <message>
        <source>Locked after a period without use.</source>
        <translation>پس از مدتی بی‌کاری قفل شد.</translation>
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
    <name>PaymentPage</name>
    <message>
        <source>Cash</source>
        <translation>نقدی</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>کارت بانکی</translation>
    </message>
    <message>
        <source>POS</source>
        <translation>کارت‌خوان</translation>
    </message>
    <message>
        <source>Terminal reference number</source>
        <translation>شمارهٔ پیگیری کارت‌خوان</translation>
    </message>
    <message>
        <source>Take payment (F10)</source>
        <translation>دریافت وجه (F10)</translation>
    </message>
    <message>
        <source>Print receipt</source>
        <translation>چاپ رسید</translation>
    </message>
    <message>
        <source>Receipt printing is not connected yet.</source>
        <translation>چاپ رسید هنوز وصل نشده است.</translation>
    </message>
    <message>
        <source>Record the payment (Enter)</source>
        <translation>ثبت پرداخت (Enter)</translation>
    </message>
    <message>
        <source>Back (Esc)</source>
        <translation>بازگشت (Esc)</translation>
    </message>
    <message>
        <source>Bill ID</source>
        <translation>شناسهٔ قبض</translation>
    </message>
    <message>
        <source>Payment ID</source>
        <translation>شناسهٔ پرداخت</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>مبلغ</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>روش پرداخت</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>کارت‌خوان</translation>
    </message>
    <message>
        <source>No data store is connected.</source>
        <translation>پایگاه داده‌ای وصل نیست؛ پرداخت ثبت نمی‌شود.</translation>
    </message>
    <message>
        <source>Service: %1</source>
        <translation>خدمت: %1</translation>
    </message>
    <message>
        <source>Subscriber: %1 (subscription %2)</source>
        <translation>مشترک: %1 (اشتراک %2)</translation>
    </message>
    <message>
        <source>The subscriber is not in this desk&apos;s data.</source>
        <translation>این مشترک در دادهٔ این پیشخوان نیست.</translation>
    </message>
    <message>
        <source>This bill has already been paid at this desk.</source>
        <translation>این قبض پیش‌تر در همین پیشخوان پرداخت شده است.</translation>
    </message>
    <message>
        <source>Enter the terminal&apos;s reference number.</source>
        <translation>شمارهٔ پیگیری کارت‌خوان را وارد کنید.</translation>
    </message>
    <message>
        <source>cash</source>
        <translation>نقدی</translation>
    </message>
    <message>
        <source>bank card</source>
        <translation>کارت بانکی</translation>
    </message>
    <message>
        <source>Record %1 paid by %2 for bill %3, payment %4?</source>
        <translation>پرداخت %1 به روش %2 برای قبض %3 با شناسهٔ پرداخت %4 ثبت شود؟</translation>
    </message>
    <message>
        <source>Recording the payment…</source>
        <translation>در حال ثبت پرداخت…</translation>
    </message>
    <message>
        <source>Recorded: %1 for bill %2. Receipt number %3.</source>
        <translation>ثبت شد: %1 برای قبض %2. شمارهٔ رسید %3.</translation>
    </message>
    <message>
        <source>The payment was NOT recorded: the database could not be written. Try again; if it keeps failing, tell your supervisor.</source>
        <translation>پرداخت ثبت «نشد»: در پایگاه داده نوشته نشد. دوباره امتحان کنید؛ اگر باز هم نشد به سرپرست خبر دهید.</translation>
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
    <name>Roles</name>
    <message>
        <source>Counter operator</source>
        <translation>اپراتور پیشخوان</translation>
    </message>
    <message>
        <source>Scanning clerk</source>
        <translation>متصدی اسکن</translation>
    </message>
    <message>
        <source>Branch manager</source>
        <translation>مدیر دفتر</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>مدیر سامانه</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in to the desk</source>
        <translation>ورود به پیشخوان</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>خروج</translation>
    </message>
</context>
<context>
    <name>SignInPanel</name>
    <message>
        <source>Sign in</source>
        <translation>ورود</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>نام کاربری</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>گذرواژه</translation>
    </message>
    <message>
        <source>Enter your username.</source>
        <translation>نام کاربری را وارد کنید.</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>گذرواژه را وارد کنید.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>در حال بررسی…</translation>
    </message>
    <message>
        <source>Signing in is not possible right now (the database could not be read). Try again; if it keeps failing, tell your supervisor.</source>
        <translation>اکنون ورود ممکن نیست (پایگاه داده خوانده نشد). دوباره امتحان کنید؛ اگر باز هم نشد به سرپرست خبر دهید.</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <source>Connecting…</source>
        <translation>در حال اتصال…</translation>
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
        <source>%1 — %2 waiting to be sent</source>
        <translation>%1 — %2 رکورد در انتظار ارسال</translation>
    </message>
    <message>
        <source>%1 — all sent</source>
        <translation>%1 — همه ارسال شده</translation>
    </message>
    <message>
        <source>%1 need attention</source>
        <translation>%1 رکورد نیازمند بررسی</translation>
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
