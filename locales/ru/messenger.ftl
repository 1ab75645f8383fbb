### Строки интерфейса мессенджера Spark.
###
### Названия бренда и альянса берутся из shared/brand.ftl, ссылки на них
### оформляются как термины, например { -brand-name }. Идентификаторы сообщений
### начинаются с названия раздела, к которому они относятся (login-, presence-,
### contacts-, chat-, lan-, transfer-, settings-, error-, about-).


## Окно входа

login-window-title = Вход в { -brand-name }
login-heading = Добро пожаловать в { -brand-name }
login-subheading = Общайтесь со всеми в локальной сети. Сервер не нужен.

login-nickname =
    .label = Псевдоним
    .placeholder = Так вас будут видеть другие
login-password =
    .label = Пароль
    .placeholder = Необязательно
login-remember-me =
    .label = Запомнить меня на этом компьютере
    .accesskey = З
login-button =
    .label = Войти
    .accesskey = В

login-in-progress = Выполняется вход…
login-failed = Не удалось войти. Проверьте псевдоним и пароль и повторите попытку.

# $reason (String) - краткое техническое описание проблемы
login-failed-reason = Не удалось войти: { $reason }

# $name (String) - псевдоним, который пытался использовать пользователь
login-nickname-taken = Псевдоним «{ $name }» уже используется в этой сети. Выберите другой.

# $max (Number) - максимально допустимое количество символов в псевдониме
login-nickname-too-long =
    { $max ->
        [one] Длина псевдонима не должна превышать { $max } символ.
        [few] Длина псевдонима не должна превышать { $max } символа.
        [many] Длина псевдонима не должна превышать { $max } символов.
       *[other] Длина псевдонима не должна превышать { $max } символа.
    }

# $name (String) - собственный псевдоним пользователя
login-signed-in-as = Вы вошли как { $name }
login-sign-out = Выйти


## Статус
## Эти названия статусов показываются в меню статуса и рядом с каждым контактом.

presence-online = В сети
presence-away = Нет на месте
presence-busy = Занят
presence-invisible = Невидимка
presence-offline = Не в сети

presence-change-status =
    .label = Изменить статус
    .tooltip = Выберите, как вас будут видеть другие пользователи сети

presence-invisible-hint = В режиме «{ presence-invisible }» вы по-прежнему видите других, а они видят вас в статусе «{ presence-offline }».

# $minutes (Number) - время бездействия, после которого статус меняется на «Нет на месте»
presence-auto-away =
    { $minutes ->
        [one] Устанавливать статус «{ presence-away }» после { $minutes } минуты бездействия
        [few] Устанавливать статус «{ presence-away }» после { $minutes } минут бездействия
        [many] Устанавливать статус «{ presence-away }» после { $minutes } минут бездействия
       *[other] Устанавливать статус «{ presence-away }» после { $minutes } минуты бездействия
    }

# $time (String) - уже отформатированное значение, например «10:42» или «вчера»
presence-last-seen = Последний раз в сети: { $time }


## Контакты и группы

contacts-title = Контакты
contacts-search =
    .placeholder = Поиск контактов
contacts-add =
    .label = Добавить контакт…
    .tooltip = Добавить пользователя из вашей сети в список контактов
contacts-remove = Удалить контакт

# $name (String) - псевдоним контакта
contacts-remove-confirm = Удалить пользователя { $name } из контактов?
contacts-added = Пользователь { $name } добавлен в контакты.
contacts-removed = Пользователь { $name } удалён из контактов.

# $count (Number) - количество контактов, которые сейчас в сети
contacts-online-count =
    { $count ->
        [one] { $count } контакт в сети
        [few] { $count } контакта в сети
        [many] { $count } контактов в сети
       *[other] { $count } контакта в сети
    }

# $count (Number) - общее количество контактов в списке
contacts-total-count =
    { $count ->
        [one] { $count } контакт
        [few] { $count } контакта
        [many] { $count } контактов
       *[other] { $count } контакта
    }

contacts-empty = У вас пока нет контактов. Просканируйте сеть, чтобы найти пользователей поблизости.

contacts-group-new = Новая группа…
contacts-group-rename = Переименовать группу
contacts-group-delete = Удалить группу
contacts-group-name =
    .placeholder = Название группы
# Название встроенной группы для контактов, не входящих ни в одну другую группу.
contacts-group-default = Другие контакты

