### نصوص واجهة المستخدم لتطبيق المراسلة الفورية سبارك.
###
### تأتي أسماء العلامة التجارية والتحالف من shared/brand.ftl ويُشار إليها
### كمصطلحات، مثل { -brand-name }. تبدأ معرّفات الرسائل باسم القسم
### الذي تنتمي إليه (login-، presence-، contacts-، chat-،
### lan-، transfer-، settings-، error-، about-).


## نافذة تسجيل الدخول

login-window-title = تسجيل الدخول إلى { -brand-name }
login-heading = مرحبًا بك في { -brand-name }
login-subheading = دردش مع الجميع على شبكتك المحلية. لا حاجة إلى خادم.

login-nickname =
    .label = الاسم المستعار
    .placeholder = الاسم الذي سيراك به الآخرون
login-password =
    .label = كلمة المرور
    .placeholder = اختيارية
login-remember-me =
    .label = تذكّرني على هذا الكمبيوتر
    .accesskey = R
login-button =
    .label = تسجيل الدخول
    .accesskey = S

login-in-progress = جارٍ تسجيل الدخول…
login-failed = تعذّر تسجيل الدخول. تحقّق من الاسم المستعار وكلمة المرور، ثم حاول مرة أخرى.

# $reason (String) - وصف تقني مختصر لسبب المشكلة
login-failed-reason = تعذّر تسجيل الدخول: { $reason }

# $name (String) - الاسم المستعار الذي حاول المستخدم استخدامه
login-nickname-taken = الاسم المستعار «{ $name }» مستخدَم بالفعل على هذه الشبكة. يُرجى اختيار اسم آخر.

# $max (Number) - الحد الأقصى لعدد الأحرف المسموح بها في الاسم المستعار
login-nickname-too-long =
    { $max ->
        [zero] لا يُسمح بأي حرف في الاسم المستعار.
        [one] لا يمكن أن يتجاوز طول الاسم المستعار حرفًا واحدًا.
        [two] لا يمكن أن يتجاوز طول الاسم المستعار حرفين.
        [few] لا يمكن أن يتجاوز طول الاسم المستعار { $max } أحرف.
        [many] لا يمكن أن يتجاوز طول الاسم المستعار { $max } حرفًا.
       *[other] لا يمكن أن يتجاوز طول الاسم المستعار { $max } حرف.
    }

# $name (String) - الاسم المستعار للمستخدم نفسه
login-signed-in-as = تم تسجيل الدخول باسم { $name }
login-sign-out = تسجيل الخروج


## الحالة
## تظهر أسماء الحالات هذه في قائمة الحالة وبجانب كل جهة اتصال.

presence-online = متصل
presence-away = بعيد
presence-busy = مشغول
presence-invisible = مخفي
presence-offline = غير متصل

presence-change-status =
    .label = تعيين الحالة
    .tooltip = اختر كيف يراك الآخرون على شبكتك

presence-invisible-hint = عندما تكون حالتك «{ presence-invisible }»، يظل بإمكانك رؤية الآخرين، لكنهم يرونك «{ presence-offline }».

# $minutes (Number) - مدة الخمول التي تتغير بعدها الحالة إلى «بعيد»
presence-auto-away =
    { $minutes ->
        [zero] تغيير حالتي إلى «{ presence-away }» فور توقفي عن النشاط
        [one] تغيير حالتي إلى «{ presence-away }» بعد دقيقة واحدة من عدم النشاط
        [two] تغيير حالتي إلى «{ presence-away }» بعد دقيقتين من عدم النشاط
        [few] تغيير حالتي إلى «{ presence-away }» بعد { $minutes } دقائق من عدم النشاط
        [many] تغيير حالتي إلى «{ presence-away }» بعد { $minutes } دقيقة من عدم النشاط
       *[other] تغيير حالتي إلى «{ presence-away }» بعد { $minutes } دقيقة من عدم النشاط
    }

# $time (String) - منسَّق مسبقًا، مثل "10:42" أو "أمس"
presence-last-seen = آخر ظهور: { $time }


## جهات الاتصال والمجموعات

