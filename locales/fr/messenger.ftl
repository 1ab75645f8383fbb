### Textes de l’interface de la messagerie instantanée Spark.
###
### Les noms de la marque et de l’alliance proviennent de shared/brand.ftl et sont référencés
### en tant que termes, par exemple { -brand-name }. Les identifiants des messages commencent
### par le nom de la section à laquelle ils appartiennent (login-, presence-, contacts-, chat-,
### lan-, transfer-, settings-, error-, about-).


## Fenêtre de connexion

login-window-title = Connexion à { -brand-name }
login-heading = Bienvenue dans { -brand-name }
login-subheading = Discutez avec tout le monde sur votre réseau local, sans aucun serveur.

login-nickname =
    .label = Pseudonyme
    .placeholder = Le nom sous lequel les autres vous verront
login-password =
    .label = Mot de passe
    .placeholder = Facultatif
login-remember-me =
    .label = Se souvenir de moi sur cet ordinateur
    .accesskey = v
login-button =
    .label = Se connecter
    .accesskey = c

login-in-progress = Connexion en cours…
login-failed = Échec de la connexion. Vérifiez votre pseudonyme et votre mot de passe, puis réessayez.

# $reason (String) - brève description technique du problème
login-failed-reason = Échec de la connexion : { $reason }

# $name (String) - le pseudonyme que l’utilisateur a tenté d’utiliser
login-nickname-taken = Le pseudonyme « { $name } » est déjà utilisé sur ce réseau. Veuillez en choisir un autre.

# $max (Number) - nombre maximal de caractères autorisés dans un pseudonyme
login-nickname-too-long =
    { $max ->
        [one] Un pseudonyme ne peut pas dépasser { $max } caractère.
       *[other] Un pseudonyme ne peut pas dépasser { $max } caractères.
    }

# $name (String) - le pseudonyme de l’utilisateur
login-signed-in-as = Connecté en tant que { $name }
login-sign-out = Se déconnecter


## Présence
## Ces noms de statut apparaissent dans le menu de statut et à côté de chaque contact.

presence-online = En ligne
presence-away = Absent
presence-busy = Occupé
presence-invisible = Invisible
presence-offline = Hors ligne

presence-change-status =
    .label = Définir le statut
    .tooltip = Choisissez comment les autres personnes de votre réseau vous voient

presence-invisible-hint = Avec le statut « { presence-invisible } », vous voyez toujours les autres, mais ils vous voient avec le statut « { presence-offline } ».

# $minutes (Number) - durée d’inactivité après laquelle le statut passe à Absent
presence-auto-away =
    { $minutes ->
        [one] Passer au statut « { presence-away } » après { $minutes } minute d’inactivité
       *[other] Passer au statut « { presence-away } » après { $minutes } minutes d’inactivité
    }

# $time (String) - déjà mis en forme, par exemple « 10:42 » ou « hier »
presence-last-seen = Dernière activité : { $time }


## Contacts et groupes

contacts-title = Contacts
contacts-search =
    .placeholder = Rechercher des contacts
contacts-add =
    .label = Ajouter un contact…
    .tooltip = Ajouter une personne de votre réseau à votre liste de contacts
contacts-remove = Supprimer le contact

# $name (String) - pseudonyme du contact
contacts-remove-confirm = Supprimer { $name } de vos contacts ?
contacts-added = { $name } fait désormais partie de vos contacts.
contacts-removed = { $name } ne fait plus partie de vos contacts.

# $count (Number) - nombre de contacts actuellement en ligne
contacts-online-count =
    { $count ->
        [one] { $count } contact en ligne
       *[other] { $count } contacts en ligne
    }

# $count (Number) - nombre total de contacts dans la liste
contacts-total-count =
    { $count ->
        [one] { $count } contact
       *[other] { $count } contacts
    }

contacts-empty = Vous n’avez encore aucun contact. Analysez votre réseau pour trouver des personnes à proximité.

contacts-group-new = Nouveau groupe…
contacts-group-rename = Renommer le groupe
contacts-group-delete = Supprimer le groupe
contacts-group-name =
    .placeholder = Nom du groupe
# Nom du groupe intégré pour les contacts qui n’appartiennent à aucun autre groupe.
contacts-group-default = Autres contacts

