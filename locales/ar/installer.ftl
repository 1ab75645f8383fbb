### نصوص سكربتات التثبيت وملفات README.
###
### تُعرض هذه الرسائل لكل حزمة من حزم المورّدين ولكل حزمة من حزم تطبيق
### المراسلة التي تُشحن عبر { -alliance-name }، لذا يجب ألا تفترض
### منتجًا بعينه. المتغيرات الشائعة:
###   $name (String) - اسم المنتج، مثل "Spark Messenger"
###   $version (String) - رقم الإصدار، مثل "3.2.1"
###   $vendor (String) - اسم المورّد الذي أنشأ الحزمة
###   $prefix (String) - مجلد التثبيت، مثل "/usr/local"


## ملف README

installer-readme-title = { $name } { $version }
installer-readme-intro = يحتوي هذا الأرشيف على { $name } من { $vendor }، ويُوزَّع عبر { -alliance-name }.

installer-readme-verify-title = التحقق من الملف الذي نزّلته
installer-readme-verify = قبل التثبيت، تأكّد من أن الأرشيف لم يتعرّض للعبث: تحقّق من توقيعه باستخدام minisign والمفتاح العام المنشور على { -channel-name }. إذا فشل التحقق، فلا تثبّت الحزمة.

installer-readme-install-title = التثبيت
installer-readme-install-unix = على Linux وغيره من الأنظمة الشبيهة بنظام Unix، فُكّ ضغط الأرشيف وشغّل ./install.sh من المجلد الناتج عن فك الضغط. للتثبيت في موقع غير الموقع الافتراضي، أضِف الخيار --prefix، على سبيل المثال: ./install.sh --prefix ~/.local
installer-readme-install-windows = على Windows، فُكّ ضغط الأرشيف وانقر نقرًا مزدوجًا على install.cmd، أو شغّل install.cmd من موجّه الأوامر.

# $prefix (String) - المجلد الذي ثُبّت فيه المنتج
installer-uninstall-hint = لإزالة { $name } لاحقًا، شغّل سكربت إلغاء التثبيت الموجود في { $prefix }.

installer-license-title = الترخيص
installer-files-title = الملفات الموجودة في هذا الأرشيف

# $vendor (String) - المورّد الذي يمكن التواصل معه للحصول على المساعدة
installer-readme-support = للحصول على المساعدة بشأن هذه الحزمة، تواصل مع { $vendor }. أبلِغ { -channel-name } بأي مشكلات في التنزيل.


## مخرجات سكربت التثبيت

installer-installing = جارٍ تثبيت { $name } { $version } في { $prefix }…

# $old (String) - الإصدار المثبّت حاليًا
installer-upgrading = جارٍ ترقية { $name } من الإصدار { $old } إلى الإصدار { $version }…
installer-already-installed = { $name } { $version } مثبّت بالفعل في { $prefix }. لا حاجة إلى أي إجراء.

# $count (Number) - عدد الملفات التي تم تثبيتها
installer-done =
    { $count ->
        [zero] تم تثبيت { $name }. لم يُنسخ أي ملف.
        [one] تم تثبيت { $name }. تم نسخ ملف واحد.
        [two] تم تثبيت { $name }. تم نسخ ملفين.
        [few] تم تثبيت { $name }. تم نسخ { $count } ملفات.
        [many] تم تثبيت { $name }. تم نسخ { $count } ملفًا.
       *[other] تم تثبيت { $name }. تم نسخ { $count } ملف.
    }

# $reason (String) - وصف مختصر للخطأ
installer-failed = فشل التثبيت: { $reason }
installer-permission-hint = ربما لا تملك إذنًا بالكتابة في { $prefix }. اختر مجلدًا داخل مجلدك المنزلي باستخدام --prefix، أو شغّل برنامج التثبيت بصلاحيات المسؤول.


## حزم تطبيق المراسلة
## $language (String) - اسم اللغة مكتوبًا بتلك اللغة، مثل "Deutsch"
## $fallback (String) - اسم اللغة الاحتياطية، مثل "English"

bundle-readme-title = { -brand-full-name } ({ $language })
bundle-readme-language = لغة هذه الحزمة هي { $language }.
bundle-readme-fallback = تُعرض النصوص التي لم تُترجم بعد إلى { $language } باللغة { $fallback }.
bundle-language-name = العربية
