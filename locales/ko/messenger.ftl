### Spark 인스턴트 메신저의 사용자 인터페이스 문자열입니다.
###
### 브랜드 및 연합 이름은 shared/brand.ftl에서 가져오며 { -brand-name }과
### 같은 용어 형태로 참조합니다. 메시지 ID는 해당 섹션 이름으로 시작합니다
### (login-, presence-, contacts-, chat-, lan-, transfer-, settings-,
### error-, about-).


## 로그인 창

login-window-title = { -brand-name }에 로그인
login-heading = { -brand-name }에 오신 것을 환영합니다
login-subheading = 로컬 네트워크의 모든 사람과 채팅하세요. 서버가 필요 없습니다.

login-nickname =
    .label = 닉네임
    .placeholder = 다른 사람에게 표시될 이름
login-password =
    .label = 비밀번호
    .placeholder = 선택 사항
login-remember-me =
    .label = 이 컴퓨터에서 로그인 정보 기억
    .accesskey = R
login-button =
    .label = 로그인
    .accesskey = S

login-in-progress = 로그인하는 중…
login-failed = 로그인하지 못했습니다. 닉네임과 비밀번호를 확인한 후 다시 시도하세요.

# $reason (String) - 문제의 원인에 대한 짧은 기술적 설명
login-failed-reason = 로그인 실패: { $reason }

# $name (String) - 사용자가 사용하려고 한 닉네임
login-nickname-taken = “{ $name }” 닉네임은 이 네트워크에서 이미 사용 중입니다. 다른 닉네임을 선택하세요.

# $max (Number) - 닉네임에 허용되는 최대 글자 수
login-nickname-too-long = 닉네임은 최대 { $max }자까지 사용할 수 있습니다.

# $name (String) - 사용자 자신의 닉네임
login-signed-in-as = { $name }(으)로 로그인됨
login-sign-out = 로그아웃


## 상태
## 이 상태 이름은 상태 메뉴와 각 연락처 옆에 표시됩니다.

presence-online = 온라인
presence-away = 자리 비움
presence-busy = 다른 용무 중
presence-invisible = 숨김
presence-offline = 오프라인

presence-change-status =
    .label = 상태 설정
    .tooltip = 네트워크의 다른 사람에게 내 상태가 어떻게 보일지 선택합니다

presence-invisible-hint = “{ presence-invisible }” 상태에서도 다른 사람을 볼 수 있지만, 다른 사람에게는 내가 “{ presence-offline }” 상태로 표시됩니다.

# $minutes (Number) - 상태가 자리 비움으로 바뀌기까지의 유휴 시간
presence-auto-away = { $minutes }분 동안 활동이 없으면 “{ presence-away }” 상태로 전환

# $time (String) - 이미 서식이 적용된 값, 예: "10:42" 또는 "어제"
presence-last-seen = 마지막 접속: { $time }


## 연락처 및 그룹

contacts-title = 연락처
contacts-search =
    .placeholder = 연락처 검색
contacts-add =
    .label = 연락처 추가…
    .tooltip = 네트워크에 있는 사람을 연락처 목록에 추가합니다
contacts-remove = 연락처 삭제

# $name (String) - 연락처의 닉네임
contacts-remove-confirm = { $name } 님을 연락처에서 삭제할까요?
contacts-added = { $name } 님을 연락처에 추가했습니다.
contacts-removed = { $name } 님을 연락처에서 삭제했습니다.

# $count (Number) - 현재 온라인 상태인 연락처 수
contacts-online-count = 온라인 연락처 { $count }명

# $count (Number) - 목록에 있는 전체 연락처 수
contacts-total-count = 연락처 { $count }명

contacts-empty = 아직 연락처가 없습니다. 네트워크를 검색하여 주변 사람을 찾아보세요.

contacts-group-new = 새 그룹…
contacts-group-rename = 그룹 이름 바꾸기
contacts-group-delete = 그룹 삭제
contacts-group-name =
    .placeholder = 그룹 이름
# 다른 그룹에 속하지 않은 연락처를 위한 기본 제공 그룹의 이름입니다.
contacts-group-default = 기타 연락처

# $group (String) - 삭제할 그룹의 이름
contacts-group-delete-confirm = “{ $group }” 그룹을 삭제할까요? 이 그룹의 연락처는 “{ contacts-group-default }” 그룹으로 이동합니다.

