### Тексты для сценариев установки и файлов README.
###
### Эти сообщения используются для каждого пакета поставщика и каждой
### сборки мессенджера, распространяемых через { -alliance-name }, поэтому
### в них нельзя рассчитывать на конкретный продукт. Общие переменные:
###   $name (String) - название продукта, например «Мессенджер Spark»
###   $version (String) - номер версии, например «3.2.1»
###   $vendor (String) - название поставщика, собравшего пакет
###   $prefix (String) - папка установки, например «/usr/local»


## README

installer-readme-title = { $name } { $version }
installer-readme-intro = В этом архиве: { $name } (поставщик: { $vendor }). Пакет распространяется через { -alliance-name }.

installer-readme-verify-title = Проверка загруженного архива
installer-readme-verify = Перед установкой убедитесь, что архив не был изменён: проверьте его подпись с помощью minisign и открытого ключа, который публикует { -channel-name }. Если проверка не пройдена, не устанавливайте пакет.

installer-readme-install-title = Установка
installer-readme-install-unix = В Linux и других Unix-подобных системах распакуйте архив и запустите ./install.sh из распакованной папки. Чтобы выполнить установку не в папку по умолчанию, а в другое место, добавьте параметр --prefix, например: ./install.sh --prefix ~/.local
installer-readme-install-windows = В Windows распакуйте архив и дважды щёлкните файл install.cmd или запустите install.cmd из командной строки.

# $prefix (String) - папка, в которую установлен продукт
installer-uninstall-hint = Чтобы впоследствии удалить { $name }, запустите сценарий удаления из папки { $prefix }.

installer-license-title = Лицензия
installer-files-title = Файлы в архиве

# $vendor (String) - поставщик, к которому следует обращаться за помощью
installer-readme-support = Если вам нужна помощь с этим пакетом, обратитесь к поставщику: { $vendor }. О проблемах с загрузкой сообщайте в { -channel-name }.


## Вывод сценария установки

installer-installing = Установка { $name } { $version } в { $prefix }…

# $old (String) - версия, которая установлена сейчас
installer-upgrading = Обновление { $name } с версии { $old } до версии { $version }…
installer-already-installed = Версия { $version } продукта { $name } уже установлена в { $prefix }. Никаких действий не требуется.

# $count (Number) - количество установленных файлов
installer-done =
    { $count ->
        [one] Установка { $name } завершена. Скопирован { $count } файл.
        [few] Установка { $name } завершена. Скопировано { $count } файла.
        [many] Установка { $name } завершена. Скопировано { $count } файлов.
       *[other] Установка { $name } завершена. Скопировано { $count } файла.
    }

# $reason (String) - краткое описание ошибки
installer-failed = Не удалось выполнить установку: { $reason }
installer-permission-hint = Возможно, у вас нет прав на запись в { $prefix }. Укажите с помощью параметра --prefix папку в своём домашнем каталоге или запустите установщик от имени администратора.


## Сборки мессенджера
## $language (String) - название языка на этом же языке, например «Deutsch»
## $fallback (String) - название резервного языка, например «English»

bundle-readme-title = { -brand-full-name } ({ $language })
bundle-readme-language = Язык этой сборки: { $language }.
bundle-readme-fallback = Тексты, которые ещё не переведены на язык «{ $language }», отображаются на языке «{ $fallback }».
bundle-language-name = Русский
