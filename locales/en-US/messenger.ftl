### User interface strings for the Spark instant messenger.
###
### Brand and alliance names come from shared/brand.ftl and are referenced
### as terms, for example { -brand-name }. Message ids start with the name
### of the section they belong to (login-, presence-, contacts-, chat-,
### lan-, transfer-, settings-, error-, about-).


## Login window

login-window-title = Sign in to { -brand-name }
login-heading = Welcome to { -brand-name }
login-subheading = Chat with everyone on your local network. No server needed.

login-nickname =
    .label = Nickname
    .placeholder = How others will see you
login-password =
    .label = Password
    .placeholder = Optional
login-remember-me =
    .label = Remember me on this computer
    .accesskey = R
login-button =
    .label = Sign In
    .accesskey = S

login-in-progress = Signing in…
login-failed = Sign-in failed. Check your nickname and password, then try again.

# $reason (String) - short technical description of what went wrong
login-failed-reason = Sign-in failed: { $reason }

# $name (String) - the nickname the user tried to use
login-nickname-taken = The nickname “{ $name }” is already in use on this network. Please choose another one.

# $max (Number) - maximum number of characters allowed in a nickname
login-nickname-too-long =
    { $max ->
        [one] Nicknames can be at most { $max } character long.
       *[other] Nicknames can be at most { $max } characters long.
    }

# $name (String) - the user’s own nickname
login-signed-in-as = Signed in as { $name }
login-sign-out = Sign Out


## Presence
## These status names are shown in the status menu and next to each contact.

presence-online = Online
presence-away = Away
presence-busy = Busy
presence-invisible = Invisible
presence-offline = Offline

presence-change-status =
    .label = Set Status
    .tooltip = Choose how others on your network see you

presence-invisible-hint = While you are { presence-invisible }, you can still see others, but they see you as { presence-offline }.

# $minutes (Number) - idle time after which the status changes to Away
presence-auto-away =
    { $minutes ->
        [one] Set my status to { presence-away } after { $minutes } minute of inactivity
       *[other] Set my status to { presence-away } after { $minutes } minutes of inactivity
    }

# $time (String) - already formatted, e.g. "10:42" or "yesterday"
presence-last-seen = Last seen { $time }


## Contacts and groups

contacts-title = Contacts
contacts-search =
    .placeholder = Search contacts
contacts-add =
    .label = Add Contact…
    .tooltip = Add someone from your network to your contact list
contacts-remove = Remove Contact

# $name (String) - nickname of the contact
contacts-remove-confirm = Remove { $name } from your contacts?
contacts-added = { $name } was added to your contacts.
contacts-removed = { $name } was removed from your contacts.

# $count (Number) - number of contacts that are currently online
contacts-online-count =
    { $count ->
        [one] { $count } contact online
       *[other] { $count } contacts online
    }

# $count (Number) - total number of contacts in the list
contacts-total-count =
    { $count ->
        [one] { $count } contact
       *[other] { $count } contacts
    }

contacts-empty = You don’t have any contacts yet. Scan your network to find people nearby.

contacts-group-new = New Group…
contacts-group-rename = Rename Group
contacts-group-delete = Delete Group
contacts-group-name =
    .placeholder = Group name
# Name of the built-in group for contacts that are not in any other group.
contacts-group-default = Other Contacts

# $group (String) - name of the group being deleted
contacts-group-delete-confirm = Delete the group “{ $group }”? Its contacts will be moved to { contacts-group-default }.

# Group header in the contact list.
# $group (String) - group name
# $online (Number) - contacts of this group that are online
# $total (Number) - all contacts of this group
contacts-group-summary = { $group } ({ $online }/{ $total })


## Chat window

# $name (String) - nickname of the person you are chatting with
chat-window-title = Chat with { $name }
chat-input =
    .placeholder = Type a message…
chat-send =
    .label = Send
    .accesskey = d

# $name (String) - nickname of the person who is typing
chat-typing = { $name } is typing…

# $count (Number) - number of people typing in a group chat
chat-typing-many =
    { $count ->
        [one] { $count } person is typing…
       *[other] { $count } people are typing…
    }

chat-sending = Sending…
chat-delivered = Delivered
chat-read = Read

# $time (String) - already formatted time, e.g. "10:42"
chat-read-at = Read at { $time }
chat-send-failed = Not delivered. Click to try again.

# $count (Number) - number of unread messages
chat-unread =
    { $count ->
        [one] { $count } unread message
       *[other] { $count } unread messages
    }

chat-notification-title = New message from { $name }
chat-today = Today
chat-yesterday = Yesterday
chat-copy = Copy

chat-history =
    .label = History
    .tooltip = Show earlier messages in this conversation
chat-history-empty = No messages with { $name } yet. Say hello!
chat-clear-history = Clear History…
chat-clear-history-confirm = Clear your entire chat history with { $name }? This cannot be undone.
chat-clear-history-button = Clear History
chat-peer-offline = { $name } is offline. Your messages will be delivered when they come back.


## LAN discovery
## Spark finds other users by broadcasting on the local network.

