package-ledgerline-name = Ledgerline Бухгалтерия
package-ledgerline-description = Бухгалтерский учёт по методу двойной записи для магазинов и небольших фирм: готовый план счетов, коды налога с продаж и учебная компания для практики.
package-spark-messenger-name = { -brand-full-name }