contacts-title = جهات الاتصال
contacts-search =
    .placeholder = البحث في جهات الاتصال
contacts-add =
    .label = إضافة جهة اتصال…
    .tooltip = أضِف شخصًا من شبكتك إلى قائمة جهات الاتصال
contacts-remove = إزالة جهة الاتصال

# $name (String) - الاسم المستعار لجهة الاتصال
contacts-remove-confirm = هل تريد إزالة { $name } من جهات الاتصال؟
contacts-added = تمت إضافة { $name } إلى جهات الاتصال.
contacts-removed = تمت إزالة { $name } من جهات الاتصال.

# $count (Number) - عدد جهات الاتصال المتصلة حاليًا
contacts-online-count =
    { $count ->
        [zero] لا توجد جهات اتصال متصلة
        [one] جهة اتصال واحدة متصلة
        [two] جهتا اتصال متصلتان
        [few] { $count } جهات اتصال متصلة
        [many] { $count } جهة اتصال متصلة
       *[other] { $count } جهة اتصال متصلة
    }

# $count (Number) - العدد الإجمالي لجهات الاتصال في القائمة
contacts-total-count =
    { $count ->
        [zero] لا توجد جهات اتصال
        [one] جهة اتصال واحدة
        [two] جهتا اتصال
        [few] { $count } جهات اتصال
        [many] { $count } جهة اتصال
       *[other] { $count } جهة اتصال
    }

contacts-empty = ليست لديك أي جهات اتصال بعد. افحص شبكتك للعثور على أشخاص قريبين منك.

contacts-group-new = مجموعة جديدة…
contacts-group-rename = إعادة تسمية المجموعة
contacts-group-delete = حذف المجموعة
contacts-group-name =
    .placeholder = اسم المجموعة
# اسم المجموعة المدمجة لجهات الاتصال غير المنتمية إلى أي مجموعة أخرى.
contacts-group-default = جهات اتصال أخرى

# $group (String) - اسم المجموعة المراد حذفها
contacts-group-delete-confirm = هل تريد حذف المجموعة «{ $group }»؟ ستُنقل جهات الاتصال التابعة لها إلى «{ contacts-group-default }».

# عنوان المجموعة في قائمة جهات الاتصال.
# $group (String) - اسم المجموعة
# $online (Number) - جهات الاتصال المتصلة في هذه المجموعة
# $total (Number) - جميع جهات الاتصال في هذه المجموعة
contacts-group-summary = { $group } ({ $online }/{ $total })


## نافذة المحادثة

# $name (String) - الاسم المستعار للشخص الذي تحادثه
chat-window-title = محادثة مع { $name }
chat-input =
    .placeholder = اكتب رسالة…
chat-send =
    .label = إرسال
    .accesskey = d

# $name (String) - الاسم المستعار للشخص الذي يكتب
chat-typing = { $name } يكتب…

# $count (Number) - عدد الأشخاص الذين يكتبون في محادثة جماعية
chat-typing-many =
    { $count ->
        [zero] لا أحد يكتب الآن
        [one] يكتب شخص واحد…
        [two] يكتب شخصان…
        [few] يكتب { $count } أشخاص…
        [many] يكتب { $count } شخصًا…
       *[other] يكتب { $count } شخص…
    }

chat-sending = جارٍ الإرسال…
chat-delivered = تم التسليم
chat-read = تمت القراءة

# $time (String) - وقت منسَّق مسبقًا، مثل "10:42"
chat-read-at = تمت القراءة الساعة { $time }
chat-send-failed = لم يتم التسليم. انقر للمحاولة مرة أخرى.

# $count (Number) - عدد الرسائل غير المقروءة
chat-unread =
    { $count ->
        [zero] لا توجد رسائل غير مقروءة
        [one] رسالة واحدة غير مقروءة
        [two] رسالتان غير مقروءتين
        [few] { $count } رسائل غير مقروءة
        [many] { $count } رسالة غير مقروءة
       *[other] { $count } رسالة غير مقروءة
    }

