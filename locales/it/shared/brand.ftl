### Termini di marchio condivisi per Spark e per l’alleanza di software.
###
### Questo file definisce solo termini Fluent (i loro ID iniziano con «-»).
### I termini non vengono mai mostrati da soli: messenger.ftl, installer.ftl e
### i modelli dei fornitori vi fanno riferimento come { -brand-name } e così via.
### Scrivere i nomi dei prodotti esattamente come li scrivono i titolari dei marchi.

# Nome breve del prodotto, usato nella maggior parte dei testi dell’interfaccia e nei titoli delle finestre.
-brand-name = Spark

# Nome completo del prodotto, usato nella finestra Informazioni, negli installer e nei file README.
-brand-full-name = Spark Messenger

# Gli sviluppatori originali del programma di messaggistica.
-vendor-name = Progetto Spark

# Il gruppo di fornitori che distribuisce tutti i pacchetti tramite un unico canale di download.
-alliance-name = Alleanza Software Kindling

# Il canale di download condiviso gestito dall’alleanza.
-channel-name = Download Kindling
