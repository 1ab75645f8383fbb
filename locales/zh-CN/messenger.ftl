### 火花即时通讯软件的界面文字。
###
### 品牌和联盟名称来自 shared/brand.ftl，以术语形式引用，例如 { -brand-name }。
### 消息标识符以所属板块的名称开头（login-、presence-、contacts-、chat-、
### lan-、transfer-、settings-、error-、about-）。


## 登录窗口

login-window-title = 登录{ -brand-name }
login-heading = 欢迎使用{ -brand-name }
login-subheading = 与局域网内的所有人聊天，无需服务器。

login-nickname =
    .label = 昵称
    .placeholder = 其他人看到的名字
login-password =
    .label = 密码
    .placeholder = 选填
login-remember-me =
    .label = 在这台电脑上记住我
    .accesskey = R
login-button =
    .label = 登录
    .accesskey = S

login-in-progress = 正在登录…
login-failed = 登录失败。请检查昵称和密码，然后重试。

# $reason (String) - 出错原因的简短技术说明
login-failed-reason = 登录失败：{ $reason }

# $name (String) - 用户尝试使用的昵称
login-nickname-taken = 昵称“{ $name }”已被本网络中的其他人使用，请换一个。

# $max (Number) - 昵称允许的最大字符数
login-nickname-too-long = 昵称最多只能有 { $max } 个字符。

# $name (String) - 用户自己的昵称
login-signed-in-as = 已登录：{ $name }
login-sign-out = 退出登录


## 在线状态
## 这些状态名称显示在状态菜单中以及每位联系人旁边。

presence-online = 在线
presence-away = 离开
presence-busy = 忙碌
presence-invisible = 隐身
presence-offline = 离线

presence-change-status =
    .label = 设置状态
    .tooltip = 选择局域网内其他人看到的你的状态

presence-invisible-hint = 处于“{ presence-invisible }”状态时，你仍然可以看到其他人，但在他们看来你是“{ presence-offline }”。

# $minutes (Number) - 闲置多久后状态变为“离开”
presence-auto-away = 闲置 { $minutes } 分钟后，自动将状态设为“{ presence-away }”

# $time (String) - 已格式化的时间，例如“10:42”或“昨天”
presence-last-seen = 最后在线：{ $time }


## 联系人和分组

contacts-title = 联系人
contacts-search =
    .placeholder = 搜索联系人
contacts-add =
    .label = 添加联系人…
    .tooltip = 将局域网中的用户添加到联系人列表
contacts-remove = 删除联系人

# $name (String) - 联系人的昵称
contacts-remove-confirm = 要将 { $name } 从联系人中删除吗？
contacts-added = 已将 { $name } 添加为联系人。
contacts-removed = 已将 { $name } 从联系人中删除。

# $count (Number) - 当前在线的联系人数
contacts-online-count = { $count } 个联系人在线

# $count (Number) - 联系人总数
contacts-total-count = { $count } 个联系人

contacts-empty = 你还没有联系人。扫描一下局域网，找找附近的人吧。

contacts-group-new = 新建分组…
contacts-group-rename = 重命名分组
contacts-group-delete = 删除分组
contacts-group-name =
    .placeholder = 分组名称
# 内置分组的名称，用于存放不属于其他分组的联系人。
contacts-group-default = 其他联系人

# $group (String) - 要删除的分组名称
contacts-group-delete-confirm = 要删除分组“{ $group }”吗？其中的联系人将移至“{ contacts-group-default }”。

# 联系人列表中的分组标题。
# $group (String) - 分组名称
# $online (Number) - 该分组中在线的联系人数
# $total (Number) - 该分组中的联系人总数
contacts-group-summary = { $group }（{ $online }/{ $total }）


## 聊天窗口

# $name (String) - 聊天对象的昵称
chat-window-title = 与 { $name } 聊天
chat-input =
    .placeholder = 输入消息…
chat-send =
    .label = 发送
    .accesskey = d

# $name (String) - 正在输入的人的昵称
chat-typing = { $name } 正在输入…

# $count (Number) - 群聊中正在输入的人数
chat-typing-many = { $count } 人正在输入…

chat-sending = 正在发送…
chat-delivered = 已送达
chat-read = 已读

# $time (String) - 已格式化的时间，例如“10:42”
chat-read-at = { $time } 已读
chat-send-failed = 发送失败，点击重试。

# $count (Number) - 未读消息数
chat-unread = { $count } 条未读消息

chat-notification-title = 来自 { $name } 的新消息
chat-today = 今天
chat-yesterday = 昨天
chat-copy = 复制

chat-history =
    .label = 聊天记录
    .tooltip = 查看此会话中较早的消息
chat-history-empty = 你和 { $name } 还没有聊过天，打个招呼吧！
chat-clear-history = 清空聊天记录…
chat-clear-history-confirm = 要清空与 { $name } 的全部聊天记录吗？此操作无法撤销。
chat-clear-history-button = 清空记录
chat-peer-offline = { $name } 当前离线。对方上线后，你的消息会自动送达。


## 局域网发现
## 火花通过在局域网内广播来发现其他用户。

lan-scan =
    .label = 扫描局域网
    .accesskey = N
lan-scanning = 正在扫描局域网…

