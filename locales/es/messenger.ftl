### Textos de la interfaz de usuario del programa de mensajería instantánea Spark.
###
### Los nombres de la marca y de la alianza proceden de shared/brand.ftl y se
### referencian como términos, por ejemplo { -brand-name }. Los identificadores
### de los mensajes empiezan por el nombre de la sección a la que pertenecen
### (login-, presence-, contacts-, chat-, lan-, transfer-, settings-, error-, about-).


## Ventana de inicio de sesión

login-window-title = Iniciar sesión en { -brand-name }
login-heading = Le damos la bienvenida a { -brand-name }
login-subheading = Chatee con todas las personas de su red local. No se necesita ningún servidor.

login-nickname =
    .label = Alias
    .placeholder = Cómo le verán los demás
login-password =
    .label = Contraseña
    .placeholder = Opcional
login-remember-me =
    .label = Recordarme en este equipo
    .accesskey = R
login-button =
    .label = Iniciar sesión
    .accesskey = I

login-in-progress = Iniciando sesión…
login-failed = No se pudo iniciar sesión. Compruebe su alias y su contraseña e inténtelo de nuevo.

# $reason (String) - descripción técnica breve de lo que salió mal
login-failed-reason = No se pudo iniciar sesión: { $reason }

# $name (String) - el alias que el usuario intentó usar
login-nickname-taken = El alias «{ $name }» ya está en uso en esta red. Elija otro.

# $max (Number) - número máximo de caracteres permitido en un alias
login-nickname-too-long =
    { $max ->
        [one] El alias puede tener como máximo { $max } carácter.
       *[other] El alias puede tener como máximo { $max } caracteres.
    }

# $name (String) - el alias del propio usuario
login-signed-in-as = Sesión iniciada como { $name }
login-sign-out = Cerrar sesión


## Estado de conexión
## Estos nombres de estado se muestran en el menú de estado y junto a cada contacto.

presence-online = En línea
presence-away = Ausente
presence-busy = Ocupado
presence-invisible = Invisible
presence-offline = Desconectado

presence-change-status =
    .label = Establecer estado
    .tooltip = Elija cómo le ven los demás en su red

presence-invisible-hint = Mientras su estado sea { presence-invisible }, podrá seguir viendo a los demás, pero ellos le verán con el estado { presence-offline }.

# $minutes (Number) - tiempo de inactividad tras el cual el estado cambia a Ausente
presence-auto-away =
    { $minutes ->
        [one] Cambiar mi estado a { presence-away } tras { $minutes } minuto de inactividad
       *[other] Cambiar mi estado a { presence-away } tras { $minutes } minutos de inactividad
    }

# $time (String) - ya formateado, p. ej., «10:42» o «ayer»
presence-last-seen = Última conexión: { $time }


## Contactos y grupos

contacts-title = Contactos
contacts-search =
    .placeholder = Buscar contactos
contacts-add =
    .label = Agregar contacto…
    .tooltip = Agregue a alguien de su red a su lista de contactos
contacts-remove = Quitar contacto

# $name (String) - alias del contacto
contacts-remove-confirm = ¿Quitar a { $name } de sus contactos?
contacts-added = { $name } se agregó a sus contactos.
contacts-removed = { $name } se quitó de sus contactos.

# $count (Number) - número de contactos que están en línea en este momento
contacts-online-count =
    { $count ->
        [one] { $count } contacto en línea
       *[other] { $count } contactos en línea
    }

# $count (Number) - número total de contactos de la lista
contacts-total-count =
    { $count ->
        [one] { $count } contacto
       *[other] { $count } contactos
    }

contacts-empty = Todavía no tiene ningún contacto. Escanee su red para encontrar a personas cercanas.

contacts-group-new = Nuevo grupo…
contacts-group-rename = Cambiar nombre del grupo
contacts-group-delete = Eliminar grupo
contacts-group-name =
    .placeholder = Nombre del grupo
# Nombre del grupo integrado para los contactos que no pertenecen a ningún otro grupo.
contacts-group-default = Otros contactos

