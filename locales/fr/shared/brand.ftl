### Termes de marque partagés pour Spark et l’alliance de logiciels.
###
### Ce fichier ne définit que des termes Fluent (leurs identifiants commencent par « - »).
### Les termes ne sont jamais affichés seuls : messenger.ftl, installer.ftl et
### les modèles des éditeurs y font référence sous la forme { -brand-name }, etc.
### Conservez les noms de produits tels que les écrivent les détenteurs des marques.

# Nom court du produit, utilisé dans la plupart des textes de l’interface et des titres de fenêtres.
-brand-name = Spark

# Nom complet du produit, utilisé dans la boîte de dialogue « À propos », les programmes d’installation et les fichiers README.
-brand-full-name = Messagerie Spark

# Les développeurs en amont de la messagerie.
-vendor-name = Projet Spark

# Le groupe d’éditeurs qui distribue tous les paquets par un canal de téléchargement commun.
-alliance-name = Alliance logicielle Kindling

# Le canal de téléchargement commun géré par l’alliance.
-channel-name = Téléchargements Kindling
