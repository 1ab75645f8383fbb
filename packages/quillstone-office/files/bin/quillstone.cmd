@echo off
rem Quillstone Office - Windows launcher
rem   quillstone.cmd [FILE...]            open documents
rem   quillstone.cmd --new TEMPLATE OUT   copy a template to OUT
setlocal EnableExtensions
if not defined QUILLSTONE_HOME set "QUILLSTONE_HOME=%~dp0.."
set "CONF_DIR=%APPDATA%\Quillstone"

if /i "%~1"=="--version" (echo Quillstone Office 2024.3.1 & exit /b 0)
if /i "%~1"=="--new" goto new

if not exist "%CONF_DIR%" mkdir "%CONF_DIR%"
if not exist "%CONF_DIR%\spellcheck.ini" copy /y "%QUILLSTONE_HOME%\config\spellcheck.ini" "%CONF_DIR%\spellcheck.ini" >nul

set "EDITOR=%QUILLSTONE_HOME%\lib\quillstone\quillstone-writer.exe"
if not exist "%EDITOR%" (
    echo quillstone: editor not found at %EDITOR% 1>&2
    exit /b 1
)
start "" "%EDITOR%" --settings "%QUILLSTONE_HOME%\config\quillstone.ini" --spellcheck "%CONF_DIR%\spellcheck.ini" %*
exit /b 0

:new
if "%~3"=="" (
    echo usage: quillstone.cmd --new TEMPLATE OUT 1>&2
    exit /b 2
)
if exist "%~3" (
    echo quillstone: %~3 already exists 1>&2
    exit /b 1
)
set "SRC="
if exist "%QUILLSTONE_HOME%\templates\%~2.html" set "SRC=%QUILLSTONE_HOME%\templates\%~2.html"
if exist "%QUILLSTONE_HOME%\templates\%~2.md" set "SRC=%QUILLSTONE_HOME%\templates\%~2.md"
if not defined SRC (
    echo quillstone: no template called '%~2' 1>&2
    exit /b 1
)
copy /y "%SRC%" "%~3" >nul
if /i "%SRC:~-5%"==".html" copy /y "%QUILLSTONE_HOME%\templates\style.css" "%~dp3style.css" >nul
echo quillstone: created %~3 from %~nx2
exit /b 0
