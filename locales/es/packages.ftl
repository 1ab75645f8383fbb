package-ledgerline-name = Ledgerline Contabilidad
package-ledgerline-description = Contabilidad por partida doble para tiendas y pequeñas empresas, con un plan de cuentas listo para usar, códigos de impuestos sobre las ventas y una empresa de ejemplo para practicar.
package-spark-messenger-name = { -brand-full-name }
