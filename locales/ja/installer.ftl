### インストーラースクリプトと README ファイル用のテキスト。
###
### これらのメッセージは、{ -alliance-name } を通じて提供されるすべての
### ベンダーパッケージとメッセンジャーバンドルで使用されるため、特定の製品を
### 前提にしてはいけません。共通の変数：
###   $name (String) - 製品名 (例：「Spark メッセンジャー」)
###   $version (String) - バージョン番号 (例：「3.2.1」)
###   $vendor (String) - パッケージをビルドしたベンダーの名前
###   $prefix (String) - インストール先ディレクトリ (例：「/usr/local」)


## README

installer-readme-title = { $name } { $version }
installer-readme-intro = このアーカイブには { $vendor } が提供する { $name } が含まれており、{ -alliance-name } を通じて配布されています。

installer-readme-verify-title = ダウンロードの確認
installer-readme-verify = インストールする前に、アーカイブが改ざんされていないことを確認してください。{ -channel-name } で公開されている公開鍵を使用して、minisign で署名を検証します。検証に失敗した場合は、パッケージをインストールしないでください。

installer-readme-install-title = インストール
installer-readme-install-unix = Linux およびその他の Unix 系システムでは、アーカイブを展開し、展開したフォルダーで ./install.sh を実行します。既定以外の場所にインストールするには、--prefix オプションを追加します。例：./install.sh --prefix ~/.local
installer-readme-install-windows = Windows では、アーカイブを展開して install.cmd をダブルクリックするか、コマンド プロンプトから install.cmd を実行します。

# $prefix (String) - 製品のインストール先ディレクトリ
installer-uninstall-hint = 後で { $name } を削除するには、{ $prefix } にあるアンインストールスクリプトを実行します。

installer-license-title = ライセンス
installer-files-title = このアーカイブに含まれるファイル

# $vendor (String) - サポートの問い合わせ先ベンダー
installer-readme-support = このパッケージに関するサポートについては、{ $vendor } にお問い合わせください。ダウンロードに関する問題は { -channel-name } にご報告ください。


## インストーラースクリプトの出力

installer-installing = { $name } { $version } を { $prefix } にインストールしています…

# $old (String) - 現在インストールされているバージョン
installer-upgrading = { $name } を { $old } から { $version } にアップグレードしています…
installer-already-installed = { $name } { $version } は既に { $prefix } にインストールされています。必要な操作はありません。

# $count (Number) - インストールされたファイルの数
installer-done = { $name } をインストールしました。{ $count } 個のファイルをコピーしました。

# $reason (String) - エラーの内容を示す短い説明
installer-failed = インストールに失敗しました：{ $reason }
installer-permission-hint = { $prefix } への書き込み権限がない可能性があります。--prefix でホームディレクトリ内のフォルダーを指定するか、管理者としてインストーラーを実行してください。


## メッセンジャーバンドル
## $language (String) - その言語自体で書かれた言語名 (例：「日本語」)
## $fallback (String) - フォールバックロケールの言語名 (例：「English」)

bundle-readme-title = { -brand-full-name }（{ $language }）
bundle-readme-language = このバンドルの表示言語は { $language } です。
bundle-readme-fallback = { $language } にまだ翻訳されていないテキストは { $fallback } で表示されます。
bundle-language-name = 日本語
