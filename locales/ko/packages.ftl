package-ledgerline-name = Ledgerline 회계
package-ledgerline-description = 상점과 소규모 기업을 위한 복식부기 프로그램으로, 바로 쓸 수 있는 계정과목표와 판매세 코드, 연습용 예제 회사가 들어 있습니다.
package-spark-messenger-name = { -brand-full-name }
