### 安裝指令稿與讀我檔案使用的文字。
###
### 這些訊息會套用到透過{ -alliance-name }發布的每個廠商套件和每個
### 即時通訊組合包，因此不得假設為特定產品。常用變數：
###   $name (String) - 產品名稱，例如「火花即時通訊」
###   $version (String) - 版本號碼，例如「3.2.1」
###   $vendor (String) - 建置此套件的廠商名稱
###   $prefix (String) - 安裝目錄，例如「/usr/local」


## 讀我檔案

installer-readme-title = { $name } { $version }
installer-readme-intro = 此壓縮檔包含由 { $vendor } 製作的 { $name }，透過{ -alliance-name }發布。

installer-readme-verify-title = 檢查下載的檔案
installer-readme-verify = 安裝之前，請先確認壓縮檔未遭竄改：使用 minisign 與{ -channel-name }公布的公開金鑰驗證其簽章。若驗證失敗，請勿安裝此套件。

installer-readme-install-title = 安裝
installer-readme-install-unix = 在 Linux 及其他類 Unix 系統上，請將壓縮檔解壓縮，然後在解壓縮後的資料夾中執行 ./install.sh。若要安裝到預設位置以外的地方，請加上 --prefix 選項，例如：./install.sh --prefix ~/.local
installer-readme-install-windows = 在 Windows 上，請將壓縮檔解壓縮後按兩下 install.cmd，或在命令提示字元中執行 install.cmd。

# $prefix (String) - 產品的安裝目錄
installer-uninstall-hint = 日後若要移除 { $name }，請執行 { $prefix } 中的解除安裝指令稿。

installer-license-title = 授權條款
installer-files-title = 此壓縮檔中的檔案

# $vendor (String) - 需要協助時可聯絡的廠商
installer-readme-support = 若需要此套件的相關協助，請聯絡 { $vendor }。下載問題請回報給{ -channel-name }。


## 安裝指令稿輸出

installer-installing = 正在將 { $name } { $version } 安裝至 { $prefix }…

# $old (String) - 目前已安裝的版本
installer-upgrading = 正在將 { $name } 從 { $old } 升級至 { $version }…
installer-already-installed = { $name } { $version } 已安裝於 { $prefix }，無須執行任何動作。

# $count (Number) - 已安裝的檔案數
installer-done = { $name } 已安裝完成，共複製了 { $count } 個檔案。

# $reason (String) - 錯誤的簡短說明
installer-failed = 安裝失敗：{ $reason }
installer-permission-hint = 您可能沒有寫入 { $prefix } 的權限。請使用 --prefix 選擇您家目錄中的資料夾，或以系統管理員身分執行安裝程式。


## 即時通訊組合包
## $language (String) - 以該語言本身書寫的語言名稱，例如「繁體中文」
## $fallback (String) - 備用語言的名稱，例如「English」

bundle-readme-title = { -brand-full-name }（{ $language }）
bundle-readme-language = 此組合包的介面語言為 { $language }。
bundle-readme-fallback = 尚未翻譯成 { $language } 的文字會以 { $fallback } 顯示。
bundle-language-name = 繁體中文
