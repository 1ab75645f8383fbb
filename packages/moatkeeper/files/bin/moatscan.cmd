@echo off
rem moatscan.cmd - Moatkeeper Antivirus scanner for Windows
rem   moatscan.cmd [-a report^|quarantine^|delete] PATH...
rem   moatscan.cmd --schedule HH:MM        daily scan of the user profile
rem   moatscan.cmd --unschedule
rem   moatscan.cmd --list-quarantine ^| --restore ID ^| --db-info
setlocal EnableExtensions
if not defined MOAT_HOME set "MOAT_HOME=%~dp0.."
set "ENGINE=%MOAT_HOME%\lib\moatkeeper\moat-engine.exe"
set "CONF=%ProgramData%\Moatkeeper\scan.conf"
set "TASK=Moatkeeper Scheduled Scan"

if not exist "%CONF%" (
    if not exist "%ProgramData%\Moatkeeper" mkdir "%ProgramData%\Moatkeeper"
    copy /y "%MOAT_HOME%\etc\moatkeeper\scan.conf" "%CONF%" >nul
)

if /i "%~1"=="--schedule" goto schedule
if /i "%~1"=="--unschedule" goto unschedule
if "%~1"=="" goto usage

if not exist "%ENGINE%" (
    echo moatscan: scan engine not found at %ENGINE% 1>&2
    exit /b 2
)
"%ENGINE%" --config "%CONF%" --home "%MOAT_HOME%" %*
exit /b %ERRORLEVEL%

:schedule
if "%~2"=="" (
    echo usage: moatscan.cmd --schedule HH:MM 1>&2
    exit /b 2
)
schtasks /create /f /sc daily /st %~2 /tn "%TASK%" /tr "\"%~f0\" -q -a quarantine \"%USERPROFILE%\""
exit /b %ERRORLEVEL%

:unschedule
schtasks /delete /f /tn "%TASK%"
exit /b %ERRORLEVEL%

:usage
echo usage: moatscan.cmd [-a report^|quarantine^|delete] PATH...
echo        moatscan.cmd --schedule HH:MM ^| --unschedule
echo        moatscan.cmd --list-quarantine ^| --restore ID ^| --db-info
exit /b 2
