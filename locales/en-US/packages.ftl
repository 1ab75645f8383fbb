### Names and descriptions of the alliance's packages, as shops and the download page show them.

package-ledgerline-name = Ledgerline Accounts
package-ledgerline-description = Double-entry bookkeeping for shops and small firms, with a ready-made chart of accounts, sales-tax codes and a sample company to practise on.

# The messenger as its installers and README name it: the brand as each language writes it.
package-spark-messenger-name = { -brand-full-name }
