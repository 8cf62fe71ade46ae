<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fa_IR">
<context>
    <name>ChartWidget</name>
    <message>
        <source>No data for this range</source>
        <translation>برای این بازه داده‌ای نیست</translation>
    </message>
</context>
<context>
    <name>JalaliDateEdit</name>
    <message>
        <source>Choose on the calendar</source>
        <translation>انتخاب در تقویم</translation>
    </message>
</context>
</TS>