# 연락처 목록의 그룹 머리글입니다.
# $group (String) - 그룹 이름
# $online (Number) - 이 그룹에서 온라인 상태인 연락처 수
# $total (Number) - 이 그룹의 전체 연락처 수
contacts-group-summary = { $group } ({ $online }/{ $total })


## 채팅 창

# $name (String) - 대화 상대의 닉네임
chat-window-title = { $name } 님과 채팅
chat-input =
    .placeholder = 메시지 입력…
chat-send =
    .label = 보내기
    .accesskey = d

# $name (String) - 입력 중인 사람의 닉네임
chat-typing = { $name } 님이 입력 중…

# $count (Number) - 그룹 채팅에서 입력 중인 사람 수
chat-typing-many = { $count }명이 입력 중…

chat-sending = 보내는 중…
chat-delivered = 전송됨
chat-read = 읽음

# $time (String) - 이미 서식이 적용된 시간, 예: "10:42"
chat-read-at = { $time }에 읽음
chat-send-failed = 전송되지 않았습니다. 다시 시도하려면 클릭하세요.

# $count (Number) - 읽지 않은 메시지 수
chat-unread = 읽지 않은 메시지 { $count }개

chat-notification-title = { $name } 님의 새 메시지
chat-today = 오늘
chat-yesterday = 어제
chat-copy = 복사

chat-history =
    .label = 대화 기록
    .tooltip = 이 대화의 이전 메시지를 표시합니다
chat-history-empty = 아직 { $name } 님과 주고받은 메시지가 없습니다. 먼저 인사해 보세요!
chat-clear-history = 대화 기록 지우기…
chat-clear-history-confirm = { $name } 님과의 대화 기록을 모두 지울까요? 이 작업은 되돌릴 수 없습니다.
chat-clear-history-button = 대화 기록 지우기
chat-peer-offline = { $name } 님은 오프라인 상태입니다. 상대방이 다시 접속하면 메시지가 전달됩니다.


## LAN 검색
## Spark는 로컬 네트워크에 브로드캐스트하여 다른 사용자를 찾습니다.

lan-scan =
    .label = 네트워크 검색
    .accesskey = N
lan-scanning = 네트워크를 검색하는 중…

# $count (Number) - 찾은 다른 Spark 사용자 수
lan-found = 네트워크에서 { $count }명을 찾았습니다

lan-no-peers = 네트워크에서 다른 사람을 찾지 못했습니다.

# $port (Number) - 검색에 사용하는 UDP 포트
lan-firewall-hint = 찾는 사람이 보이지 않나요? 방화벽에서 { -brand-name }의 UDP { $port }번 포트 사용을 허용했는지 확인하세요.

# $subnet (String) - CIDR 표기법으로 나타낸 네트워크, 예: "192.168.1.0/24"
lan-subnet = 서브넷: { $subnet }
lan-other-subnet =
    .label = 이 서브넷도 검색
    .placeholder = 예: 192.168.2.0/24

# $name (String) - 사용자의 닉네임
lan-peer-joined = { $name } 님이 네트워크에 접속했습니다.
lan-peer-left = { $name } 님이 네트워크에서 나갔습니다.

# $address (String) - 상대 컴퓨터의 IP 주소
lan-peer-address = { $name } ({ $address })


## 파일 및 이미지 전송

transfer-send-file =
    .label = 파일 보내기…
    .accesskey = F
transfer-send-image =
    .label = 이미지 보내기…
    .accesskey = I

# $name (String) - 보내는 사람의 닉네임
# $file (String) - 파일 이름
# $size (String) - 사람이 읽기 쉬운 크기, 예: "2.4 MB"
transfer-incoming = { $name } 님이 { $file }({ $size }) 파일을 보내려고 합니다.

# $count (Number) - 파일 수
transfer-file-count = 파일 { $count }개

transfer-accept = 수락
transfer-decline = 거절
transfer-save-as = 다른 이름으로 저장…
transfer-cancel = 취소

# $name (String) - 받는 사람의 닉네임
transfer-waiting = { $name } 님이 수락하기를 기다리는 중…
transfer-declined = { $name } 님이 { $file } 파일 받기를 거절했습니다.

# $percent (Number) - 0에서 100 사이
transfer-progress = { $file } 보내는 중… { $percent }%

