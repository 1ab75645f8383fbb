### Spark インスタントメッセンジャーのユーザーインターフェース文字列。
###
### ブランド名とアライアンス名は shared/brand.ftl で定義され、{ -brand-name } の
### ように術語 (term) として参照されます。メッセージ ID は、そのメッセージが
### 属するセクションの名前 (login-、presence-、contacts-、chat-、
### lan-、transfer-、settings-、error-、about-) で始まります。


## ログインウィンドウ

login-window-title = { -brand-name } にサインイン
login-heading = { -brand-name } へようこそ
login-subheading = ローカルネットワーク上の誰とでもチャットできます。サーバーは必要ありません。

login-nickname =
    .label = ニックネーム
    .placeholder = ほかのユーザーに表示される名前
login-password =
    .label = パスワード
    .placeholder = 省略可
login-remember-me =
    .label = このコンピューターに記憶する
    .accesskey = R
login-button =
    .label = サインイン
    .accesskey = S

login-in-progress = サインインしています…
login-failed = サインインできませんでした。ニックネームとパスワードを確認して、もう一度お試しください。

# $reason (String) - 問題の内容を示す短い技術的な説明
login-failed-reason = サインインできませんでした：{ $reason }

# $name (String) - ユーザーが使用しようとしたニックネーム
login-nickname-taken = ニックネーム「{ $name }」はこのネットワークで既に使用されています。別のニックネームを選んでください。

# $max (Number) - ニックネームに使用できる最大文字数
login-nickname-too-long = ニックネームは { $max } 文字以内にしてください。

# $name (String) - ユーザー自身のニックネーム
login-signed-in-as = { $name } としてサインイン中
login-sign-out = サインアウト


## 状態
## これらの状態名は、状態メニューと各連絡先の横に表示されます。

presence-online = オンライン
presence-away = 退席中
presence-busy = 取り込み中
presence-invisible = 非表示
presence-offline = オフライン

presence-change-status =
    .label = 状態を設定
    .tooltip = ネットワーク上のほかのユーザーに自分がどのように表示されるかを選択します

presence-invisible-hint = 状態が「{ presence-invisible }」のときもほかのユーザーを見ることはできますが、相手にはあなたが「{ presence-offline }」と表示されます。

# $minutes (Number) - 状態が「退席中」に変わるまでの無操作時間
presence-auto-away = { $minutes } 分間操作がないときは状態を「{ presence-away }」にする

# $time (String) - フォーマット済みの時刻 (例：「10:42」、「昨日」)
presence-last-seen = 最終オンライン：{ $time }


## 連絡先とグループ

contacts-title = 連絡先
contacts-search =
    .placeholder = 連絡先を検索
contacts-add =
    .label = 連絡先を追加…
    .tooltip = ネットワーク上のユーザーを連絡先リストに追加します
contacts-remove = 連絡先を削除

# $name (String) - 連絡先のニックネーム
contacts-remove-confirm = { $name } さんを連絡先から削除しますか？
contacts-added = { $name } さんを連絡先に追加しました。
contacts-removed = { $name } さんを連絡先から削除しました。

# $count (Number) - 現在オンラインの連絡先の数
contacts-online-count = { $count } 人がオンライン

# $count (Number) - リスト内の連絡先の総数
contacts-total-count = { $count } 人の連絡先

contacts-empty = 連絡先はまだありません。ネットワークをスキャンして、近くにいるユーザーを見つけましょう。

contacts-group-new = 新しいグループ…
contacts-group-rename = グループ名を変更
contacts-group-delete = グループを削除
contacts-group-name =
    .placeholder = グループ名
# ほかのどのグループにも属さない連絡先用の組み込みグループの名前。
contacts-group-default = その他の連絡先

# $group (String) - 削除するグループの名前
contacts-group-delete-confirm = グループ「{ $group }」を削除しますか？このグループの連絡先は「{ contacts-group-default }」に移動されます。

