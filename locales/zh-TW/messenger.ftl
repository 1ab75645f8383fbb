### 火花即時通訊軟體的介面文字。
###
### 品牌和聯盟名稱來自 shared/brand.ftl，以術語形式引用，例如 { -brand-name }。
### 訊息識別碼以所屬區段的名稱開頭（login-、presence-、contacts-、chat-、
### lan-、transfer-、settings-、error-、about-）。


## 登入視窗

login-window-title = 登入{ -brand-name }
login-heading = 歡迎使用{ -brand-name }
login-subheading = 與區域網路上的所有人聊天，不需要伺服器。

login-nickname =
    .label = 暱稱
    .placeholder = 其他人看到的名稱
login-password =
    .label = 密碼
    .placeholder = 選填
login-remember-me =
    .label = 在這台電腦上記住我
    .accesskey = R
login-button =
    .label = 登入
    .accesskey = S

login-in-progress = 正在登入…
login-failed = 登入失敗。請檢查暱稱和密碼，然後再試一次。

# $reason (String) - 錯誤原因的簡短技術說明
login-failed-reason = 登入失敗：{ $reason }

# $name (String) - 使用者嘗試使用的暱稱
login-nickname-taken = 此網路上已有人使用暱稱「{ $name }」，請另選一個。

# $max (Number) - 暱稱允許的字元數上限
login-nickname-too-long = 暱稱最多只能有 { $max } 個字元。

# $name (String) - 使用者自己的暱稱
login-signed-in-as = 登入身分：{ $name }
login-sign-out = 登出


## 上線狀態
## 這些狀態名稱會顯示在狀態選單中，以及每位聯絡人的旁邊。

presence-online = 線上
presence-away = 離開
presence-busy = 忙碌
presence-invisible = 隱身
presence-offline = 離線

presence-change-status =
    .label = 設定狀態
    .tooltip = 選擇網路上的其他人會看到您的哪種狀態

presence-invisible-hint = 處於「{ presence-invisible }」狀態時，您仍然可以看到其他人，但他們看到的您是「{ presence-offline }」。

# $minutes (Number) - 閒置多久後狀態會變為「離開」
presence-auto-away = 閒置 { $minutes } 分鐘後，將我的狀態設為「{ presence-away }」

# $time (String) - 已格式化的時間，例如「10:42」或「昨天」
presence-last-seen = 上次上線：{ $time }


## 聯絡人與群組

contacts-title = 聯絡人
contacts-search =
    .placeholder = 搜尋聯絡人
contacts-add =
    .label = 新增聯絡人…
    .tooltip = 將網路上的使用者加入您的聯絡人清單
contacts-remove = 移除聯絡人

# $name (String) - 聯絡人的暱稱
contacts-remove-confirm = 要將 { $name } 從聯絡人中移除嗎？
contacts-added = 已將 { $name } 加入聯絡人。
contacts-removed = 已將 { $name } 從聯絡人中移除。

# $count (Number) - 目前在線上的聯絡人數
contacts-online-count = { $count } 位聯絡人在線上

# $count (Number) - 清單中的聯絡人總數
contacts-total-count = { $count } 位聯絡人

contacts-empty = 您還沒有任何聯絡人。掃描網路，找找附近的人吧。

contacts-group-new = 新增群組…
contacts-group-rename = 重新命名群組
contacts-group-delete = 刪除群組
contacts-group-name =
    .placeholder = 群組名稱
# 內建群組的名稱，用來存放不屬於其他任何群組的聯絡人。
contacts-group-default = 其他聯絡人

# $group (String) - 要刪除的群組名稱
contacts-group-delete-confirm = 要刪除群組「{ $group }」嗎？其中的聯絡人將移至「{ contacts-group-default }」。

# 聯絡人清單中的群組標題。
# $group (String) - 群組名稱
# $online (Number) - 此群組中在線上的聯絡人數
# $total (Number) - 此群組的聯絡人總數
contacts-group-summary = { $group }（{ $online }/{ $total }）


## 聊天視窗

# $name (String) - 聊天對象的暱稱
chat-window-title = 與 { $name } 聊天
chat-input =
    .placeholder = 輸入訊息…
chat-send =
    .label = 傳送
    .accesskey = d

# $name (String) - 正在輸入的人的暱稱
chat-typing = { $name } 正在輸入…

# $count (Number) - 群組聊天中正在輸入的人數
chat-typing-many = { $count } 人正在輸入…

chat-sending = 正在傳送…
chat-delivered = 已送達
chat-read = 已讀

# $time (String) - 已格式化的時間，例如「10:42」
chat-read-at = { $time } 已讀
chat-send-failed = 未送達。按一下即可重試。

# $count (Number) - 未讀訊息數
chat-unread = { $count } 則未讀訊息

chat-notification-title = 來自 { $name } 的新訊息
chat-today = 今天
chat-yesterday = 昨天
chat-copy = 複製

chat-history =
    .label = 聊天紀錄
    .tooltip = 顯示此對話中較早的訊息
chat-history-empty = 您和 { $name } 之間還沒有任何訊息。打聲招呼吧！
chat-clear-history = 清除聊天紀錄…
chat-clear-history-confirm = 要清除與 { $name } 的所有聊天紀錄嗎？此動作無法復原。
chat-clear-history-button = 清除聊天紀錄
chat-peer-offline = { $name } 目前離線。對方上線後，您的訊息就會送達。


## 區域網路探索
## 火花會在區域網路上廣播，藉此找到其他使用者。

lan-scan =
    .label = 掃描網路
    .accesskey = N
lan-scanning = 正在掃描您的網路…