# $done (String) - 사람이 읽기 쉬운 형식의 전송된 양, 예: "1.2 MB"
# $size (String) - 사람이 읽기 쉬운 형식의 전체 크기, 예: "2.4 MB"
# $percent (Number) - 0에서 100 사이
transfer-progress-detail = { $size } 중 { $done } ({ $percent }%)

transfer-complete = { $file } 파일을 전송했습니다.
transfer-failed = { $file } 파일을 전송하지 못했습니다.
transfer-cancelled = { $file } 파일 전송이 취소되었습니다.

transfer-open-file = 열기
transfer-show-in-folder = 폴더에서 보기

transfer-image-preview =
    .alt = { $file } 미리 보기
    .title = 클릭하면 원본 크기 이미지를 엽니다

# $max (String) - 사람이 읽기 쉬운 크기 제한, 예: "2 GB"
transfer-too-large = { $file } 파일은 너무 커서 보낼 수 없습니다. 최대 파일 크기는 { $max }입니다.


## 설정

settings-title = 설정
settings-language =
    .label = 언어
settings-language-system = 시스템 언어 사용
settings-restart-required = 새 언어를 적용하려면 { -brand-name }를 다시 시작하세요.

settings-theme =
    .label = 테마
settings-theme-system = 시스템 설정과 동일
settings-theme-light = 밝게
settings-theme-dark = 어둡게

settings-notifications =
    .label = 새 메시지가 오면 데스크톱 알림 표시
    .accesskey = o
settings-sounds =
    .label = 소리 재생
    .accesskey = P
settings-start-at-login =
    .label = 컴퓨터에 로그인하면 { -brand-name } 자동 시작
    .accesskey = L

settings-download-folder =
    .label = 받은 파일 저장 위치
settings-download-folder-choose =
    .label = 선택…
    .accesskey = C

settings-port =
    .label = 포트 번호
    .placeholder = 2425

# $port (Number) - 기본 포트
settings-port-hint = 기본값: { $port }. 네트워크의 모든 사용자가 같은 포트를 사용해야 합니다.

# $min (Number) - 허용되는 가장 낮은 포트
# $max (Number) - 허용되는 가장 높은 포트
settings-port-invalid = { $min }에서 { $max } 사이의 포트 번호를 입력하세요.

settings-save = 저장
settings-cancel = 취소


## 오류

error-connection-lost = 연결이 끊어졌습니다. 다시 연결하는 중…
error-network-unavailable = 네트워크에 연결되어 있지 않습니다. { -brand-name }가 계속 네트워크를 찾습니다.

# $port (Number) - 이미 사용 중인 포트 번호
error-port-in-use = { $port }번 포트는 이미 다른 프로그램에서 사용 중입니다. 설정에서 다른 포트를 선택하세요.

# $file (String) - 저장하지 못한 파일의 이름
error-disk-full = 디스크 공간이 부족하여 { $file } 파일을 저장할 수 없습니다.

# $name (String) - 연결할 수 없는 사용자의 닉네임
error-peer-unreachable = { $name } 님에게 연결할 수 없습니다. 상대방이 오프라인이거나 방화벽 뒤에 있을 수 있습니다.

error-file-not-found = { $file } 파일을 찾을 수 없습니다. 이동되었거나 삭제되었을 수 있습니다.

# $path (String) - 쓰기에 실패한 폴더
error-permission-denied = { -brand-name }에 { $path } 폴더에 대한 쓰기 권한이 없습니다.

# $reason (String) - 오류에 대한 짧은 기술적 설명
error-unexpected = 문제가 발생했습니다: { $reason }


## 정보 대화 상자

about-title = { -brand-name } 정보

# $version (String) - 버전 번호, 예: "3.2.1"
about-version = { -brand-name } { $version }
about-description = 로컬 네트워크를 위한 작고 가벼운 인스턴트 메신저입니다.
about-history = { -brand-name }는 처음에 270KB에 불과했고 386 컴퓨터에서 실행되었습니다. 지금도 많은 자원을 요구하지 않습니다.

# $year (Number) - 출시 연도
about-copyright = © { $year } { -vendor-name }
about-license = { -brand-full-name }는 MIT 또는 Apache 2.0 라이선스로 배포되는 자유 소프트웨어입니다.
about-built-for = { -alliance-name }용 빌드
about-check-updates =
    .label = 업데이트 확인
    .accesskey = U
about-update-available = { -channel-name }에서 { -brand-name } { $version } 버전을 받을 수 있습니다.
about-up-to-date = 최신 버전을 사용하고 있습니다.
