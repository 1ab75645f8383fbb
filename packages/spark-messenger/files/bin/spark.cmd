@echo off
rem Spark LAN messenger - Windows launcher
rem Usage: spark.cmd [-c FILE] [-n NAME] [-p PORT] [-l LANG] [--init]
setlocal EnableExtensions

if not defined SPARK_HOME set "SPARK_HOME=%~dp0.."
set "USER_DIR=%APPDATA%\Spark"
set "CONFIG=%SPARK_CONFIG%"
set "NICK=%USERNAME%"
set "LANGTAG=%SPARK_LANG%"
set "PORT="

:parse
if "%~1"=="" goto run
if /i "%~1"=="-c" (set "CONFIG=%~2" & shift & shift & goto parse)
if /i "%~1"=="-n" (set "NICK=%~2" & shift & shift & goto parse)
if /i "%~1"=="-p" (set "PORT=%~2" & shift & shift & goto parse)
if /i "%~1"=="-l" (set "LANGTAG=%~2" & shift & shift & goto parse)
if /i "%~1"=="--init" goto init
if /i "%~1"=="--version" (echo Spark Messenger 3.2.1 & exit /b 0)
if /i "%~1"=="-h" goto usage
echo spark: unknown option: %~1 1>&2
goto usage

:init
if not exist "%USER_DIR%\downloads" mkdir "%USER_DIR%\downloads"
if exist "%USER_DIR%\spark.conf" (
    echo spark: %USER_DIR%\spark.conf already exists, not overwriting 1>&2
    exit /b 1
)
copy /y "%SPARK_HOME%\share\spark\spark.conf" "%USER_DIR%\spark.conf" >nul
echo spark: wrote %USER_DIR%\spark.conf
exit /b 0

:run
if not defined CONFIG if exist "%USER_DIR%\spark.conf" set "CONFIG=%USER_DIR%\spark.conf"
if not defined CONFIG set "CONFIG=%SPARK_HOME%\share\spark\spark.conf"
if not exist "%CONFIG%" (
    echo spark: cannot read configuration: %CONFIG% 1>&2
    exit /b 1
)
if not defined LANGTAG set "LANGTAG=en-US"
if not exist "%SPARK_HOME%\lib\spark\spark-core.exe" (
    echo spark: messenger core not found in %SPARK_HOME%\lib\spark 1>&2
    exit /b 1
)
set "PORTARG="
if defined PORT set "PORTARG=--port %PORT%"
"%SPARK_HOME%\lib\spark\spark-core.exe" --config "%CONFIG%" --lang %LANGTAG% --nick "%NICK%" %PORTARG%
exit /b %ERRORLEVEL%

:usage
echo Usage: spark.cmd [-c FILE] [-n NAME] [-p PORT] [-l LANG] [--init] [--version]
exit /b 2
