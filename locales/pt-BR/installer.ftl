### Textos dos scripts de instalação e dos arquivos LEIAME.
###
### Estas mensagens são usadas em todos os pacotes de fornecedores e em todos
### os pacotes do mensageiro distribuídos pela { -alliance-name }, portanto
### não devem pressupor um produto específico. Variáveis comuns:
###   $name (String) - nome do produto, por exemplo, "Mensageiro Spark"
###   $version (String) - número da versão, por exemplo, "3.2.1"
###   $vendor (String) - nome do fornecedor que gerou o pacote
###   $prefix (String) - diretório de instalação, por exemplo, "/usr/local"


## LEIAME

installer-readme-title = { $name } { $version }
installer-readme-intro = Este arquivo compactado contém { $name }, de { $vendor }, e é distribuído pela { -alliance-name }.

installer-readme-verify-title = Verificação do download
installer-readme-verify = Antes de instalar, certifique-se de que o arquivo compactado não foi adulterado: verifique a assinatura dele com o minisign, usando a chave pública publicada na { -channel-name }. Se a verificação falhar, não instale o pacote.

installer-readme-install-title = Instalação
installer-readme-install-unix = No Linux e em outros sistemas do tipo Unix, descompacte o arquivo e execute ./install.sh na pasta descompactada. Para instalar em um local diferente do padrão, adicione a opção --prefix, por exemplo: ./install.sh --prefix ~/.local
installer-readme-install-windows = No Windows, descompacte o arquivo e clique duas vezes em install.cmd ou execute install.cmd em um Prompt de Comando.

# $prefix (String) - diretório em que o produto foi instalado
installer-uninstall-hint = Para remover { $name } mais tarde, execute o script de desinstalação que está em { $prefix }.

installer-license-title = Licença
installer-files-title = Conteúdo do arquivo compactado

# $vendor (String) - fornecedor a ser contatado para obter ajuda
installer-readme-support = Para obter ajuda com este pacote, entre em contato com { $vendor }. Informe problemas de download à { -channel-name }.


## Saída do script de instalação

installer-installing = Instalando { $name } { $version } em { $prefix }…

# $old (String) - versão instalada atualmente
installer-upgrading = Atualizando { $name } da versão { $old } para a { $version }…
installer-already-installed = A versão { $version } de { $name } já está instalada em { $prefix }. Nenhuma ação necessária.

# $count (Number) - número de arquivos instalados
installer-done =
    { $count ->
        [one] Instalação de { $name } concluída. { $count } arquivo copiado.
       *[other] Instalação de { $name } concluída. { $count } arquivos copiados.
    }

# $reason (String) - breve descrição do erro
installer-failed = Falha na instalação: { $reason }
installer-permission-hint = Talvez você não tenha permissão para gravar em { $prefix }. Escolha uma pasta no seu diretório pessoal com --prefix ou execute o instalador como administrador.


## Pacotes do mensageiro
## $language (String) - nome do idioma escrito no próprio idioma, por exemplo, "Deutsch"
## $fallback (String) - nome do idioma da localidade alternativa, por exemplo, "English"

bundle-readme-title = { -brand-full-name } ({ $language })
bundle-readme-language = Este pacote está em { $language }.
bundle-readme-fallback = Os textos que ainda não foram traduzidos para { $language } aparecem em { $fallback }.
bundle-language-name = Português (Brasil)