# $group (String) - название удаляемой группы
contacts-group-delete-confirm = Удалить группу «{ $group }»? Её контакты будут перемещены в группу «{ contacts-group-default }».

# Заголовок группы в списке контактов.
# $group (String) - название группы
# $online (Number) - контакты этой группы, которые сейчас в сети
# $total (Number) - все контакты этой группы
contacts-group-summary = { $group } ({ $online }/{ $total })


## Окно чата

# $name (String) - псевдоним собеседника
chat-window-title = Чат с { $name }
chat-input =
    .placeholder = Введите сообщение…
chat-send =
    .label = Отправить
    .accesskey = О

# $name (String) - псевдоним пользователя, который набирает текст
chat-typing = { $name } печатает…

# $count (Number) - количество людей, набирающих текст в групповом чате
chat-typing-many =
    { $count ->
        [one] { $count } человек печатает…
        [few] { $count } человека печатают…
        [many] { $count } человек печатают…
       *[other] { $count } человека печатают…
    }

chat-sending = Отправка…
chat-delivered = Доставлено
chat-read = Прочитано

# $time (String) - уже отформатированное время, например «10:42»
chat-read-at = Прочитано в { $time }
chat-send-failed = Не доставлено. Нажмите, чтобы повторить попытку.

# $count (Number) - количество непрочитанных сообщений
chat-unread =
    { $count ->
        [one] { $count } непрочитанное сообщение
        [few] { $count } непрочитанных сообщения
        [many] { $count } непрочитанных сообщений
       *[other] { $count } непрочитанного сообщения
    }

chat-notification-title = Новое сообщение от { $name }
chat-today = Сегодня
chat-yesterday = Вчера
chat-copy = Копировать

chat-history =
    .label = История
    .tooltip = Показать более ранние сообщения этого разговора
chat-history-empty = Вы ещё не переписывались с пользователем { $name }. Поздоровайтесь!
chat-clear-history = Очистить историю…
chat-clear-history-confirm = Очистить всю историю переписки с пользователем { $name }? Это действие нельзя отменить.
chat-clear-history-button = Очистить историю
chat-peer-offline = { $name } сейчас не в сети. Ваши сообщения будут доставлены, когда этот пользователь снова подключится.


## Обнаружение в локальной сети
## Spark находит других пользователей с помощью широковещательных запросов в локальной сети.

lan-scan =
    .label = Сканировать сеть
    .accesskey = С
lan-scanning = Сканирование сети…

# $count (Number) - количество найденных пользователей Spark
lan-found =
    { $count ->
        [one] В вашей сети найден { $count } пользователь
        [few] В вашей сети найдено { $count } пользователя
        [many] В вашей сети найдено { $count } пользователей
       *[other] В вашей сети найдено { $count } пользователя
    }

lan-no-peers = В вашей сети больше никого не найдено.

# $port (Number) - UDP-порт, используемый для обнаружения
lan-firewall-hint = Ожидали кого-то увидеть? Убедитесь, что брандмауэр разрешает приложению { -brand-name } использовать UDP-порт { $port }.

# $subnet (String) - сеть в нотации CIDR, например «192.168.1.0/24»
lan-subnet = Подсеть: { $subnet }
lan-other-subnet =
    .label = Также сканировать эту подсеть
    .placeholder = Например, 192.168.2.0/24

# $name (String) - псевдоним пользователя
lan-peer-joined = { $name } теперь в сети.
lan-peer-left = { $name } больше не в сети.

# $address (String) - IP-адрес другого компьютера
lan-peer-address = { $name } по адресу { $address }


## Передача файлов и изображений

transfer-send-file =
    .label = Отправить файл…
    .accesskey = ф
transfer-send-image =
    .label = Отправить изображение…
    .accesskey = з

# $name (String) - псевдоним отправителя
# $file (String) - имя файла
# $size (String) - размер в удобном для чтения виде, например «2,4 МБ»
transfer-incoming = { $name } хочет отправить вам файл «{ $file }» ({ $size }).

# $count (Number) - количество файлов
transfer-file-count =
    { $count ->
        [one] { $count } файл
        [few] { $count } файла
        [many] { $count } файлов
       *[other] { $count } файла
    }

transfer-accept = Принять
transfer-decline = Отклонить
transfer-save-as = Сохранить как…
transfer-cancel = Отмена