# 連絡先リストのグループ見出し。
# $group (String) - グループ名
# $online (Number) - このグループでオンラインの連絡先の数
# $total (Number) - このグループの連絡先の総数
contacts-group-summary = { $group }（{ $online }/{ $total }）


## チャットウィンドウ

# $name (String) - チャット相手のニックネーム
chat-window-title = { $name } さんとのチャット
chat-input =
    .placeholder = メッセージを入力…
chat-send =
    .label = 送信
    .accesskey = d

# $name (String) - 入力中のユーザーのニックネーム
chat-typing = { $name } さんが入力しています…

# $count (Number) - グループチャットで入力中のユーザーの数
chat-typing-many = { $count } 人が入力しています…

chat-sending = 送信しています…
chat-delivered = 配信済み
chat-read = 既読

# $time (String) - フォーマット済みの時刻 (例：「10:42」)
chat-read-at = { $time } に既読
chat-send-failed = 配信できませんでした。クリックして再試行してください。

# $count (Number) - 未読メッセージの数
chat-unread = { $count } 件の未読メッセージ

chat-notification-title = { $name } さんからの新着メッセージ
chat-today = 今日
chat-yesterday = 昨日
chat-copy = コピー

chat-history =
    .label = 履歴
    .tooltip = この会話の以前のメッセージを表示します
chat-history-empty = { $name } さんとのメッセージはまだありません。あいさつしてみましょう！
chat-clear-history = 履歴を消去…
chat-clear-history-confirm = { $name } さんとのチャット履歴をすべて消去しますか？この操作は元に戻せません。
chat-clear-history-button = 履歴を消去
chat-peer-offline = { $name } さんはオフラインです。メッセージは相手がオンラインに戻ったときに配信されます。


## LAN 検出
## Spark はローカルネットワーク上でブロードキャストを行い、ほかのユーザーを見つけます。

lan-scan =
    .label = ネットワークをスキャン
    .accesskey = N
lan-scanning = ネットワークをスキャンしています…

# $count (Number) - 見つかったほかの Spark ユーザーの数
lan-found = ネットワーク上で { $count } 人が見つかりました

lan-no-peers = ネットワーク上にほかのユーザーは見つかりませんでした。

# $port (Number) - 検出に使用する UDP ポート
lan-firewall-hint = 見つかるはずのユーザーがいませんか？ファイアウォールで { -brand-name } による UDP ポート { $port } の使用が許可されていることを確認してください。

# $subnet (String) - CIDR 表記のネットワーク (例：「192.168.1.0/24」)
lan-subnet = サブネット：{ $subnet }
lan-other-subnet =
    .label = このサブネットもスキャンする
    .placeholder = 例：192.168.2.0/24

# $name (String) - ユーザーのニックネーム
lan-peer-joined = { $name } さんがネットワークに参加しました。
lan-peer-left = { $name } さんがネットワークから退出しました。

# $address (String) - 相手のコンピューターの IP アドレス
lan-peer-address = { $name }（{ $address }）


## ファイルと画像の転送

transfer-send-file =
    .label = ファイルを送信…
    .accesskey = F
transfer-send-image =
    .label = 画像を送信…
    .accesskey = I

# $name (String) - 送信者のニックネーム
# $file (String) - ファイル名
# $size (String) - 読みやすい形式のサイズ (例：「2.4 MB」)
transfer-incoming = { $name } さんが { $file }（{ $size }）を送信しようとしています。

# $count (Number) - ファイルの数
transfer-file-count = { $count } 個のファイル

transfer-accept = 承諾
transfer-decline = 拒否
transfer-save-as = 名前を付けて保存…
transfer-cancel = キャンセル

# $name (String) - 受信者のニックネーム
transfer-waiting = { $name } さんの承諾を待っています…
transfer-declined = { $name } さんが { $file } の受信を拒否しました。

# $percent (Number) - 0～100
transfer-progress = { $file } を送信しています… { $percent }%

