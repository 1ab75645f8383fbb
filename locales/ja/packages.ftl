package-ledgerline-name = Ledgerline 会計
package-ledgerline-description = 商店や小規模企業向けの複式簿記ソフト。すぐに使える勘定科目表、消費税コード、練習用のサンプル会社を備えています。
package-spark-messenger-name = { -brand-full-name }
