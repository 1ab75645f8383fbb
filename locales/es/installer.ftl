### Textos para los scripts de instalación y los archivos README.
###
### Estos mensajes se generan para cada paquete de proveedor y cada
### paquete del programa de mensajería que se distribuye a través de la
### { -alliance-name }, por lo que no deben presuponer un producto concreto.
### Variables comunes:
###   $name (String) - nombre del producto, p. ej., «Mensajería Spark»
###   $version (String) - número de versión, p. ej., «3.2.1»
###   $vendor (String) - nombre del proveedor que creó el paquete
###   $prefix (String) - directorio de instalación, p. ej., «/usr/local»


## README

installer-readme-title = { $name } { $version }
installer-readme-intro = Este archivo comprimido contiene { $name } de { $vendor }, distribuido a través de la { -alliance-name }.

installer-readme-verify-title = Comprobación de la descarga
installer-readme-verify = Antes de instalar, asegúrese de que el archivo no se ha manipulado: verifique su firma con minisign utilizando la clave pública publicada en { -channel-name }. Si la comprobación falla, no instale el paquete.

installer-readme-install-title = Instalación
installer-readme-install-unix = En Linux y otros sistemas de tipo Unix, descomprima el archivo y ejecute ./install.sh desde la carpeta descomprimida. Para instalar en una ubicación distinta de la predeterminada, agregue la opción --prefix, por ejemplo: ./install.sh --prefix ~/.local
installer-readme-install-windows = En Windows, descomprima el archivo y haga doble clic en install.cmd, o ejecute install.cmd desde el Símbolo del sistema.

# $prefix (String) - directorio en el que se instaló el producto
installer-uninstall-hint = Para quitar { $name } más adelante, ejecute el script de desinstalación que se encuentra en { $prefix }.

installer-license-title = Licencia
installer-files-title = Contenido del archivo comprimido

# $vendor (String) - proveedor al que hay que dirigirse para obtener ayuda
installer-readme-support = Para obtener ayuda con este paquete, póngase en contacto con { $vendor }. Comunique los problemas de descarga a { -channel-name }.


## Salida del script de instalación

installer-installing = Instalando { $name } { $version } en { $prefix }…

# $old (String) - versión instalada actualmente
installer-upgrading = Actualizando { $name } de la versión { $old } a la { $version }…
installer-already-installed = { $name } { $version } ya está instalado en { $prefix }. No hay nada que hacer.

# $count (Number) - número de archivos instalados
installer-done =
    { $count ->
        [one] { $name } se instaló correctamente. Se copió { $count } archivo.
       *[other] { $name } se instaló correctamente. Se copiaron { $count } archivos.
    }

# $reason (String) - descripción breve del error
installer-failed = No se pudo completar la instalación: { $reason }
installer-permission-hint = Es posible que no tenga permiso para escribir en { $prefix }. Elija una carpeta de su directorio personal con --prefix o ejecute el instalador como administrador.


## Paquetes del programa de mensajería
## $language (String) - nombre del idioma escrito en ese idioma, p. ej., «Deutsch»
## $fallback (String) - nombre del idioma de la configuración regional alternativa, p. ej., «English»

bundle-readme-title = { -brand-full-name } ({ $language })
bundle-readme-language = Este paquete está en { $language }.
bundle-readme-fallback = Los textos que aún no se han traducido a { $language } se muestran en { $fallback }.
bundle-language-name = Español