# $done (String) - 転送済みの量を読みやすい形式で表したもの (例：「1.2 MB」)
# $size (String) - 合計サイズを読みやすい形式で表したもの (例：「2.4 MB」)
# $percent (Number) - 0～100
transfer-progress-detail = { $done } / { $size }（{ $percent }%）

transfer-complete = { $file } の転送が完了しました。
transfer-failed = { $file } の転送に失敗しました。
transfer-cancelled = { $file } の転送はキャンセルされました。

transfer-open-file = 開く
transfer-show-in-folder = フォルダーに表示

transfer-image-preview =
    .alt = { $file } のプレビュー
    .title = クリックすると元のサイズの画像を開きます

# $max (String) - 読みやすい形式のサイズ上限 (例：「2 GB」)
transfer-too-large = { $file } はサイズが大きすぎるため送信できません。ファイルサイズの上限は { $max } です。


## 設定

settings-title = 設定
settings-language =
    .label = 言語
settings-language-system = システムの言語を使用
settings-restart-required = 新しい言語を適用するには、{ -brand-name } を再起動してください。

settings-theme =
    .label = テーマ
settings-theme-system = システム設定に合わせる
settings-theme-light = ライト
settings-theme-dark = ダーク

settings-notifications =
    .label = 新着メッセージをデスクトップに通知する
    .accesskey = o
settings-sounds =
    .label = サウンドを再生する
    .accesskey = P
settings-start-at-login =
    .label = コンピューターへのログイン時に { -brand-name } を起動する
    .accesskey = L

settings-download-folder =
    .label = 受信したファイルの保存先
settings-download-folder-choose =
    .label = 選択…
    .accesskey = C

settings-port =
    .label = ポート番号
    .placeholder = 2425

# $port (Number) - 既定のポート
settings-port-hint = 既定値：{ $port }。ネットワーク上の全員が同じポートを使用する必要があります。

# $min (Number) - 使用できる最小のポート番号
# $max (Number) - 使用できる最大のポート番号
settings-port-invalid = { $min } から { $max } までのポート番号を入力してください。

settings-save = 保存
settings-cancel = キャンセル


## エラー

error-connection-lost = 接続が切断されました。再接続しています…
error-network-unavailable = ネットワークに接続されていません。{ -brand-name } は引き続き接続を試みます。

# $port (Number) - 既に使用されているポート番号
error-port-in-use = ポート { $port } はほかのプログラムで既に使用されています。「設定」で別のポートを選択してください。

# $file (String) - 保存できなかったファイルの名前
error-disk-full = { $file } を保存するためのディスク容量が足りません。

# $name (String) - 接続できないユーザーのニックネーム
error-peer-unreachable = { $name } さんに接続できません。相手がオフラインになったか、ファイアウォールの内側にいる可能性があります。

error-file-not-found = { $file } が見つかりませんでした。移動または削除された可能性があります。

# $path (String) - 書き込めなかったフォルダー
error-permission-denied = { -brand-name } には { $path } への書き込み権限がありません。

# $reason (String) - エラーの内容を示す短い技術的な説明
error-unexpected = 問題が発生しました：{ $reason }


## 「バージョン情報」ダイアログ

about-title = { -brand-name } について

# $version (String) - バージョン番号 (例：「3.2.1」)
about-version = { -brand-name } { $version }
about-description = ローカルネットワーク向けの小さなインスタントメッセンジャーです。
about-history = 最初の { -brand-name } はわずか 270 KB に収まり、386 で動作していました。今でも必要なリソースはごくわずかです。

# $year (Number) - リリースの年
about-copyright = © { $year } { -vendor-name }
about-license = { -brand-full-name } はフリーソフトウェアであり、MIT ライセンスまたは Apache 2.0 ライセンスの下で公開されています。
about-built-for = { -alliance-name } 向けにビルド
about-check-updates =
    .label = 更新を確認
    .accesskey = U
about-update-available = { -brand-name } { $version } が { -channel-name } で入手できます。
about-up-to-date = 最新バージョンを使用しています。