lan-scan =
    .label = Scan Network
    .accesskey = N
lan-scanning = Scanning your network…

# $count (Number) - number of other Spark users found
lan-found =
    { $count ->
        [one] Found { $count } person on your network
       *[other] Found { $count } people on your network
    }

lan-no-peers = No one else was found on your network.

# $port (Number) - UDP port used for discovery
lan-firewall-hint = Expected to see someone? Make sure your firewall allows { -brand-name } to use UDP port { $port }.

# $subnet (String) - network in CIDR notation, e.g. "192.168.1.0/24"
lan-subnet = Subnet: { $subnet }
lan-other-subnet =
    .label = Also scan this subnet
    .placeholder = For example, 192.168.2.0/24

# $name (String) - nickname of the user
lan-peer-joined = { $name } joined the network.
lan-peer-left = { $name } left the network.

# $address (String) - IP address of the other computer
lan-peer-address = { $name } at { $address }


## File and image transfer

transfer-send-file =
    .label = Send File…
    .accesskey = F
transfer-send-image =
    .label = Send Image…
    .accesskey = I

# $name (String) - nickname of the sender
# $file (String) - file name
# $size (String) - human-readable size such as "2.4 MB"
transfer-incoming = { $name } wants to send you { $file } ({ $size }).

# $count (Number) - number of files
transfer-file-count =
    { $count ->
        [one] { $count } file
       *[other] { $count } files
    }

transfer-accept = Accept
transfer-decline = Decline
transfer-save-as = Save As…
transfer-cancel = Cancel

# $name (String) - nickname of the receiver
transfer-waiting = Waiting for { $name } to accept…
transfer-declined = { $name } declined { $file }.

# $percent (Number) - 0 to 100
transfer-progress = Sending { $file }… { $percent }%

# $done (String) - human-readable amount already transferred, e.g. "1.2 MB"
# $size (String) - human-readable total size, e.g. "2.4 MB"
# $percent (Number) - 0 to 100
transfer-progress-detail = { $done } of { $size } ({ $percent }%)

transfer-complete = { $file } was transferred successfully.
transfer-failed = The transfer of { $file } failed.
transfer-cancelled = The transfer of { $file } was cancelled.

transfer-open-file = Open
transfer-show-in-folder = Show in Folder

transfer-image-preview =
    .alt = Preview of { $file }
    .title = Click to open the full-size image

# $max (String) - human-readable size limit, e.g. "2 GB"
transfer-too-large = { $file } is too large to send. The maximum file size is { $max }.


## Settings

settings-title = Settings
settings-language =
    .label = Language
settings-language-system = Use system language
settings-restart-required = Restart { -brand-name } to apply the new language.

settings-theme =
    .label = Theme
settings-theme-system = Same as system
settings-theme-light = Light
settings-theme-dark = Dark

settings-notifications =
    .label = Show desktop notifications for new messages
    .accesskey = o
settings-sounds =
    .label = Play sounds
    .accesskey = P
settings-start-at-login =
    .label = Start { -brand-name } when I log in to my computer
    .accesskey = L

settings-download-folder =
    .label = Save received files to
settings-download-folder-choose =
    .label = Choose…
    .accesskey = C

settings-port =
    .label = Port number
    .placeholder = 2425

# $port (Number) - the default port
settings-port-hint = Default: { $port }. Everyone on your network must use the same port.

# $min (Number) - lowest allowed port
# $max (Number) - highest allowed port
settings-port-invalid = Enter a port number between { $min } and { $max }.

settings-save = Save
settings-cancel = Cancel


## Errors

error-connection-lost = Connection lost. Trying to reconnect…
error-network-unavailable = No network connection. { -brand-name } will keep looking.

# $port (Number) - the port number that is already taken
error-port-in-use = Port { $port } is already in use by another program. Choose a different port in Settings.

# $file (String) - name of the file that could not be saved
error-disk-full = There is not enough disk space to save { $file }.

# $name (String) - nickname of the unreachable user
error-peer-unreachable = { $name } can’t be reached. They may have gone offline or be behind a firewall.

error-file-not-found = { $file } could not be found. It may have been moved or deleted.

# $path (String) - folder that could not be written to
error-permission-denied = { -brand-name } is not allowed to write to { $path }.

# $reason (String) - short technical description of the error
error-unexpected = Something went wrong: { $reason }


## About dialog

about-title = About { -brand-name }

# $version (String) - version number, e.g. "3.2.1"
about-version = { -brand-name } { $version }
about-description = A tiny instant messenger for your local network.
about-history = { -brand-name } first fit in 270 KB and ran on a 386. It still doesn’t ask for much.

# $year (Number) - year of the release
about-copyright = © { $year } { -vendor-name }
about-license = { -brand-full-name } is free software, released under the MIT or Apache 2.0 license.
about-built-for = Built for the { -alliance-name }
about-check-updates =
    .label = Check for Updates
    .accesskey = U
about-update-available = { -brand-name } { $version } is available on { -channel-name }.
about-up-to-date = You’re using the latest version.
