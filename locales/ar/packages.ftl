package-ledgerline-name = ليدجرلاين للمحاسبة
package-ledgerline-description = محاسبة بالقيد المزدوج للمتاجر والشركات الصغيرة، مع دليل حسابات جاهز ورموز ضريبة المبيعات وشركة نموذجية للتدرّب.
package-spark-messenger-name = { -brand-full-name }