# $name (String) - псевдоним получателя
transfer-waiting = Ожидание, пока { $name } примет файл…
transfer-declined = Файл «{ $file }» отклонён пользователем { $name }.

# $percent (Number) - от 0 до 100
transfer-progress = Отправка файла «{ $file }»… { $percent } %

# $done (String) - уже переданный объём в удобном для чтения виде, например «1,2 МБ»
# $size (String) - общий размер в удобном для чтения виде, например «2,4 МБ»
# $percent (Number) - от 0 до 100
transfer-progress-detail = { $done } из { $size } ({ $percent } %)

transfer-complete = Файл «{ $file }» успешно передан.
transfer-failed = Не удалось передать файл «{ $file }».
transfer-cancelled = Передача файла «{ $file }» отменена.

transfer-open-file = Открыть
transfer-show-in-folder = Показать в папке

transfer-image-preview =
    .alt = Предварительный просмотр файла «{ $file }»
    .title = Нажмите, чтобы открыть изображение в полном размере

# $max (String) - ограничение размера в удобном для чтения виде, например «2 ГБ»
transfer-too-large = Файл «{ $file }» слишком велик для отправки. Максимальный размер файла — { $max }.


## Настройки

settings-title = Настройки
settings-language =
    .label = Язык
settings-language-system = Использовать язык системы
settings-restart-required = Перезапустите { -brand-name }, чтобы применить новый язык.

settings-theme =
    .label = Тема
settings-theme-system = Как в системе
settings-theme-light = Светлая
settings-theme-dark = Тёмная

settings-notifications =
    .label = Показывать уведомления о новых сообщениях на рабочем столе
    .accesskey = у
settings-sounds =
    .label = Воспроизводить звуки
    .accesskey = з
settings-start-at-login =
    .label = Запускать { -brand-name } при входе в систему
    .accesskey = п

settings-download-folder =
    .label = Папка для полученных файлов
settings-download-folder-choose =
    .label = Выбрать…
    .accesskey = В

settings-port =
    .label = Номер порта
    .placeholder = 2425

# $port (Number) - порт по умолчанию
settings-port-hint = По умолчанию: { $port }. Все пользователи вашей сети должны использовать один и тот же порт.

# $min (Number) - наименьший допустимый порт
# $max (Number) - наибольший допустимый порт
settings-port-invalid = Введите номер порта от { $min } до { $max }.

settings-save = Сохранить
settings-cancel = Отмена


## Ошибки

error-connection-lost = Соединение потеряно. Попытка повторного подключения…
error-network-unavailable = Нет подключения к сети. { -brand-name } продолжит поиск.

# $port (Number) - номер порта, который уже занят
error-port-in-use = Порт { $port } уже используется другой программой. Выберите другой порт в настройках.

# $file (String) - имя файла, который не удалось сохранить
error-disk-full = Недостаточно места на диске для сохранения файла «{ $file }».

# $name (String) - псевдоним недоступного пользователя
error-peer-unreachable = Не удаётся связаться с пользователем { $name }. Возможно, пользователь вышел из сети или находится за брандмауэром.

error-file-not-found = Файл «{ $file }» не найден. Возможно, он был перемещён или удалён.

# $path (String) - папка, в которую не удалось выполнить запись
error-permission-denied = У приложения { -brand-name } нет прав на запись в папку { $path }.

# $reason (String) - краткое техническое описание ошибки
error-unexpected = Произошла непредвиденная ошибка: { $reason }


## Окно «О программе»

about-title = О программе { -brand-name }

# $version (String) - номер версии, например «3.2.1»
about-version = { -brand-name } { $version }
about-description = Компактный мессенджер для локальной сети.
about-history = Первая версия { -brand-name } занимала всего 270 КБ и работала на 386-м. Программа и сегодня нетребовательна к ресурсам.

# $year (Number) - год выпуска
about-copyright = © { $year } { -vendor-name }
about-license = { -brand-full-name } — свободное программное обеспечение, распространяемое на условиях лицензии MIT или Apache 2.0.
about-built-for = Сборка для распространения через { -alliance-name }
about-check-updates =
    .label = Проверить обновления
    .accesskey = о
about-update-available = Вышла версия { -brand-name } { $version }. Её можно загрузить через { -channel-name }.
about-up-to-date = Вы используете последнюю версию.