chat-notification-title = رسالة جديدة من { $name }
chat-today = اليوم
chat-yesterday = أمس
chat-copy = نسخ

chat-history =
    .label = السجل
    .tooltip = عرض الرسائل السابقة في هذه المحادثة
chat-history-empty = لا توجد رسائل مع { $name } بعد. بادِر بالتحية!
chat-clear-history = مسح السجل…
chat-clear-history-confirm = هل تريد مسح سجل محادثتك مع { $name } بالكامل؟ لا يمكن التراجع عن هذا الإجراء.
chat-clear-history-button = مسح السجل
chat-peer-offline = { $name } غير متصل حاليًا. ستُسلَّم رسائلك عند عودته إلى الشبكة.


## اكتشاف الأجهزة على الشبكة المحلية
## يعثر سبارك على المستخدمين الآخرين بالبث على الشبكة المحلية.

lan-scan =
    .label = فحص الشبكة
    .accesskey = N
lan-scanning = جارٍ فحص شبكتك…

# $count (Number) - عدد مستخدمي سبارك الآخرين الذين تم العثور عليهم
lan-found =
    { $count ->
        [zero] لم يُعثر على أي شخص في شبكتك
        [one] تم العثور على شخص واحد في شبكتك
        [two] تم العثور على شخصين في شبكتك
        [few] تم العثور على { $count } أشخاص في شبكتك
        [many] تم العثور على { $count } شخصًا في شبكتك
       *[other] تم العثور على { $count } شخص في شبكتك
    }

lan-no-peers = لم يُعثر على أي شخص آخر في شبكتك.

# $port (Number) - منفذ UDP المستخدم للاكتشاف
lan-firewall-hint = هل كنت تتوقع ظهور أحد؟ تأكّد من أن جدار الحماية يسمح لتطبيق { -brand-name } باستخدام منفذ UDP رقم { $port }.

# $subnet (String) - الشبكة بصيغة CIDR، مثل "192.168.1.0/24"
lan-subnet = الشبكة الفرعية: { $subnet }
lan-other-subnet =
    .label = فحص هذه الشبكة الفرعية أيضًا
    .placeholder = مثال: 192.168.2.0/24

# $name (String) - الاسم المستعار للمستخدم
lan-peer-joined = انضم { $name } إلى الشبكة.
lan-peer-left = غادر { $name } الشبكة.

# $address (String) - عنوان IP للكمبيوتر الآخر
lan-peer-address = { $name } على العنوان { $address }


## نقل الملفات والصور

transfer-send-file =
    .label = إرسال ملف…
    .accesskey = F
transfer-send-image =
    .label = إرسال صورة…
    .accesskey = I

# $name (String) - الاسم المستعار للمرسِل
# $file (String) - اسم الملف
# $size (String) - الحجم بصيغة مقروءة، مثل "2.4 MB"
transfer-incoming = يريد { $name } أن يرسل إليك { $file } ({ $size }).

# $count (Number) - عدد الملفات
transfer-file-count =
    { $count ->
        [zero] لا توجد ملفات
        [one] ملف واحد
        [two] ملفان
        [few] { $count } ملفات
        [many] { $count } ملفًا
       *[other] { $count } ملف
    }

transfer-accept = قبول
transfer-decline = رفض
transfer-save-as = حفظ باسم…
transfer-cancel = إلغاء

# $name (String) - الاسم المستعار للمستلِم
transfer-waiting = بانتظار قبول { $name }…
transfer-declined = رفض { $name } استلام { $file }.

# $percent (Number) - من 0 إلى 100
transfer-progress = جارٍ إرسال { $file }… { $percent }٪

# $done (String) - الكمية المنقولة حتى الآن بصيغة مقروءة، مثل "1.2 MB"
# $size (String) - الحجم الإجمالي بصيغة مقروءة، مثل "2.4 MB"
# $percent (Number) - من 0 إلى 100
transfer-progress-detail = { $done } من أصل { $size } ({ $percent }٪)

transfer-complete = تم نقل { $file } بنجاح.
transfer-failed = فشل نقل { $file }.
transfer-cancelled = تم إلغاء نقل { $file }.

