# Traduzione in corso: le sezioni non ancora tradotte vengono mostrate in inglese.

### Testi dell’interfaccia utente del programma di messaggistica istantanea Spark.
###
### I nomi del marchio e dell’alleanza provengono da shared/brand.ftl e vengono
### richiamati come termini, ad esempio { -brand-name }. Gli ID dei messaggi iniziano
### con il nome della sezione a cui appartengono (login-, presence-, contacts-, chat-,
### lan-, transfer-, settings-, error-, about-).


## Finestra di accesso

login-window-title = Accedi a { -brand-name }
login-heading = Benvenuto in { -brand-name }
login-subheading = Chatta con chiunque sulla tua rete locale, senza bisogno di un server.

login-nickname =
    .label = Nickname
    .placeholder = Il nome con cui ti vedranno gli altri
login-password =
    .label = Password
    .placeholder = Facoltativa
login-remember-me =
    .label = Ricordami su questo computer
    .accesskey = R
login-button =
    .label = Accedi
    .accesskey = A

login-in-progress = Accesso in corso…
login-failed = Accesso non riuscito. Controlla nickname e password, poi riprova.

# $reason (String) - breve descrizione tecnica del problema
login-failed-reason = Accesso non riuscito: { $reason }

# $name (String) - il nickname che l’utente ha provato a usare
login-nickname-taken = Il nickname «{ $name }» è già in uso su questa rete. Scegline un altro.

# $max (Number) - numero massimo di caratteri consentiti in un nickname
login-nickname-too-long =
    { $max ->
        [one] Il nickname può contenere al massimo { $max } carattere.
       *[other] Il nickname può contenere al massimo { $max } caratteri.
    }

# $name (String) - il nickname dell’utente
login-signed-in-as = Accesso effettuato come { $name }
login-sign-out = Esci


## Stato
## Questi nomi di stato vengono mostrati nel menu dello stato e accanto a ogni contatto.

presence-online = In linea
presence-away = Assente
presence-busy = Occupato
presence-invisible = Invisibile
presence-offline = Non in linea

presence-change-status =
    .label = Imposta stato
    .tooltip = Scegli come ti vedono gli altri sulla tua rete

presence-invisible-hint = Nello stato «{ presence-invisible }» puoi comunque vedere gli altri, ma per loro risulti «{ presence-offline }».

# $minutes (Number) - tempo di inattività dopo il quale lo stato diventa Assente
presence-auto-away =
    { $minutes ->
        [one] Imposta il mio stato su «{ presence-away }» dopo { $minutes } minuto di inattività
       *[other] Imposta il mio stato su «{ presence-away }» dopo { $minutes } minuti di inattività
    }

# $time (String) - già formattato, ad esempio "10:42" o "ieri"
presence-last-seen = Ultimo accesso: { $time }


## Contatti e gruppi

contacts-title = Contatti
contacts-search =
    .placeholder = Cerca contatti
contacts-add =
    .label = Aggiungi contatto…
    .tooltip = Aggiungi una persona della tua rete all’elenco dei contatti
contacts-remove = Rimuovi contatto

# $name (String) - nickname del contatto
contacts-remove-confirm = Rimuovere { $name } dai contatti?
contacts-added = { $name } è ora tra i tuoi contatti.
contacts-removed = { $name } non è più tra i tuoi contatti.

# $count (Number) - numero di contatti attualmente in linea
contacts-online-count =
    { $count ->
        [one] { $count } contatto in linea
       *[other] { $count } contatti in linea
    }

# $count (Number) - numero totale di contatti nell’elenco
contacts-total-count =
    { $count ->
        [one] { $count } contatto
       *[other] { $count } contatti
    }

contacts-empty = Non hai ancora nessun contatto. Esegui una scansione della rete per trovare persone nelle vicinanze.

contacts-group-new = Nuovo gruppo…
contacts-group-rename = Rinomina gruppo
contacts-group-delete = Elimina gruppo
contacts-group-name =
    .placeholder = Nome del gruppo
# Nome del gruppo predefinito per i contatti che non appartengono a nessun altro gruppo.
contacts-group-default = Altri contatti

# $group (String) - nome del gruppo da eliminare
contacts-group-delete-confirm = Eliminare il gruppo «{ $group }»? I suoi contatti verranno spostati in «{ contacts-group-default }».

# Intestazione del gruppo nell’elenco dei contatti.
# $group (String) - nome del gruppo
# $online (Number) - contatti di questo gruppo che sono in linea
# $total (Number) - tutti i contatti di questo gruppo
contacts-group-summary = { $group } ({ $online }/{ $total })


## Finestra di chat

# $name (String) - nickname della persona con cui stai chattando
chat-window-title = Chat con { $name }
chat-input =
    .placeholder = Scrivi un messaggio…
chat-send =
    .label = Invia
    .accesskey = I

# $name (String) - nickname della persona che sta scrivendo
chat-typing = { $name } sta scrivendo…

# $count (Number) - numero di persone che stanno scrivendo in una chat di gruppo
chat-typing-many =
    { $count ->
        [one] { $count } persona sta scrivendo…
       *[other] { $count } persone stanno scrivendo…
    }

chat-sending = Invio in corso…
chat-delivered = Consegnato
chat-read = Letto

# $time (String) - ora già formattata, ad esempio "10:42"
chat-read-at = Letto alle { $time }
chat-send-failed = Non consegnato. Fai clic per riprovare.

# $count (Number) - numero di messaggi non letti
chat-unread =
    { $count ->
        [one] { $count } messaggio non letto
       *[other] { $count } messaggi non letti
    }

chat-notification-title = Nuovo messaggio da { $name }
chat-today = Oggi
chat-yesterday = Ieri
chat-copy = Copia

chat-history =
    .label = Cronologia
    .tooltip = Mostra i messaggi precedenti di questa conversazione
chat-history-empty = Ancora nessun messaggio con { $name }. Inizia tu con un saluto!
chat-clear-history = Cancella cronologia…
chat-clear-history-confirm = Cancellare tutta la cronologia della chat con { $name }? Questa operazione non può essere annullata.
chat-clear-history-button = Cancella cronologia
chat-peer-offline = { $name } non è in linea. I tuoi messaggi verranno consegnati al suo ritorno.
