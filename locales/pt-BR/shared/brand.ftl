### Termos de marca compartilhados do Spark e da aliança de software.
###
### Este arquivo define apenas termos Fluent (os identificadores começam com "-").
### Os termos nunca são exibidos isoladamente: messenger.ftl, installer.ftl e
### os modelos dos fornecedores fazem referência a eles como { -brand-name } etc.
### Mantenha os nomes de produtos exatamente como os donos das marcas os escrevem.

# Nome curto do produto, usado na maioria dos textos da interface e títulos de janelas.
-brand-name = Spark

# Nome completo do produto, usado na janela Sobre, nos instaladores e nos arquivos LEIAME.
-brand-full-name = Mensageiro Spark

# Os desenvolvedores originais do mensageiro.
-vendor-name = Projeto Spark

# O grupo de fornecedores que distribui todos os pacotes por um único canal de download.
-alliance-name = Aliança de Software Kindling

# O canal de download compartilhado mantido pela aliança.
-channel-name = Central de Downloads Kindling