# $group (String) - nombre del grupo que se va a eliminar
contacts-group-delete-confirm = ¿Eliminar el grupo «{ $group }»? Sus contactos se moverán a «{ contacts-group-default }».

# Encabezado de grupo en la lista de contactos.
# $group (String) - nombre del grupo
# $online (Number) - contactos de este grupo que están en línea
# $total (Number) - todos los contactos de este grupo
contacts-group-summary = { $group } ({ $online }/{ $total })


## Ventana de chat

# $name (String) - alias de la persona con la que está chateando
chat-window-title = Chat con { $name }
chat-input =
    .placeholder = Escriba un mensaje…
chat-send =
    .label = Enviar
    .accesskey = E

# $name (String) - alias de la persona que está escribiendo
chat-typing = { $name } está escribiendo…

# $count (Number) - número de personas que están escribiendo en un chat de grupo
chat-typing-many =
    { $count ->
        [one] { $count } persona está escribiendo…
       *[other] { $count } personas están escribiendo…
    }

chat-sending = Enviando…
chat-delivered = Entregado
chat-read = Leído

# $time (String) - hora ya formateada, p. ej., «10:42»
chat-read-at = Leído: { $time }
chat-send-failed = No se entregó. Haga clic para volver a intentarlo.

# $count (Number) - número de mensajes no leídos
chat-unread =
    { $count ->
        [one] { $count } mensaje no leído
       *[other] { $count } mensajes no leídos
    }

chat-notification-title = Nuevo mensaje de { $name }
chat-today = Hoy
chat-yesterday = Ayer
chat-copy = Copiar

chat-history =
    .label = Historial
    .tooltip = Mostrar los mensajes anteriores de esta conversación
chat-history-empty = Todavía no hay mensajes con { $name }. ¡Envíe un saludo!
chat-clear-history = Borrar historial…
chat-clear-history-confirm = ¿Borrar todo el historial de chat con { $name }? Esta acción no se puede deshacer.
chat-clear-history-button = Borrar historial
chat-peer-offline = { $name } no está en línea. Sus mensajes se entregarán cuando vuelva a conectarse.


## Detección en la red local
## Spark encuentra a otros usuarios mediante difusión en la red local.

lan-scan =
    .label = Escanear la red
    .accesskey = n
lan-scanning = Escaneando su red…

# $count (Number) - número de otros usuarios de Spark encontrados
lan-found =
    { $count ->
        [one] Se encontró { $count } persona en su red
       *[other] Se encontraron { $count } personas en su red
    }

lan-no-peers = No se encontró a nadie más en su red.

# $port (Number) - puerto UDP usado para la detección
lan-firewall-hint = ¿Esperaba ver a alguien? Asegúrese de que su cortafuegos permita a { -brand-name } usar el puerto UDP { $port }.

# $subnet (String) - red en notación CIDR, p. ej., «192.168.1.0/24»
lan-subnet = Subred: { $subnet }
lan-other-subnet =
    .label = Escanear también esta subred
    .placeholder = Por ejemplo, 192.168.2.0/24

# $name (String) - alias del usuario
lan-peer-joined = { $name } se unió a la red.
lan-peer-left = { $name } salió de la red.

# $address (String) - dirección IP del otro equipo
lan-peer-address = { $name } en { $address }


## Transferencia de archivos e imágenes

transfer-send-file =
    .label = Enviar archivo…
    .accesskey = a
transfer-send-image =
    .label = Enviar imagen…
    .accesskey = i

# $name (String) - alias del remitente
# $file (String) - nombre del archivo
# $size (String) - tamaño legible, como «2,4 MB»
transfer-incoming = { $name } quiere enviarle { $file } ({ $size }).

# $count (Number) - número de archivos
transfer-file-count =
    { $count ->
        [one] { $count } archivo
       *[other] { $count } archivos
    }

transfer-accept = Aceptar
transfer-decline = Rechazar
transfer-save-as = Guardar como…
transfer-cancel = Cancelar

# $name (String) - alias del destinatario
transfer-waiting = Esperando a que { $name } acepte…
transfer-declined = { $name } rechazó { $file }.

