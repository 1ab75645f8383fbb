### Textos da interface do mensageiro instantâneo Spark.
###
### Os nomes da marca e da aliança vêm de shared/brand.ftl e são referenciados
### como termos, por exemplo, { -brand-name }. Os identificadores das mensagens
### começam com o nome da seção a que pertencem (login-, presence-, contacts-,
### chat-, lan-, transfer-, settings-, error-, about-).


## Janela de login

login-window-title = Entrar no { -brand-name }
login-heading = Boas-vindas ao { -brand-name }
login-subheading = Converse com todo mundo na sua rede local. Não é preciso servidor.

login-nickname =
    .label = Apelido
    .placeholder = Como os outros verão você
login-password =
    .label = Senha
    .placeholder = Opcional
login-remember-me =
    .label = Lembrar de mim neste computador
    .accesskey = L
login-button =
    .label = Entrar
    .accesskey = E

login-in-progress = Entrando…
login-failed = Falha ao entrar. Verifique seu apelido e sua senha e tente novamente.

# $reason (String) - breve descrição técnica do que deu errado
login-failed-reason = Falha ao entrar: { $reason }

# $name (String) - o apelido que o usuário tentou usar
login-nickname-taken = O apelido “{ $name }” já está em uso nesta rede. Escolha outro.

# $max (Number) - número máximo de caracteres permitido em um apelido
login-nickname-too-long =
    { $max ->
        [one] Os apelidos podem ter no máximo { $max } caractere.
       *[other] Os apelidos podem ter no máximo { $max } caracteres.
    }

# $name (String) - o apelido do próprio usuário
login-signed-in-as = Conectado como { $name }
login-sign-out = Sair


## Status
## Estes nomes de status aparecem no menu de status e ao lado de cada contato.

presence-online = Online
presence-away = Ausente
presence-busy = Ocupado
presence-invisible = Invisível
presence-offline = Offline

presence-change-status =
    .label = Definir status
    .tooltip = Escolha como os outros na sua rede veem você

presence-invisible-hint = Enquanto estiver como { presence-invisible }, você continua vendo os outros, mas eles veem você como { presence-offline }.

# $minutes (Number) - tempo de inatividade após o qual o status muda para Ausente
presence-auto-away =
    { $minutes ->
        [one] Mudar meu status para { presence-away } após { $minutes } minuto de inatividade
       *[other] Mudar meu status para { presence-away } após { $minutes } minutos de inatividade
    }

# $time (String) - já formatado, por exemplo, "10:42" ou "ontem"
presence-last-seen = Visto por último: { $time }


## Contatos e grupos

contacts-title = Contatos
contacts-search =
    .placeholder = Pesquisar contatos
contacts-add =
    .label = Adicionar contato…
    .tooltip = Adicione alguém da sua rede à sua lista de contatos
contacts-remove = Remover contato

# $name (String) - apelido do contato
contacts-remove-confirm = Remover { $name } dos seus contatos?
contacts-added = { $name } agora faz parte dos seus contatos.
contacts-removed = { $name } não faz mais parte dos seus contatos.

# $count (Number) - número de contatos que estão online no momento
contacts-online-count =
    { $count ->
        [one] { $count } contato online
       *[other] { $count } contatos online
    }

# $count (Number) - número total de contatos na lista
contacts-total-count =
    { $count ->
        [one] { $count } contato
       *[other] { $count } contatos
    }

contacts-empty = Você ainda não tem contatos. Procure na sua rede para encontrar pessoas por perto.

contacts-group-new = Novo grupo…
contacts-group-rename = Renomear grupo
contacts-group-delete = Excluir grupo
contacts-group-name =
    .placeholder = Nome do grupo
# Nome do grupo padrão para contatos que não estão em nenhum outro grupo.
contacts-group-default = Outros contatos

# $group (String) - nome do grupo que será excluído
contacts-group-delete-confirm = Excluir o grupo “{ $group }”? Os contatos dele serão movidos para “{ contacts-group-default }”.

