### 설치 스크립트와 README 파일에 쓰이는 텍스트입니다.
###
### 이 메시지는 { -alliance-name }을 통해 배포되는 모든 공급업체 패키지와
### 모든 메신저 번들에 사용되므로 특정 제품을 전제로 해서는 안 됩니다.
### 공통 변수:
###   $name (String) - 제품 이름, 예: "Spark 메신저"
###   $version (String) - 버전 번호, 예: "3.2.1"
###   $vendor (String) - 패키지를 빌드한 공급업체의 이름
###   $prefix (String) - 설치 디렉터리, 예: "/usr/local"


## README

installer-readme-title = { $name } { $version }
installer-readme-intro = 이 압축 파일에는 { $vendor }에서 빌드한 { $name } 패키지가 들어 있으며, { -alliance-name }을 통해 배포됩니다.

installer-readme-verify-title = 다운로드 확인
installer-readme-verify = 설치하기 전에 압축 파일이 변조되지 않았는지 확인하세요. { -channel-name }에 게시된 공개 키와 minisign을 사용하여 서명을 검증하면 됩니다. 검증에 실패하면 패키지를 설치하지 마세요.

installer-readme-install-title = 설치
installer-readme-install-unix = Linux 및 기타 Unix 계열 시스템에서는 압축을 해제한 후 해제된 폴더에서 ./install.sh를 실행하세요. 기본 위치가 아닌 다른 곳에 설치하려면 --prefix 옵션을 추가하세요. 예: ./install.sh --prefix ~/.local
installer-readme-install-windows = Windows에서는 압축을 해제한 후 install.cmd를 두 번 클릭하거나 명령 프롬프트에서 install.cmd를 실행하세요.

# $prefix (String) - 제품이 설치된 디렉터리
installer-uninstall-hint = 나중에 { $name }을(를) 제거하려면 { $prefix }에 있는 제거 스크립트를 실행하세요.

installer-license-title = 라이선스
installer-files-title = 이 압축 파일에 포함된 파일

# $vendor (String) - 도움을 요청할 공급업체
installer-readme-support = 이 패키지에 관해 도움이 필요하면 { $vendor }에 문의하세요. 다운로드 문제는 { -channel-name }에 알려 주세요.


## 설치 스크립트 출력

installer-installing = { $prefix }에 { $name } { $version } 설치 중…

# $old (String) - 현재 설치된 버전
installer-upgrading = { $name }을(를) { $old } 버전에서 { $version } 버전으로 업그레이드하는 중…
installer-already-installed = { $name } { $version } 버전이 이미 { $prefix }에 설치되어 있습니다. 수행할 작업이 없습니다.

# $count (Number) - 설치된 파일 수
installer-done = { $name } 설치를 완료했습니다. 파일 { $count }개를 복사했습니다.

# $reason (String) - 오류에 대한 짧은 설명
installer-failed = 설치 실패: { $reason }
installer-permission-hint = { $prefix }에 쓸 수 있는 권한이 없을 수 있습니다. --prefix 옵션으로 홈 디렉터리 안의 폴더를 지정하거나 관리자 권한으로 설치 프로그램을 실행하세요.


## 메신저 번들
## $language (String) - 해당 언어로 표기한 언어 이름, 예: "Deutsch"
## $fallback (String) - 대체 로캘의 언어 이름, 예: "English"

bundle-readme-title = { -brand-full-name } ({ $language })
bundle-readme-language = 이 번들의 표시 언어는 { $language }입니다.
bundle-readme-fallback = 아직 { $language }(으)로 번역되지 않은 텍스트는 { $fallback }(으)로 표시됩니다.
bundle-language-name = 한국어
