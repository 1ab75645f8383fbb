@echo off
rem Ledgerline Accounts - Windows launcher
setlocal EnableExtensions
if not defined LEDGERLINE_HOME set "LEDGERLINE_HOME=%~dp0.."
set "APP=%LEDGERLINE_HOME%\lib\ledgerline\ledgerline-app.exe"

if /i "%~1"=="--version" (echo Ledgerline Accounts 4.2.0 & exit /b 0)
if /i "%~1"=="new" goto newbook
if /i "%~1"=="sample" goto newbook

if not exist "%APP%" (
    echo ledgerline: application not found at %APP% 1>&2
    exit /b 1
)
start "" "%APP%" --config "%LEDGERLINE_HOME%\etc\ledgerline.ini" %*
exit /b 0

:newbook
if "%~2"=="" (
    echo usage: ledgerline.cmd %~1 DIR 1>&2
    exit /b 2
)
if exist "%~2" (
    echo ledgerline: %~2 already exists 1>&2
    exit /b 1
)
mkdir "%~2"
copy /y "%LEDGERLINE_HOME%\data\chart-of-accounts.csv" "%~2\accounts.csv" >nul
copy /y "%LEDGERLINE_HOME%\data\tax-codes.tsv" "%~2\tax-codes.tsv" >nul
if /i "%~1"=="sample" (
    copy /y "%LEDGERLINE_HOME%\samples\sample-ledger.csv" "%~2\ledger.csv" >nul
) else (
    > "%~2\ledger.csv" echo date,voucher,account,description,debit,credit,tax_code
)
echo ledgerline: created company book in %~2
exit /b 0