# Cabeçalho do grupo na lista de contatos.
# $group (String) - nome do grupo
# $online (Number) - contatos deste grupo que estão online
# $total (Number) - todos os contatos deste grupo
contacts-group-summary = { $group } ({ $online }/{ $total })


## Janela de conversa

# $name (String) - apelido da pessoa com quem você está conversando
chat-window-title = Conversa com { $name }
chat-input =
    .placeholder = Digite uma mensagem…
chat-send =
    .label = Enviar
    .accesskey = E

# $name (String) - apelido da pessoa que está digitando
chat-typing = { $name } está digitando…

# $count (Number) - número de pessoas digitando em uma conversa em grupo
chat-typing-many =
    { $count ->
        [one] { $count } pessoa está digitando…
       *[other] { $count } pessoas estão digitando…
    }

chat-sending = Enviando…
chat-delivered = Entregue
chat-read = Lida

# $time (String) - horário já formatado, por exemplo, "10:42"
chat-read-at = Lida às { $time }
chat-send-failed = Não entregue. Clique para tentar novamente.

# $count (Number) - número de mensagens não lidas
chat-unread =
    { $count ->
        [one] { $count } mensagem não lida
       *[other] { $count } mensagens não lidas
    }

chat-notification-title = Nova mensagem de { $name }
chat-today = Hoje
chat-yesterday = Ontem
chat-copy = Copiar

chat-history =
    .label = Histórico
    .tooltip = Mostrar mensagens anteriores desta conversa
chat-history-empty = Ainda não há mensagens com { $name }. Diga olá!
chat-clear-history = Limpar histórico…
chat-clear-history-confirm = Limpar todo o histórico de conversas com { $name }? Essa ação não pode ser desfeita.
chat-clear-history-button = Limpar histórico
chat-peer-offline = { $name } está offline. Suas mensagens serão entregues quando essa pessoa voltar a ficar online.


## Descoberta na rede local
## O Spark encontra outros usuários enviando mensagens de broadcast na rede local.

lan-scan =
    .label = Procurar na rede
    .accesskey = r
lan-scanning = Procurando na sua rede…

# $count (Number) - número de outros usuários do Spark encontrados
lan-found =
    { $count ->
        [one] { $count } pessoa encontrada na sua rede
       *[other] { $count } pessoas encontradas na sua rede
    }

lan-no-peers = Ninguém mais foi encontrado na sua rede.

# $port (Number) - porta UDP usada para a descoberta
lan-firewall-hint = Esperava encontrar alguém? Verifique se o seu firewall permite que o { -brand-name } use a porta UDP { $port }.

# $subnet (String) - rede em notação CIDR, por exemplo, "192.168.1.0/24"
lan-subnet = Sub-rede: { $subnet }
lan-other-subnet =
    .label = Procurar também nesta sub-rede
    .placeholder = Por exemplo, 192.168.2.0/24

# $name (String) - apelido do usuário
lan-peer-joined = { $name } entrou na rede.
lan-peer-left = { $name } saiu da rede.

# $address (String) - endereço IP do outro computador
lan-peer-address = { $name } em { $address }


## Transferência de arquivos e imagens

transfer-send-file =
    .label = Enviar arquivo…
    .accesskey = a
transfer-send-image =
    .label = Enviar imagem…
    .accesskey = m

# $name (String) - apelido de quem está enviando
# $file (String) - nome do arquivo
# $size (String) - tamanho legível, como "2,4 MB"
transfer-incoming = { $name } quer enviar { $file } ({ $size }) para você.

# $count (Number) - número de arquivos
transfer-file-count =
    { $count ->
        [one] { $count } arquivo
       *[other] { $count } arquivos
    }

transfer-accept = Aceitar
transfer-decline = Recusar
transfer-save-as = Salvar como…
transfer-cancel = Cancelar

# $name (String) - apelido de quem vai receber
transfer-waiting = Aguardando { $name } aceitar…
transfer-declined = { $name } recusou o arquivo { $file }.

