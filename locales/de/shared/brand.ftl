### Gemeinsame Markenbegriffe für Spark und die Softwareallianz.
###
### Diese Datei definiert ausschließlich Fluent-Terme (ihre IDs beginnen mit „-“).
### Terme werden nie allein angezeigt: messenger.ftl, installer.ftl und
### die Vorlagen der Anbieter verweisen als { -brand-name } usw. auf sie.
### Produktnamen genau so schreiben, wie die Markeninhaber sie schreiben.

# Kurzer Produktname, wird in den meisten UI-Texten und Fenstertiteln verwendet.
-brand-name = Spark

# Vollständiger Produktname, wird im Über-Dialog, in Installationsprogrammen und READMEs verwendet.
-brand-full-name = Spark Messenger

# Die Upstream-Entwickler des Messengers.
-vendor-name = Spark-Projekt

# Der Zusammenschluss von Anbietern, der alle Pakete über einen gemeinsamen Download-Kanal ausliefert.
-alliance-name = Kindling-Softwareallianz

# Der gemeinsame Download-Kanal, den die Allianz betreibt.
-channel-name = Kindling-Downloads
