package-ledgerline-name = Ledgerline 账务
package-ledgerline-description = 面向商店和小型企业的复式记账软件，内置现成的会计科目表、销售税代码和可供练习的示例公司。
package-spark-messenger-name = { -brand-full-name }
