<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fa_IR">
<context>
    <name>DocumentsList</name>
    <message>
        <source>Scan…</source>
        <translation>اسکن…</translation>
    </message>
    <message>
        <source>Import file…</source>
        <translation>افزودن از فایل…</translation>
    </message>
    <message>
        <source>Import a document</source>
        <translation>افزودن سند از فایل</translation>
    </message>
    <message>
        <source>Documents (*.pdf *.jpg *.jpeg *.png)</source>
        <translation>اسناد (*.pdf *.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <source>Attaching…</source>
        <translation>در حال پیوست…</translation>
    </message>
    <message>
        <source>Not attached</source>
        <translation>پیوست نشده</translation>
    </message>
    <message>
        <source>%1 attached (%2 pages)</source>
        <translation>%1 پیوست شد (%2 صفحه)</translation>
    </message>
</context>
<context>
    <name>NewRequestDialog</name>
    <message>
        <source>New request — %1</source>
        <translation>درخواست جدید — %1</translation>
    </message>
    <message>
        <source>The subscriber&apos;s name changes</source>
        <translation>نام مشترک تغییر می‌کند</translation>
    </message>
    <message>
        <source>What the subscriber asks for (optional)</source>
        <translation>خواسته مشترک (اختیاری)</translation>
    </message>
    <message>
        <source>Required documents</source>
        <translation>مدارک لازم</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>متقاضی</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>نام و نام خانوادگی</translation>
    </message>
    <message>
        <source>National code</source>
        <translation>کد ملی</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>تلفن همراه</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>ثبت درخواست</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>نوع خدمت</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>شرح</translation>
    </message>
    <message>
        <source>The request is registered. Tracking code:</source>
        <translation>درخواست ثبت شد. کد رهگیری:</translation>
    </message>
    <message>
        <source>Print the request receipt</source>
        <translation>چاپ رسید درخواست</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <source>Loading the services…</source>
        <translation>در حال خواندن فهرست خدمات…</translation>
    </message>
    <message>
        <source>Choose the service</source>
        <translation>خدمت را انتخاب کنید</translation>
    </message>
    <message>
        <source>Fee %1 + counter fee %2 = %3</source>
        <translation>هزینه خدمت %1 + کارمزد دفتر %2 = %3</translation>
    </message>
    <message>
        <source>Write the applicant&apos;s name.</source>
        <translation>نام متقاضی را بنویسید.</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>لازم است.</translation>
    </message>
    <message>
        <source>Registering…</source>
        <translation>در حال ثبت…</translation>
    </message>
    <message>
        <source>To collect: %1</source>
        <translation>دریافتی از متقاضی: %1</translation>
    </message>
    <message>
        <source>Printing is not available on this desk.</source>
        <translation>چاپ در این پیشخوان در دسترس نیست.</translation>
    </message>
    <message>
        <source>Preparing the receipt…</source>
        <translation>در حال آماده‌سازی رسید…</translation>
    </message>
    <message>
        <source>The receipt was sent to the printer.</source>
        <translation>رسید به چاپگر فرستاده شد.</translation>
    </message>
    <message>
        <source>No printer is installed: showing the receipt.</source>
        <translation>چاپگری نصب نیست: رسید نمایش داده می‌شود.</translation>
    </message>
    <message>
        <source>The receipt could not be prepared: %1</source>
        <translation>رسید آماده نشد: %1</translation>
    </message>
</context>
</TS>
