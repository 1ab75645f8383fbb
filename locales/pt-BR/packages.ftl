package-ledgerline-name = Ledgerline Contabilidade
package-ledgerline-description = Contabilidade de partidas dobradas para lojas e pequenas empresas, com plano de contas pronto, códigos de impostos sobre vendas e uma empresa de exemplo para praticar.
package-spark-messenger-name = { -brand-full-name }
