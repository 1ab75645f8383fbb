### Texte für Installationsskripte und README-Dateien.
###
### Diese Nachrichten werden für jedes Anbieterpaket und jedes
### Messenger-Paket gerendert, das über die { -alliance-name } ausgeliefert wird,
### dürfen also kein bestimmtes Produkt voraussetzen. Häufige Variablen:
###   $name (String) - Produktname, z. B. „Spark Messenger“
###   $version (String) - Versionsnummer, z. B. „3.2.1“
###   $vendor (String) - Name des Anbieters, der das Paket erstellt hat
###   $prefix (String) - Installationsverzeichnis, z. B. „/usr/local“


## README

installer-readme-title = { $name } { $version }
installer-readme-intro = Dieses Archiv enthält { $name } von { $vendor }, vertrieben über die { -alliance-name }.

installer-readme-verify-title = Download überprüfen
installer-readme-verify = Stellen Sie vor der Installation sicher, dass das Archiv nicht manipuliert wurde: Überprüfen Sie seine Signatur mit minisign und dem auf { -channel-name } veröffentlichten öffentlichen Schlüssel. Schlägt die Prüfung fehl, installieren Sie das Paket nicht.

installer-readme-install-title = Installation
installer-readme-install-unix = Entpacken Sie unter Linux und anderen unixartigen Systemen das Archiv und führen Sie im entpackten Ordner ./install.sh aus. Um an einem anderen als dem Standardort zu installieren, fügen Sie die Option --prefix hinzu, zum Beispiel: ./install.sh --prefix ~/.local
installer-readme-install-windows = Entpacken Sie unter Windows das Archiv und doppelklicken Sie auf install.cmd oder führen Sie install.cmd in der Eingabeaufforderung aus.

# $prefix (String) - Verzeichnis, in das das Produkt installiert wurde
installer-uninstall-hint = Um { $name } später zu entfernen, führen Sie das Deinstallationsskript in { $prefix } aus.

installer-license-title = Lizenz
installer-files-title = Dateien in diesem Archiv

# $vendor (String) - Anbieter, an den man sich für Hilfe wenden kann
installer-readme-support = Hilfe zu diesem Paket erhalten Sie von { $vendor }. Probleme beim Herunterladen melden Sie bitte an { -channel-name }.


## Ausgabe des Installationsskripts

installer-installing = { $name } { $version } wird in { $prefix } installiert…

# $old (String) - derzeit installierte Version
installer-upgrading = { $name } wird von { $old } auf { $version } aktualisiert…
installer-already-installed = { $name } { $version } ist bereits in { $prefix } installiert. Es ist nichts zu tun.

# $count (Number) - Anzahl der installierten Dateien
installer-done =
    { $count ->
        [one] { $name } wurde installiert. { $count } Datei wurde kopiert.
       *[other] { $name } wurde installiert. { $count } Dateien wurden kopiert.
    }

# $reason (String) - kurze Beschreibung des Fehlers
installer-failed = Installation fehlgeschlagen: { $reason }
installer-permission-hint = Möglicherweise fehlt Ihnen die Berechtigung, in { $prefix } zu schreiben. Wählen Sie mit --prefix einen Ordner in Ihrem Benutzerverzeichnis oder führen Sie das Installationsprogramm als Administrator aus.


## Messenger-Pakete
## $language (String) - Name der Sprache in dieser Sprache, z. B. „Deutsch“
## $fallback (String) - Name der Ersatzsprache, z. B. „English“

bundle-readme-title = { -brand-full-name } ({ $language })
bundle-readme-language = Dieses Paket spricht { $language }.
bundle-readme-fallback = Texte, die noch nicht auf { $language } übersetzt wurden, werden auf { $fallback } angezeigt.
bundle-language-name = Deutsch
