### Testi per gli script di installazione e per i file README.
###
### Questi messaggi vengono usati per ogni pacchetto dei fornitori e per ogni
### bundle del programma di messaggistica distribuito tramite l’{ -alliance-name },
### quindi non devono presupporre un prodotto specifico. Variabili comuni:
###   $name (String) - nome del prodotto, ad esempio "Spark Messenger"
###   $version (String) - numero di versione, ad esempio "3.2.1"
###   $vendor (String) - nome del fornitore che ha creato il pacchetto
###   $prefix (String) - cartella di installazione, ad esempio "/usr/local"


## README

installer-readme-title = { $name } { $version }
installer-readme-intro = Questo archivio contiene { $name } di { $vendor }, distribuito tramite l’{ -alliance-name }.

installer-readme-verify-title = Verifica del download
installer-readme-verify = Prima di procedere con l’installazione, assicurati che l’archivio non sia stato manomesso: verificane la firma con minisign, usando la chiave pubblica pubblicata su { -channel-name }. Se la verifica non riesce, non installare il pacchetto.

installer-readme-install-title = Installazione
installer-readme-install-unix = Su Linux e su altri sistemi di tipo Unix, estrai l’archivio ed esegui ./install.sh dalla cartella estratta. Per installare in una posizione diversa da quella predefinita, aggiungi l’opzione --prefix, ad esempio: ./install.sh --prefix ~/.local
installer-readme-install-windows = Su Windows, estrai l’archivio e fai doppio clic su install.cmd, oppure esegui install.cmd dal Prompt dei comandi.

# $prefix (String) - cartella in cui è stato installato il prodotto
installer-uninstall-hint = Per rimuovere { $name } in seguito, esegui lo script di disinstallazione presente in { $prefix }.

installer-license-title = Licenza
installer-files-title = File contenuti in questo archivio

# $vendor (String) - fornitore da contattare per ricevere assistenza
installer-readme-support = Per assistenza su questo pacchetto, contatta { $vendor }. Segnala eventuali problemi di download a { -channel-name }.
# Il nome di questa lingua, scritto in questa lingua.
bundle-language-name = Italiano
