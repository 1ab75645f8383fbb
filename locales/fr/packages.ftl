package-ledgerline-name = Ledgerline Comptabilité
package-ledgerline-description = Comptabilité en partie double pour les commerces et les petites entreprises, avec un plan comptable prêt à l’emploi, des codes de TVA et une société d’exemple pour s’exercer.
package-spark-messenger-name = { -brand-full-name }