# $count (Number) - 发现的其他火花用户数
lan-found = 在局域网中发现 { $count } 位用户

lan-no-peers = 局域网中没有发现其他用户。

# $port (Number) - 用于发现的 UDP 端口
lan-firewall-hint = 没看到想找的人？请确认防火墙允许{ -brand-name }使用 UDP 端口 { $port }。

# $subnet (String) - CIDR 格式的网段，例如“192.168.1.0/24”
lan-subnet = 子网：{ $subnet }
lan-other-subnet =
    .label = 同时扫描此子网
    .placeholder = 例如 192.168.2.0/24

# $name (String) - 用户的昵称
lan-peer-joined = { $name } 加入了局域网。
lan-peer-left = { $name } 离开了局域网。

# $address (String) - 对方电脑的 IP 地址
lan-peer-address = { $name }（{ $address }）


## 文件和图片传输

transfer-send-file =
    .label = 发送文件…
    .accesskey = F
transfer-send-image =
    .label = 发送图片…
    .accesskey = I

# $name (String) - 发送者的昵称
# $file (String) - 文件名
# $size (String) - 易读的文件大小，例如“2.4 MB”
transfer-incoming = { $name } 想给你发送文件 { $file }（{ $size }）。

# $count (Number) - 文件数
transfer-file-count = { $count } 个文件

transfer-accept = 接收
transfer-decline = 拒绝
transfer-save-as = 另存为…
transfer-cancel = 取消

# $name (String) - 接收者的昵称
transfer-waiting = 正在等待 { $name } 接收…
transfer-declined = { $name } 拒绝接收 { $file }。

# $percent (Number) - 0 到 100
transfer-progress = 正在发送 { $file }… { $percent }%

# $done (String) - 已传输的易读大小，例如“1.2 MB”
# $size (String) - 易读的总大小，例如“2.4 MB”
# $percent (Number) - 0 到 100
transfer-progress-detail = { $done } / { $size }（{ $percent }%）

transfer-complete = { $file } 传输完成。
transfer-failed = { $file } 传输失败。
transfer-cancelled = { $file } 的传输已取消。

transfer-open-file = 打开
transfer-show-in-folder = 在文件夹中显示

transfer-image-preview =
    .alt = { $file } 的预览
    .title = 点击查看原图

# $max (String) - 易读的大小上限，例如“2 GB”
transfer-too-large = { $file } 太大，无法发送。文件大小上限为 { $max }。


## 设置

settings-title = 设置
settings-language =
    .label = 语言
settings-language-system = 跟随系统语言
settings-restart-required = 重新启动{ -brand-name }后，新语言才会生效。

settings-theme =
    .label = 主题
settings-theme-system = 跟随系统
settings-theme-light = 浅色
settings-theme-dark = 深色

settings-notifications =
    .label = 收到新消息时显示桌面通知
    .accesskey = o
settings-sounds =
    .label = 播放提示音
    .accesskey = P
settings-start-at-login =
    .label = 开机时自动启动{ -brand-name }
    .accesskey = L

settings-download-folder =
    .label = 接收的文件保存到
settings-download-folder-choose =
    .label = 选择…
    .accesskey = C

settings-port =
    .label = 端口号
    .placeholder = 2425

# $port (Number) - 默认端口
settings-port-hint = 默认值：{ $port }。局域网内所有人必须使用相同的端口。

# $min (Number) - 允许的最小端口号
# $max (Number) - 允许的最大端口号
settings-port-invalid = 请输入 { $min } 到 { $max } 之间的端口号。

settings-save = 保存
settings-cancel = 取消


## 错误

error-connection-lost = 连接已断开，正在尝试重新连接…
error-network-unavailable = 没有网络连接，{ -brand-name }会继续尝试连接。

# $port (Number) - 已被占用的端口号
error-port-in-use = 端口 { $port } 已被其他程序占用。请在“设置”中选择其他端口。

# $file (String) - 无法保存的文件名
error-disk-full = 磁盘空间不足，无法保存 { $file }。

# $name (String) - 无法连接的用户的昵称
error-peer-unreachable = 无法连接到 { $name }。对方可能已经离线，或者位于防火墙之后。

error-file-not-found = 找不到 { $file }，它可能已被移动或删除。

# $path (String) - 无法写入的文件夹
error-permission-denied = { -brand-name }没有写入 { $path } 的权限。

# $reason (String) - 错误原因的简短技术说明
error-unexpected = 出错了：{ $reason }


## “关于”对话框

about-title = 关于{ -brand-name }

# $version (String) - 版本号，例如“3.2.1”
about-version = { -brand-name } { $version }
about-description = 一款小巧的局域网即时通讯软件。
about-history = { -brand-name }最初只有 270 KB，在 386 电脑上就能运行。如今，它对电脑的要求依然很低。

# $year (Number) - 发布年份
about-copyright = © { $year } { -vendor-name }
about-license = { -brand-full-name }是自由软件，以 MIT 或 Apache 2.0 许可证发布。
about-built-for = 专为{ -alliance-name }打造
about-check-updates =
    .label = 检查更新
    .accesskey = U
about-update-available = { -brand-name } { $version } 已在{ -channel-name }发布。
about-up-to-date = 你使用的已是最新版本。