# $group (String) - nom du groupe à supprimer
contacts-group-delete-confirm = Supprimer le groupe « { $group } » ? Ses contacts seront déplacés dans « { contacts-group-default } ».

# En-tête de groupe dans la liste de contacts.
# $group (String) - nom du groupe
# $online (Number) - contacts de ce groupe qui sont en ligne
# $total (Number) - ensemble des contacts de ce groupe
contacts-group-summary = { $group } ({ $online }/{ $total })


## Fenêtre de discussion

# $name (String) - pseudonyme de la personne avec qui vous discutez
chat-window-title = Discussion avec { $name }
chat-input =
    .placeholder = Saisissez un message…
chat-send =
    .label = Envoyer
    .accesskey = E

# $name (String) - pseudonyme de la personne qui écrit
chat-typing = { $name } est en train d’écrire…

# $count (Number) - nombre de personnes en train d’écrire dans une discussion de groupe
chat-typing-many =
    { $count ->
        [one] { $count } personne est en train d’écrire…
       *[other] { $count } personnes sont en train d’écrire…
    }

chat-sending = Envoi en cours…
chat-delivered = Remis
chat-read = Lu

# $time (String) - heure déjà mise en forme, par exemple « 10:42 »
chat-read-at = Lu à { $time }
chat-send-failed = Non remis. Cliquez pour réessayer.

# $count (Number) - nombre de messages non lus
chat-unread =
    { $count ->
        [one] { $count } message non lu
       *[other] { $count } messages non lus
    }

chat-notification-title = Nouveau message de { $name }
chat-today = Aujourd’hui
chat-yesterday = Hier
chat-copy = Copier

chat-history =
    .label = Historique
    .tooltip = Afficher les messages précédents de cette conversation
chat-history-empty = Aucun message échangé avec { $name } pour l’instant. Dites bonjour !
chat-clear-history = Effacer l’historique…
chat-clear-history-confirm = Effacer tout l’historique de vos discussions avec { $name } ? Cette action est irréversible.
chat-clear-history-button = Effacer l’historique
chat-peer-offline = { $name } est hors ligne. Vos messages seront remis dès son retour.


## Découverte sur le réseau local
## Spark trouve les autres utilisateurs en diffusant des messages sur le réseau local.

lan-scan =
    .label = Analyser le réseau
    .accesskey = A
lan-scanning = Analyse de votre réseau en cours…

# $count (Number) - nombre d’autres utilisateurs de Spark trouvés
lan-found =
    { $count ->
        [one] { $count } personne trouvée sur votre réseau
       *[other] { $count } personnes trouvées sur votre réseau
    }

lan-no-peers = Personne d’autre n’a été trouvé sur votre réseau.

# $port (Number) - port UDP utilisé pour la découverte
lan-firewall-hint = Vous vous attendiez à voir quelqu’un ? Vérifiez que votre pare-feu autorise { -brand-name } à utiliser le port UDP { $port }.

# $subnet (String) - réseau en notation CIDR, par exemple « 192.168.1.0/24 »
lan-subnet = Sous-réseau : { $subnet }
lan-other-subnet =
    .label = Analyser également ce sous-réseau
    .placeholder = Par exemple : 192.168.2.0/24

# $name (String) - pseudonyme de l’utilisateur
lan-peer-joined = { $name } a rejoint le réseau.
lan-peer-left = { $name } a quitté le réseau.

# $address (String) - adresse IP de l’autre ordinateur
lan-peer-address = { $name } à l’adresse { $address }


## Transfert de fichiers et d’images

transfer-send-file =
    .label = Envoyer un fichier…
    .accesskey = f
transfer-send-image =
    .label = Envoyer une image…
    .accesskey = i

# $name (String) - pseudonyme de l’expéditeur
# $file (String) - nom du fichier
# $size (String) - taille lisible, par exemple « 2,4 Mo »
transfer-incoming = { $name } souhaite vous envoyer { $file } ({ $size }).

# $count (Number) - nombre de fichiers
transfer-file-count =
    { $count ->
        [one] { $count } fichier
       *[other] { $count } fichiers
    }

transfer-accept = Accepter
transfer-decline = Refuser
transfer-save-as = Enregistrer sous…
transfer-cancel = Annuler

# $name (String) - pseudonyme du destinataire
transfer-waiting = En attente de l’acceptation par { $name }…
transfer-declined = { $name } a refusé { $file }.

