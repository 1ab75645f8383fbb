package-ledgerline-name = Ledgerline Buchhaltung
package-ledgerline-description = Doppelte Buchführung für Läden und kleine Betriebe, mit fertigem Kontenrahmen, Umsatzsteuerschlüsseln und einer Beispielfirma zum Üben.
package-spark-messenger-name = { -brand-full-name }
