import Domain
import Foundation
import Testing

@Suite("Job retry and periodic schedules")
struct JobRulesTests {
    @Test("nominal delays double from the base up to the cap")
    func nominal() {
        let policy = RetryPolicy(base: 2, cap: 30)
        #expect((1...6).map { policy.nominalDelay(afterAttempt: $0) } == [2, 4, 8, 16, 30, 30])
        #expect(policy.nominalDelay(afterAttempt: 10_000) == 30)
    }

    @Test("jitter stays within half to all of the nominal delay")
    func jitter() {
        let policy = RetryPolicy(base: 1, cap: 3600)
        #expect(policy.delay(afterAttempt: 4, unit: 0) == 4)
        #expect(policy.delay(afterAttempt: 4, unit: 1) == 8)
        #expect(policy.delay(afterAttempt: 4, unit: 0.5) == 6)
        for attempt in 1...20 {
            let delay = policy.delay(afterAttempt: attempt)
            let nominal = policy.nominalDelay(afterAttempt: attempt)
            #expect(delay >= nominal / 2 && delay <= nominal)
        }
    }

    @Test("interval ticks change exactly at the boundary")
    func interval() {
        #expect(PeriodicSchedule.intervalTick(Date(timeIntervalSince1970: 59.9), seconds: 60) == "0")
        #expect(PeriodicSchedule.intervalTick(Date(timeIntervalSince1970: 60), seconds: 60) == "1")
    }

    @Test("a stalled scheduler catches up the interval ticks it missed, within a limit")
    func catchUp() {
        #expect(PeriodicSchedule.dueTicks(last: nil, current: "7") == ["7"])
        #expect(PeriodicSchedule.dueTicks(last: "7", current: "7") == [])
        #expect(PeriodicSchedule.dueTicks(last: "7", current: "8") == ["8"])
        #expect(PeriodicSchedule.dueTicks(last: "7", current: "10") == ["8", "9", "10"])
        #expect(PeriodicSchedule.dueTicks(last: "7", current: "100", limit: 3) == ["98", "99", "100"])
        #expect(PeriodicSchedule.dueTicks(last: "2026-11-22", current: "2026-11-23") == ["2026-11-23"])
        #expect(PeriodicSchedule.dueTicks(last: "2026-11-23", current: "2026-11-23") == [])
    }

    @Test("daily ticks follow the tenant's local date and time")
    func daily() throws {
        let shanghai = try #require(TimeZone(identifier: "Asia/Shanghai"))
        // 2026-11-22T17:30Z is 2026-11-23 01:30 in Shanghai.
        let date = Date(timeIntervalSince1970: 1_795_368_600)
        #expect(PeriodicSchedule.dailyTick(date, hour: 1, minute: 0, timeZone: shanghai) == "2026-11-23")
        #expect(PeriodicSchedule.dailyTick(date, hour: 2, minute: 0, timeZone: shanghai) == nil)
        #expect(PeriodicSchedule.dailyTick(date, hour: 1, minute: 0, timeZone: .gmt) == "2026-11-22")
    }
}
