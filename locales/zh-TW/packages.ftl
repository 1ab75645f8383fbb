package-ledgerline-name = Ledgerline 帳務
package-ledgerline-description = 適合商店與小型企業的複式記帳軟體，內建現成的會計科目表、銷售稅代碼，以及可供練習的範例公司。
package-spark-messenger-name = { -brand-full-name }
