### Texts for installer scripts and README files.
###
### These messages are rendered for every vendor package and every
### messenger bundle shipped through the { -alliance-name }, so they must
### not assume a particular product. Common variables:
###   $name (String) - product name, e.g. "Spark Messenger"
###   $version (String) - version number, e.g. "3.2.1"
###   $vendor (String) - name of the vendor that built the package
###   $prefix (String) - installation directory, e.g. "/usr/local"


## README

installer-readme-title = { $name } { $version }
installer-readme-intro = This archive contains { $name } by { $vendor }, distributed through the { -alliance-name }.

installer-readme-verify-title = Checking the download
installer-readme-verify = Before installing, make sure the archive has not been tampered with: verify its signature with minisign, using the public key published on { -channel-name }. If the check fails, do not install the package.

installer-readme-install-title = Installation
installer-readme-install-unix = On Linux and other Unix-like systems, unpack the archive and run ./install.sh from the unpacked folder. To install somewhere other than the default location, add the --prefix option, for example: ./install.sh --prefix ~/.local
installer-readme-install-windows = On Windows, unpack the archive and double-click install.cmd, or run install.cmd from a Command Prompt.

# $prefix (String) - directory the product was installed into
installer-uninstall-hint = To remove { $name } later, run the uninstall script in { $prefix }.

installer-license-title = License
installer-files-title = Files in this archive

# $vendor (String) - vendor to contact for help
installer-readme-support = For help with this package, contact { $vendor }. Report download problems to { -channel-name }.


## Installer script output

installer-installing = Installing { $name } { $version } into { $prefix }…

# $old (String) - version that is currently installed
installer-upgrading = Upgrading { $name } from { $old } to { $version }…
installer-already-installed = { $name } { $version } is already installed in { $prefix }. Nothing to do.

# $count (Number) - number of files that were installed
installer-done =
    { $count ->
        [one] { $name } is installed. { $count } file was copied.
       *[other] { $name } is installed. { $count } files were copied.
    }

# $reason (String) - short description of the error
installer-failed = Installation failed: { $reason }
installer-permission-hint = You may not have permission to write to { $prefix }. Choose a folder in your home directory with --prefix, or run the installer as an administrator.


## Messenger bundles
## $language (String) - language name written in that language, e.g. "Deutsch"
## $fallback (String) - language name of the fallback locale, e.g. "English"

bundle-readme-title = { -brand-full-name } ({ $language })
bundle-readme-language = This bundle speaks { $language }.
bundle-readme-fallback = Any text that has not been translated into { $language } yet is shown in { $fallback }.
# The name of this language, written in this language (its autonym).
bundle-language-name = English
