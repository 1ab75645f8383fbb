### Términos de marca compartidos de Spark y de la alianza de software.
###
### Este archivo solo define términos de Fluent (sus identificadores empiezan por «-»).
### Los términos nunca se muestran por sí solos: messenger.ftl, installer.ftl y
### las plantillas de los proveedores hacen referencia a ellos como { -brand-name }, etc.
### Escriba los nombres de producto exactamente como lo hacen sus titulares.

# Nombre corto del producto, usado en la mayoría de los textos de la interfaz y en los títulos de ventana.
-brand-name = Spark

# Nombre completo del producto, usado en el cuadro «Acerca de», los instaladores y los archivos README.
-brand-full-name = Mensajería Spark

# Los desarrolladores originales del programa de mensajería.
-vendor-name = Proyecto Spark

# El grupo de proveedores que distribuye todos los paquetes a través de un único canal de descarga.
-alliance-name = Alianza de Software Kindling

# El canal de descarga compartido que gestiona la alianza.
-channel-name = Descargas Kindling
