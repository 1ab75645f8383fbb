### Textes des scripts d’installation et des fichiers README.
###
### Ces messages sont générés pour chaque paquet d’éditeur et chaque
### version groupée de la messagerie distribuée par l’{ -alliance-name } ; ils ne doivent donc
### pas supposer un produit particulier. Variables courantes :
###   $name (String) - nom du produit, par exemple « Messagerie Spark »
###   $version (String) - numéro de version, par exemple « 3.2.1 »
###   $vendor (String) - nom de l’éditeur qui a créé le paquet
###   $prefix (String) - répertoire d’installation, par exemple « /usr/local »


## README

installer-readme-title = { $name } { $version }
installer-readme-intro = Cette archive contient { $name }, de { $vendor }. Sa distribution est assurée par l’{ -alliance-name }.

installer-readme-verify-title = Vérification du téléchargement
installer-readme-verify = Avant l’installation, assurez-vous que l’archive n’a pas été altérée : vérifiez sa signature avec minisign, à l’aide de la clé publique publiée sur { -channel-name }. Si la vérification échoue, n’installez pas le paquet.

installer-readme-install-title = Installation
installer-readme-install-unix = Sous Linux et les autres systèmes de type Unix, décompressez l’archive et exécutez ./install.sh depuis le dossier décompressé. Pour effectuer l’installation ailleurs qu’à l’emplacement par défaut, ajoutez l’option --prefix, par exemple : ./install.sh --prefix ~/.local
installer-readme-install-windows = Sous Windows, décompressez l’archive et double-cliquez sur install.cmd, ou exécutez install.cmd depuis une invite de commandes.

# $prefix (String) - répertoire dans lequel le produit a été installé
installer-uninstall-hint = Pour désinstaller { $name } ultérieurement, exécutez le script de désinstallation situé dans { $prefix }.

installer-license-title = Licence
installer-files-title = Fichiers de cette archive

# $vendor (String) - éditeur à contacter pour obtenir de l’aide
installer-readme-support = Pour obtenir de l’aide sur ce paquet, contactez { $vendor }. Signalez les problèmes de téléchargement sur { -channel-name }.


## Sortie du script d’installation

installer-installing = Installation de { $name } { $version } dans { $prefix }…

# $old (String) - version actuellement installée
installer-upgrading = Mise à jour de { $name } de la version { $old } vers la version { $version }…
installer-already-installed = La version { $version } de { $name } est déjà installée dans { $prefix }. Aucune action n’est nécessaire.

# $count (Number) - nombre de fichiers installés
installer-done =
    { $count ->
        [one] Installation de { $name } terminée. { $count } fichier a été copié.
       *[other] Installation de { $name } terminée. { $count } fichiers ont été copiés.
    }

# $reason (String) - brève description de l’erreur
installer-failed = Échec de l’installation : { $reason }
installer-permission-hint = Vous n’avez peut-être pas l’autorisation d’écrire dans { $prefix }. Choisissez un dossier de votre répertoire personnel avec --prefix, ou lancez le programme d’installation en tant qu’administrateur.


## Versions groupées de la messagerie
## $language (String) - nom de la langue écrit dans cette langue, par exemple « Deutsch »
## $fallback (String) - nom de la langue de la locale de repli, par exemple « English »

bundle-readme-title = { -brand-full-name } ({ $language })
bundle-readme-language = Langue de cette version : { $language }.
bundle-readme-fallback = Tout texte qui n’a pas encore été traduit en { $language } s’affiche en { $fallback }.
bundle-language-name = Français
