### Texte der Benutzeroberfläche des Instant Messengers Spark.
###
### Marken- und Allianznamen stammen aus shared/brand.ftl und werden
### als Terme referenziert, zum Beispiel { -brand-name }. Nachrichten-IDs beginnen
### mit dem Namen des Abschnitts, zu dem sie gehören (login-, presence-, contacts-, chat-,
### lan-, transfer-, settings-, error-, about-).


## Anmeldefenster

login-window-title = Bei { -brand-name } anmelden
login-heading = Willkommen bei { -brand-name }
login-subheading = Chatten Sie mit allen in Ihrem lokalen Netzwerk. Kein Server erforderlich.

login-nickname =
    .label = Nickname
    .placeholder = So sehen andere Sie
login-password =
    .label = Passwort
    .placeholder = Optional
login-remember-me =
    .label = Auf diesem Computer angemeldet bleiben
    .accesskey = b
login-button =
    .label = Anmelden
    .accesskey = A

login-in-progress = Anmeldung läuft…
login-failed = Anmeldung fehlgeschlagen. Überprüfen Sie Ihren Nickname und Ihr Passwort und versuchen Sie es dann erneut.

# $reason (String) - kurze technische Beschreibung des Problems
login-failed-reason = Anmeldung fehlgeschlagen: { $reason }

# $name (String) - der Nickname, den der Benutzer verwenden wollte
login-nickname-taken = Der Nickname „{ $name }“ wird in diesem Netzwerk bereits verwendet. Bitte wählen Sie einen anderen.

# $max (Number) - maximal zulässige Anzahl an Zeichen in einem Nickname
login-nickname-too-long =
    { $max ->
        [one] Ein Nickname darf höchstens { $max } Zeichen lang sein.
       *[other] Ein Nickname darf höchstens { $max } Zeichen lang sein.
    }

# $name (String) - der eigene Nickname des Benutzers
login-signed-in-as = Angemeldet als { $name }
login-sign-out = Abmelden


## Status
## Diese Statusnamen werden im Statusmenü und neben jedem Kontakt angezeigt.

presence-online = Online
presence-away = Abwesend
presence-busy = Beschäftigt
presence-invisible = Unsichtbar
presence-offline = Offline

presence-change-status =
    .label = Status festlegen
    .tooltip = Legen Sie fest, wie andere in Ihrem Netzwerk Sie sehen

presence-invisible-hint = Im Status „{ presence-invisible }“ sehen Sie andere weiterhin, für andere erscheinen Sie jedoch als „{ presence-offline }“.

# $minutes (Number) - Leerlaufzeit, nach der der Status zu „Abwesend“ wechselt
presence-auto-away =
    { $minutes ->
        [one] Meinen Status nach { $minutes } Minute Inaktivität auf „{ presence-away }“ setzen
       *[other] Meinen Status nach { $minutes } Minuten Inaktivität auf „{ presence-away }“ setzen
    }

# $time (String) - bereits formatiert, z. B. „10:42“ oder „gestern“
presence-last-seen = Zuletzt online: { $time }


## Kontakte und Gruppen

contacts-title = Kontakte
contacts-search =
    .placeholder = Kontakte durchsuchen
contacts-add =
    .label = Kontakt hinzufügen…
    .tooltip = Eine Person aus Ihrem Netzwerk zu Ihrer Kontaktliste hinzufügen
contacts-remove = Kontakt entfernen

# $name (String) - Nickname des Kontakts
contacts-remove-confirm = { $name } aus Ihren Kontakten entfernen?
contacts-added = { $name } wurde zu Ihren Kontakten hinzugefügt.
contacts-removed = { $name } wurde aus Ihren Kontakten entfernt.

# $count (Number) - Anzahl der Kontakte, die gerade online sind
contacts-online-count =
    { $count ->
        [one] { $count } Kontakt online
       *[other] { $count } Kontakte online
    }

# $count (Number) - Gesamtzahl der Kontakte in der Liste
contacts-total-count =
    { $count ->
        [one] { $count } Kontakt
       *[other] { $count } Kontakte
    }

contacts-empty = Sie haben noch keine Kontakte. Durchsuchen Sie Ihr Netzwerk, um Personen in Ihrer Nähe zu finden.

contacts-group-new = Neue Gruppe…
contacts-group-rename = Gruppe umbenennen
contacts-group-delete = Gruppe löschen
contacts-group-name =
    .placeholder = Gruppenname
# Name der integrierten Gruppe für Kontakte, die keiner anderen Gruppe angehören.
contacts-group-default = Sonstige Kontakte