# $percent (Number) - de 0 a 100
transfer-progress = Enviando { $file }… { $percent }%

# $done (String) - quantidade já transferida em formato legível, por exemplo, "1,2 MB"
# $size (String) - tamanho total em formato legível, por exemplo, "2,4 MB"
# $percent (Number) - de 0 a 100
transfer-progress-detail = { $done } de { $size } ({ $percent }%)

transfer-complete = A transferência de { $file } foi concluída.
transfer-failed = Falha na transferência de { $file }.
transfer-cancelled = A transferência de { $file } foi cancelada.

transfer-open-file = Abrir
transfer-show-in-folder = Mostrar na pasta

transfer-image-preview =
    .alt = Visualização de { $file }
    .title = Clique para abrir a imagem em tamanho original

# $max (String) - limite de tamanho em formato legível, por exemplo, "2 GB"
transfer-too-large = O arquivo { $file } é grande demais para ser enviado. O tamanho máximo permitido é { $max }.


## Configurações

settings-title = Configurações
settings-language =
    .label = Idioma
settings-language-system = Usar o idioma do sistema
settings-restart-required = Reinicie o { -brand-name } para aplicar o novo idioma.

settings-theme =
    .label = Tema
settings-theme-system = Padrão do sistema
settings-theme-light = Claro
settings-theme-dark = Escuro

settings-notifications =
    .label = Mostrar notificações na área de trabalho para novas mensagens
    .accesskey = n
settings-sounds =
    .label = Reproduzir sons
    .accesskey = s
settings-start-at-login =
    .label = Iniciar o { -brand-name } quando eu entrar no computador
    .accesskey = I

settings-download-folder =
    .label = Salvar arquivos recebidos em
settings-download-folder-choose =
    .label = Escolher…
    .accesskey = E

settings-port =
    .label = Número da porta
    .placeholder = 2425

# $port (Number) - a porta padrão
settings-port-hint = Padrão: { $port }. Todos na sua rede precisam usar a mesma porta.

# $min (Number) - menor porta permitida
# $max (Number) - maior porta permitida
settings-port-invalid = Digite um número de porta entre { $min } e { $max }.

settings-save = Salvar
settings-cancel = Cancelar


## Erros

error-connection-lost = Conexão perdida. Tentando reconectar…
error-network-unavailable = Sem conexão de rede. O { -brand-name } continuará procurando.

# $port (Number) - o número da porta que já está ocupada
error-port-in-use = A porta { $port } já está sendo usada por outro programa. Escolha outra porta em Configurações.

# $file (String) - nome do arquivo que não pôde ser salvo
error-disk-full = Não há espaço suficiente em disco para salvar { $file }.

# $name (String) - apelido do usuário inacessível
error-peer-unreachable = Não foi possível contatar { $name }. A pessoa pode ter ficado offline ou estar protegida por um firewall.

error-file-not-found = Não foi possível encontrar { $file }. O arquivo pode ter sido movido ou excluído.

# $path (String) - pasta em que não foi possível gravar
error-permission-denied = O { -brand-name } não tem permissão para gravar em { $path }.

# $reason (String) - breve descrição técnica do erro
error-unexpected = Algo deu errado: { $reason }


## Janela Sobre

about-title = Sobre o { -brand-name }

# $version (String) - número da versão, por exemplo, "3.2.1"
about-version = { -brand-name } { $version }
about-description = Um pequeno mensageiro instantâneo para a sua rede local.
about-history = No início, o { -brand-name } cabia em 270 KB e rodava em um 386. Até hoje, ele não exige muito.

# $year (Number) - ano do lançamento
about-copyright = © { $year } { -vendor-name }
about-license = O { -brand-full-name } é um software livre, distribuído sob a licença MIT ou Apache 2.0.
about-built-for = Desenvolvido para a { -alliance-name }
about-check-updates =
    .label = Verificar atualizações
    .accesskey = a
about-update-available = O { -brand-name } { $version } está disponível na { -channel-name }.
about-up-to-date = Você está usando a versão mais recente.
