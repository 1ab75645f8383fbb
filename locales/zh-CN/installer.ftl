### 安装脚本和自述文件中使用的文字。
###
### 这些消息会用于通过{ -alliance-name }发布的每个厂商软件包和每个
### 即时通讯捆绑包，因此不能假定是某个特定产品。常用变量：
###   $name (String) - 产品名称，例如“火花即时通讯”
###   $version (String) - 版本号，例如“3.2.1”
###   $vendor (String) - 构建该软件包的厂商名称
###   $prefix (String) - 安装目录，例如“/usr/local”


## 自述文件

installer-readme-title = { $name } { $version }
installer-readme-intro = 本压缩包包含 { $vendor } 出品的 { $name }，通过{ -alliance-name }发布。

installer-readme-verify-title = 校验下载文件
installer-readme-verify = 安装前，请先确认压缩包未被篡改：使用 minisign 和{ -channel-name }公布的公钥验证其签名。如果验证失败，请不要安装此软件包。

installer-readme-install-title = 安装
installer-readme-install-unix = 在 Linux 和其他类 Unix 系统上，解压压缩包，然后在解压出的文件夹中运行 ./install.sh。如需安装到默认位置以外的目录，请加上 --prefix 选项，例如：./install.sh --prefix ~/.local
installer-readme-install-windows = 在 Windows 上，解压压缩包后双击 install.cmd，或在命令提示符中运行 install.cmd。

# $prefix (String) - 产品的安装目录
installer-uninstall-hint = 以后如需移除 { $name }，请运行 { $prefix } 中的卸载脚本。

installer-license-title = 许可证
installer-files-title = 压缩包中的文件

# $vendor (String) - 寻求帮助时联系的厂商
installer-readme-support = 如需此软件包的相关帮助，请联系 { $vendor }。下载问题请反馈给{ -channel-name }。


## 安装脚本输出

installer-installing = 正在将 { $name } { $version } 安装到 { $prefix }…

# $old (String) - 当前已安装的版本
installer-upgrading = 正在将 { $name } 从 { $old } 升级到 { $version }…
installer-already-installed = { $name } { $version } 已安装在 { $prefix } 中，无需任何操作。

# $count (Number) - 已安装的文件数
installer-done = { $name } 已安装完成，共复制了 { $count } 个文件。

# $reason (String) - 错误的简短说明
installer-failed = 安装失败：{ $reason }
installer-permission-hint = 你可能没有写入 { $prefix } 的权限。请使用 --prefix 选择主目录中的文件夹，或以管理员身份运行安装程序。


## 即时通讯捆绑包
## $language (String) - 用该语言本身书写的语言名称，例如“简体中文”
## $fallback (String) - 备用语言的名称，例如“English”

bundle-readme-title = { -brand-full-name }（{ $language }）
bundle-readme-language = 此捆绑包的界面语言为{ $language }。
bundle-readme-fallback = 尚未翻译成{ $language }的文字将以 { $fallback } 显示。
bundle-language-name = 简体中文