# $group (String) - Name der Gruppe, die gelöscht wird
contacts-group-delete-confirm = Die Gruppe „{ $group }“ löschen? Ihre Kontakte werden nach „{ contacts-group-default }“ verschoben.

# Gruppenüberschrift in der Kontaktliste.
# $group (String) - Gruppenname
# $online (Number) - Kontakte dieser Gruppe, die online sind
# $total (Number) - alle Kontakte dieser Gruppe
contacts-group-summary = { $group } ({ $online }/{ $total })


## Chatfenster

# $name (String) - Nickname der Person, mit der Sie chatten
chat-window-title = Chat mit { $name }
chat-input =
    .placeholder = Nachricht eingeben…
chat-send =
    .label = Senden
    .accesskey = d

# $name (String) - Nickname der Person, die gerade schreibt
chat-typing = { $name } schreibt…

# $count (Number) - Anzahl der Personen, die in einem Gruppenchat gerade schreiben
chat-typing-many =
    { $count ->
        [one] { $count } Person schreibt…
       *[other] { $count } Personen schreiben…
    }

chat-sending = Wird gesendet…
chat-delivered = Zugestellt
chat-read = Gelesen

# $time (String) - bereits formatierte Uhrzeit, z. B. „10:42“
chat-read-at = Gelesen um { $time }
chat-send-failed = Nicht zugestellt. Klicken Sie, um es erneut zu versuchen.

# $count (Number) - Anzahl der ungelesenen Nachrichten
chat-unread =
    { $count ->
        [one] { $count } ungelesene Nachricht
       *[other] { $count } ungelesene Nachrichten
    }

chat-notification-title = Neue Nachricht von { $name }
chat-today = Heute
chat-yesterday = Gestern
chat-copy = Kopieren

chat-history =
    .label = Verlauf
    .tooltip = Frühere Nachrichten dieser Unterhaltung anzeigen
chat-history-empty = Noch keine Nachrichten mit { $name }. Sagen Sie Hallo!
chat-clear-history = Verlauf löschen…
chat-clear-history-confirm = Den gesamten Chatverlauf mit { $name } löschen? Dies kann nicht rückgängig gemacht werden.
chat-clear-history-button = Verlauf löschen
chat-peer-offline = { $name } ist offline. Ihre Nachrichten werden zugestellt, sobald { $name } wieder online ist.


## Netzwerkerkennung
## Spark findet andere Benutzer per Broadcast im lokalen Netzwerk.

lan-scan =
    .label = Netzwerk durchsuchen
    .accesskey = N
lan-scanning = Ihr Netzwerk wird durchsucht…

# $count (Number) - Anzahl der gefundenen anderen Spark-Benutzer
lan-found =
    { $count ->
        [one] { $count } Person in Ihrem Netzwerk gefunden
       *[other] { $count } Personen in Ihrem Netzwerk gefunden
    }

lan-no-peers = In Ihrem Netzwerk wurde sonst niemand gefunden.

# $port (Number) - für die Erkennung verwendeter UDP-Port
lan-firewall-hint = Sie haben jemanden erwartet? Stellen Sie sicher, dass Ihre Firewall { -brand-name } die Verwendung von UDP-Port { $port } erlaubt.

# $subnet (String) - Netzwerk in CIDR-Notation, z. B. „192.168.1.0/24“
lan-subnet = Subnetz: { $subnet }
lan-other-subnet =
    .label = Auch dieses Subnetz durchsuchen
    .placeholder = Zum Beispiel 192.168.2.0/24

# $name (String) - Nickname des Benutzers
lan-peer-joined = { $name } ist dem Netzwerk beigetreten.
lan-peer-left = { $name } hat das Netzwerk verlassen.

# $address (String) - IP-Adresse des anderen Computers
lan-peer-address = { $name } unter { $address }


## Datei- und Bildübertragung

transfer-send-file =
    .label = Datei senden…
    .accesskey = D
transfer-send-image =
    .label = Bild senden…
    .accesskey = B

# $name (String) - Nickname des Absenders
# $file (String) - Dateiname
# $size (String) - lesbare Größe wie „2,4 MB“
transfer-incoming = { $name } möchte Ihnen { $file } ({ $size }) senden.

# $count (Number) - Anzahl der Dateien
transfer-file-count =
    { $count ->
        [one] { $count } Datei
       *[other] { $count } Dateien
    }

transfer-accept = Annehmen
transfer-decline = Ablehnen
transfer-save-as = Speichern unter…
transfer-cancel = Abbrechen