# $count (Number) - 找到的其他火花使用者人數
lan-found = 在您的網路上找到 { $count } 位使用者

lan-no-peers = 在您的網路上找不到其他人。

# $port (Number) - 用於探索的 UDP 連接埠
lan-firewall-hint = 沒看到想找的人嗎？請確認防火牆允許{ -brand-name }使用 UDP 連接埠 { $port }。

# $subnet (String) - 以 CIDR 表示法表示的網路，例如「192.168.1.0/24」
lan-subnet = 子網路：{ $subnet }
lan-other-subnet =
    .label = 同時掃描此子網路
    .placeholder = 例如：192.168.2.0/24

# $name (String) - 使用者的暱稱
lan-peer-joined = { $name } 加入了網路。
lan-peer-left = { $name } 離開了網路。

# $address (String) - 對方電腦的 IP 位址
lan-peer-address = { $name }（{ $address }）


## 檔案與圖片傳輸

transfer-send-file =
    .label = 傳送檔案…
    .accesskey = F
transfer-send-image =
    .label = 傳送圖片…
    .accesskey = I

# $name (String) - 傳送者的暱稱
# $file (String) - 檔案名稱
# $size (String) - 易讀格式的檔案大小，例如「2.4 MB」
transfer-incoming = { $name } 想傳送 { $file }（{ $size }）給您。

# $count (Number) - 檔案數
transfer-file-count = { $count } 個檔案

transfer-accept = 接受
transfer-decline = 拒絕
transfer-save-as = 另存新檔…
transfer-cancel = 取消

# $name (String) - 接收者的暱稱
transfer-waiting = 正在等待 { $name } 接受…
transfer-declined = { $name } 拒絕接收 { $file }。

# $percent (Number) - 0 到 100
transfer-progress = 正在傳送 { $file }… { $percent }%

# $done (String) - 已傳輸量（易讀格式），例如「1.2 MB」
# $size (String) - 總大小（易讀格式），例如「2.4 MB」
# $percent (Number) - 0 到 100
transfer-progress-detail = { $done } / { $size }（{ $percent }%）

transfer-complete = 已成功傳輸 { $file }。
transfer-failed = { $file } 傳輸失敗。
transfer-cancelled = 已取消 { $file } 的傳輸。

transfer-open-file = 開啟
transfer-show-in-folder = 在資料夾中顯示

transfer-image-preview =
    .alt = { $file } 的預覽
    .title = 按一下即可開啟原尺寸圖片

# $max (String) - 易讀格式的大小上限，例如「2 GB」
transfer-too-large = { $file } 太大，無法傳送。檔案大小上限為 { $max }。


## 設定

settings-title = 設定
settings-language =
    .label = 語言
settings-language-system = 使用系統語言
settings-restart-required = 重新啟動{ -brand-name }即可套用新語言。

settings-theme =
    .label = 佈景主題
settings-theme-system = 與系統相同
settings-theme-light = 淺色
settings-theme-dark = 深色

settings-notifications =
    .label = 收到新訊息時顯示桌面通知
    .accesskey = o
settings-sounds =
    .label = 播放音效
    .accesskey = P
settings-start-at-login =
    .label = 登入電腦時啟動{ -brand-name }
    .accesskey = L

settings-download-folder =
    .label = 將收到的檔案儲存至
settings-download-folder-choose =
    .label = 選擇…
    .accesskey = C

settings-port =
    .label = 連接埠號碼
    .placeholder = 2425

# $port (Number) - 預設連接埠
settings-port-hint = 預設值：{ $port }。網路上的所有人都必須使用相同的連接埠。

# $min (Number) - 允許的最小連接埠號碼
# $max (Number) - 允許的最大連接埠號碼
settings-port-invalid = 請輸入介於 { $min } 到 { $max } 之間的連接埠號碼。

settings-save = 儲存
settings-cancel = 取消


## 錯誤

error-connection-lost = 連線中斷，正在嘗試重新連線…
error-network-unavailable = 沒有網路連線。{ -brand-name }會繼續嘗試連線。

# $port (Number) - 已被佔用的連接埠號碼
error-port-in-use = 連接埠 { $port } 已被其他程式使用。請在「設定」中選擇其他連接埠。

# $file (String) - 無法儲存的檔案名稱
error-disk-full = 磁碟空間不足，無法儲存 { $file }。

# $name (String) - 無法連線的使用者暱稱
error-peer-unreachable = 無法連線到 { $name }。對方可能已經離線，或位於防火牆後方。

error-file-not-found = 找不到 { $file }，檔案可能已被移動或刪除。

# $path (String) - 無法寫入的資料夾
error-permission-denied = { -brand-name }沒有寫入 { $path } 的權限。

# $reason (String) - 錯誤的簡短技術說明
error-unexpected = 發生錯誤：{ $reason }


## 「關於」對話方塊

about-title = 關於{ -brand-name }

# $version (String) - 版本號碼，例如「3.2.1」
about-version = { -brand-name } { $version }
about-description = 專為區域網路打造的小巧即時通訊軟體。
about-history = { -brand-name }最初只有 270 KB，在 386 電腦上就能執行。時至今日，它對電腦的要求依然不高。

# $year (Number) - 發行年份
about-copyright = © { $year } { -vendor-name }
about-license = { -brand-full-name }是自由軟體，依 MIT 或 Apache 2.0 授權條款發布。
about-built-for = 專為{ -alliance-name }打造
about-check-updates =
    .label = 檢查更新
    .accesskey = U
about-update-available = { -brand-name } { $version } 已在{ -channel-name }推出。
about-up-to-date = 您使用的已是最新版本。