# $percent (Number) - de 0 à 100
transfer-progress = Envoi de { $file }… { $percent } %

# $done (String) - quantité déjà transférée, lisible, par exemple « 1,2 Mo »
# $size (String) - taille totale lisible, par exemple « 2,4 Mo »
# $percent (Number) - de 0 à 100
transfer-progress-detail = { $done } sur { $size } ({ $percent } %)

transfer-complete = Le transfert de { $file } a réussi.
transfer-failed = Le transfert de { $file } a échoué.
transfer-cancelled = Le transfert de { $file } a été annulé.

transfer-open-file = Ouvrir
transfer-show-in-folder = Afficher dans le dossier

transfer-image-preview =
    .alt = Aperçu de { $file }
    .title = Cliquez pour ouvrir l’image en taille réelle

# $max (String) - limite de taille lisible, par exemple « 2 Go »
transfer-too-large = Le fichier { $file } est trop volumineux pour être envoyé. La taille maximale autorisée est de { $max }.


## Paramètres

settings-title = Paramètres
settings-language =
    .label = Langue
settings-language-system = Utiliser la langue du système
settings-restart-required = Redémarrez { -brand-name } pour appliquer la nouvelle langue.

settings-theme =
    .label = Thème
settings-theme-system = Identique au système
settings-theme-light = Clair
settings-theme-dark = Sombre

settings-notifications =
    .label = Afficher des notifications sur le bureau pour les nouveaux messages
    .accesskey = n
settings-sounds =
    .label = Émettre des sons
    .accesskey = m
settings-start-at-login =
    .label = Lancer { -brand-name } à l’ouverture de la session
    .accesskey = L

settings-download-folder =
    .label = Enregistrer les fichiers reçus dans
settings-download-folder-choose =
    .label = Choisir…
    .accesskey = C

settings-port =
    .label = Numéro de port
    .placeholder = 2425

# $port (Number) - le port par défaut
settings-port-hint = Par défaut : { $port }. Tous les utilisateurs de votre réseau doivent utiliser le même port.

# $min (Number) - port le plus bas autorisé
# $max (Number) - port le plus haut autorisé
settings-port-invalid = Saisissez un numéro de port compris entre { $min } et { $max }.

settings-save = Enregistrer
settings-cancel = Annuler


## Erreurs

error-connection-lost = Connexion perdue. Tentative de reconnexion…
error-network-unavailable = Aucune connexion réseau. { -brand-name } continue la recherche.

# $port (Number) - le numéro de port déjà occupé
error-port-in-use = Le port { $port } est déjà utilisé par un autre programme. Choisissez un autre port dans les paramètres.

# $file (String) - nom du fichier qui n’a pas pu être enregistré
error-disk-full = L’espace disque est insuffisant pour enregistrer { $file }.

# $name (String) - pseudonyme de l’utilisateur injoignable
error-peer-unreachable = Impossible de joindre { $name }. Cette personne s’est peut-être déconnectée ou se trouve derrière un pare-feu.

error-file-not-found = Impossible de trouver { $file }. Le fichier a peut-être été déplacé ou supprimé.

# $path (String) - dossier dans lequel l’écriture a échoué
error-permission-denied = { -brand-name } n’est pas autorisé à écrire dans { $path }.

# $reason (String) - brève description technique de l’erreur
error-unexpected = Une erreur s’est produite : { $reason }


## Boîte de dialogue « À propos »

about-title = À propos de { -brand-name }

# $version (String) - numéro de version, par exemple « 3.2.1 »
about-version = { -brand-name } { $version }
about-description = Une toute petite messagerie instantanée pour votre réseau local.
about-history = À ses débuts, { -brand-name } tenait dans 270 Ko et tournait sur un 386. Il reste toujours aussi peu gourmand.

# $year (Number) - année de publication
about-copyright = © { $year } { -vendor-name }
about-license = { -brand-full-name } est un logiciel libre, distribué sous licence MIT ou Apache 2.0.
about-built-for = Conçu pour l’{ -alliance-name }
about-check-updates =
    .label = Rechercher des mises à jour
    .accesskey = R
about-update-available = { -brand-name } { $version } est disponible sur { -channel-name }.
about-up-to-date = Vous utilisez la dernière version.
