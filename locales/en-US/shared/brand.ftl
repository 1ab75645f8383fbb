### Shared brand terms for Spark and the software alliance.
###
### This file defines Fluent terms only (their ids start with "-").
### Terms are never shown on their own: messenger.ftl, installer.ftl and
### the vendor templates reference them as { -brand-name } and so on.
### Keep product names exactly as the trademark owners write them.

# Short product name, used in most UI strings and window titles.
-brand-name = Spark

# Full product name, used in the About dialog, installers and READMEs.
-brand-full-name = Spark Messenger

# The upstream developers of the messenger.
-vendor-name = Spark Project

# The group of vendors that ships all packages through one download channel.
-alliance-name = Kindling Software Alliance

# The shared download channel run by the alliance.
-channel-name = Kindling Downloads