# $percent (Number) - de 0 a 100
transfer-progress = Enviando { $file }… { $percent } %

# $done (String) - cantidad ya transferida en formato legible, p. ej., «1,2 MB»
# $size (String) - tamaño total en formato legible, p. ej., «2,4 MB»
# $percent (Number) - de 0 a 100
transfer-progress-detail = { $done } de { $size } ({ $percent } %)

transfer-complete = { $file } se transfirió correctamente.
transfer-failed = No se pudo transferir { $file }.
transfer-cancelled = Se canceló la transferencia de { $file }.

transfer-open-file = Abrir
transfer-show-in-folder = Mostrar en la carpeta

transfer-image-preview =
    .alt = Vista previa de { $file }
    .title = Haga clic para abrir la imagen a tamaño completo

# $max (String) - límite de tamaño en formato legible, p. ej., «2 GB»
transfer-too-large = { $file } es demasiado grande para enviarlo. El tamaño máximo de archivo es { $max }.


## Configuración

settings-title = Configuración
settings-language =
    .label = Idioma
settings-language-system = Usar el idioma del sistema
settings-restart-required = Reinicie { -brand-name } para aplicar el nuevo idioma.

settings-theme =
    .label = Tema
settings-theme-system = Igual que el sistema
settings-theme-light = Claro
settings-theme-dark = Oscuro

settings-notifications =
    .label = Mostrar notificaciones de escritorio para los mensajes nuevos
    .accesskey = M
settings-sounds =
    .label = Reproducir sonidos
    .accesskey = R
settings-start-at-login =
    .label = Iniciar { -brand-name } al iniciar sesión en el equipo
    .accesskey = I

settings-download-folder =
    .label = Guardar los archivos recibidos en
settings-download-folder-choose =
    .label = Elegir…
    .accesskey = E

settings-port =
    .label = Número de puerto
    .placeholder = 2425

# $port (Number) - el puerto predeterminado
settings-port-hint = Valor predeterminado: { $port }. Todos los usuarios de su red deben usar el mismo puerto.

# $min (Number) - puerto más bajo permitido
# $max (Number) - puerto más alto permitido
settings-port-invalid = Escriba un número de puerto entre { $min } y { $max }.

settings-save = Guardar
settings-cancel = Cancelar


## Errores

error-connection-lost = Se perdió la conexión. Intentando volver a conectar…
error-network-unavailable = No hay conexión de red. { -brand-name } seguirá buscando.

# $port (Number) - el número de puerto que ya está ocupado
error-port-in-use = Otro programa ya está usando el puerto { $port }. Elija otro puerto en Configuración.

# $file (String) - nombre del archivo que no se pudo guardar
error-disk-full = No hay suficiente espacio en disco para guardar { $file }.

# $name (String) - alias del usuario al que no se puede contactar
error-peer-unreachable = No se puede contactar con { $name }. Es posible que se haya desconectado o que esté detrás de un cortafuegos.

error-file-not-found = No se encontró { $file }. Es posible que se haya movido o eliminado.

# $path (String) - carpeta en la que no se pudo escribir
error-permission-denied = { -brand-name } no tiene permiso para escribir en { $path }.

# $reason (String) - descripción técnica breve del error
error-unexpected = Se produjo un error: { $reason }


## Cuadro de diálogo Acerca de

about-title = Acerca de { -brand-name }

# $version (String) - número de versión, p. ej., «3.2.1»
about-version = { -brand-name } { $version }
about-description = Una pequeña aplicación de mensajería instantánea para su red local.
about-history = La primera versión de { -brand-name } ocupaba 270 KB y funcionaba en un 386. Sigue sin pedir mucho.

# $year (Number) - año de publicación
about-copyright = © { $year } { -vendor-name }
about-license = { -brand-full-name } es software libre, publicado bajo la licencia MIT o Apache 2.0.
about-built-for = Creado para la { -alliance-name }
about-check-updates =
    .label = Buscar actualizaciones
    .accesskey = u
about-update-available = { -brand-name } { $version } está disponible en { -channel-name }.
about-up-to-date = Está usando la versión más reciente.