transfer-open-file = فتح
transfer-show-in-folder = إظهار في المجلد

transfer-image-preview =
    .alt = معاينة { $file }
    .title = انقر لفتح الصورة بحجمها الكامل

# $max (String) - حد الحجم بصيغة مقروءة، مثل "2 GB"
transfer-too-large = حجم { $file } أكبر من أن يُرسَل. الحد الأقصى لحجم الملف هو { $max }.


## الإعدادات

settings-title = الإعدادات
settings-language =
    .label = اللغة
settings-language-system = استخدام لغة النظام
settings-restart-required = أعِد تشغيل { -brand-name } لتطبيق اللغة الجديدة.

settings-theme =
    .label = السمة
settings-theme-system = مثل النظام
settings-theme-light = فاتحة
settings-theme-dark = داكنة

settings-notifications =
    .label = إظهار إشعارات سطح المكتب عند وصول رسائل جديدة
    .accesskey = o
settings-sounds =
    .label = تشغيل الأصوات
    .accesskey = P
settings-start-at-login =
    .label = تشغيل { -brand-name } عند تسجيل دخولي إلى الكمبيوتر
    .accesskey = L

settings-download-folder =
    .label = حفظ الملفات المستلَمة في
settings-download-folder-choose =
    .label = اختيار…
    .accesskey = C

settings-port =
    .label = رقم المنفذ
    .placeholder = 2425

# $port (Number) - المنفذ الافتراضي
settings-port-hint = الافتراضي: { $port }. يجب أن يستخدم جميع من على شبكتك المنفذ نفسه.

# $min (Number) - أدنى رقم منفذ مسموح به
# $max (Number) - أعلى رقم منفذ مسموح به
settings-port-invalid = أدخِل رقم منفذ بين { $min } و{ $max }.

settings-save = حفظ
settings-cancel = إلغاء


## الأخطاء

error-connection-lost = انقطع الاتصال. جارٍ محاولة إعادة الاتصال…
error-network-unavailable = لا يوجد اتصال بالشبكة. سيواصل { -brand-name } البحث.

# $port (Number) - رقم المنفذ المستخدَم بالفعل
error-port-in-use = المنفذ { $port } مستخدَم بالفعل من قِبل برنامج آخر. اختر منفذًا مختلفًا في الإعدادات.

# $file (String) - اسم الملف الذي تعذّر حفظه
error-disk-full = لا توجد مساحة كافية على القرص لحفظ { $file }.

# $name (String) - الاسم المستعار للمستخدم الذي تعذّر الوصول إليه
error-peer-unreachable = تعذّر الوصول إلى { $name }. ربما أصبح غير متصل أو يقع خلف جدار حماية.

error-file-not-found = تعذّر العثور على { $file }. ربما نُقل أو حُذف.

# $path (String) - المجلد الذي تعذّرت الكتابة فيه
error-permission-denied = لا يملك { -brand-name } إذنًا بالكتابة في { $path }.

# $reason (String) - وصف تقني مختصر للخطأ
error-unexpected = حدث خطأ ما: { $reason }


## مربع الحوار «حول»

about-title = حول { -brand-name }

# $version (String) - رقم الإصدار، مثل "3.2.1"
about-version = { -brand-name } الإصدار { $version }
about-description = تطبيق مراسلة فورية صغير لشبكتك المحلية.
about-history = في بداياته، لم يتجاوز حجم { -brand-name } 270 كيلوبايت، وكان يعمل على معالج 386. وما زال حتى اليوم قليل المتطلبات.

# $year (Number) - سنة الإصدار
about-copyright = © { $year } { -vendor-name }
about-license = { -brand-full-name } برنامج حر، صادر بموجب رخصة MIT أو رخصة Apache 2.0.
about-built-for = أُعِدّ من أجل { -alliance-name }
about-check-updates =
    .label = التحقق من وجود تحديثات
    .accesskey = U
about-update-available = الإصدار { $version } من { -brand-name } متاح الآن على { -channel-name }.
about-up-to-date = أنت تستخدم أحدث إصدار.