# $name (String) - Nickname des Empfängers
transfer-waiting = Warten auf Annahme durch { $name }…
transfer-declined = { $name } hat { $file } abgelehnt.

# $percent (Number) - 0 bis 100
transfer-progress = { $file } wird gesendet… { $percent } %

# $done (String) - lesbare bereits übertragene Menge, z. B. „1,2 MB“
# $size (String) - lesbare Gesamtgröße, z. B. „2,4 MB“
# $percent (Number) - 0 bis 100
transfer-progress-detail = { $done } von { $size } ({ $percent } %)

transfer-complete = { $file } wurde erfolgreich übertragen.
transfer-failed = Die Übertragung von { $file } ist fehlgeschlagen.
transfer-cancelled = Die Übertragung von { $file } wurde abgebrochen.

transfer-open-file = Öffnen
transfer-show-in-folder = Im Ordner anzeigen

transfer-image-preview =
    .alt = Vorschau von { $file }
    .title = Klicken, um das Bild in voller Größe zu öffnen

# $max (String) - lesbare Größenbeschränkung, z. B. „2 GB“
transfer-too-large = { $file } ist zu groß zum Senden. Die maximale Dateigröße beträgt { $max }.


## Einstellungen

settings-title = Einstellungen
settings-language =
    .label = Sprache
settings-language-system = Systemsprache verwenden
settings-restart-required = Starten Sie { -brand-name } neu, um die neue Sprache zu übernehmen.

settings-theme =
    .label = Design
settings-theme-system = Wie im System
settings-theme-light = Hell
settings-theme-dark = Dunkel

settings-notifications =
    .label = Desktop-Benachrichtigungen für neue Nachrichten anzeigen
    .accesskey = B
settings-sounds =
    .label = Töne wiedergeben
    .accesskey = T
settings-start-at-login =
    .label = { -brand-name } beim Anmelden am Computer starten
    .accesskey = A

settings-download-folder =
    .label = Empfangene Dateien speichern unter
settings-download-folder-choose =
    .label = Auswählen…
    .accesskey = w

settings-port =
    .label = Portnummer
    .placeholder = 2425

# $port (Number) - der Standardport
settings-port-hint = Standard: { $port }. Alle in Ihrem Netzwerk müssen denselben Port verwenden.

# $min (Number) - niedrigster zulässiger Port
# $max (Number) - höchster zulässiger Port
settings-port-invalid = Geben Sie eine Portnummer zwischen { $min } und { $max } ein.

settings-save = Speichern
settings-cancel = Abbrechen


## Fehler

error-connection-lost = Verbindung unterbrochen. Verbindung wird wiederhergestellt…
error-network-unavailable = Keine Netzwerkverbindung. { -brand-name } sucht weiter.

# $port (Number) - die bereits belegte Portnummer
error-port-in-use = Port { $port } wird bereits von einem anderen Programm verwendet. Wählen Sie in den Einstellungen einen anderen Port.

# $file (String) - Name der Datei, die nicht gespeichert werden konnte
error-disk-full = Es ist nicht genügend Speicherplatz vorhanden, um { $file } zu speichern.

# $name (String) - Nickname des nicht erreichbaren Benutzers
error-peer-unreachable = { $name } ist nicht erreichbar. Möglicherweise ist die Person offline oder befindet sich hinter einer Firewall.

error-file-not-found = { $file } wurde nicht gefunden. Möglicherweise wurde die Datei verschoben oder gelöscht.

# $path (String) - Ordner, in den nicht geschrieben werden konnte
error-permission-denied = { -brand-name } hat keine Berechtigung, in { $path } zu schreiben.

# $reason (String) - kurze technische Beschreibung des Fehlers
error-unexpected = Ein Fehler ist aufgetreten: { $reason }


## Über-Dialog

about-title = Über { -brand-name }

# $version (String) - Versionsnummer, z. B. „3.2.1“
about-version = { -brand-name } { $version }
about-description = Ein winziger Instant-Messenger für Ihr lokales Netzwerk.
about-history = { -brand-name } passte einst in 270 KB und lief auf einem 386er. Viel verlangt es bis heute nicht.

# $year (Number) - Erscheinungsjahr der Version
about-copyright = © { $year } { -vendor-name }
about-license = { -brand-full-name } ist freie Software, veröffentlicht unter der MIT- oder Apache-2.0-Lizenz.
about-built-for = Erstellt für die { -alliance-name }
about-check-updates =
    .label = Nach Updates suchen
    .accesskey = U
about-update-available = { -brand-name } { $version } ist auf { -channel-name } verfügbar.
about-up-to-date = Sie verwenden die neueste Version.
