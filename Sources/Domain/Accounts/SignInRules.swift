import Foundation

/// How failed sign-ins lock an account and how long a session lives (等保 2.0 level 3:
/// lockout after repeated failures, idle timeout, a bounded session).
public enum SignInRules {
    /// Failures in a row that lock the account.
    public static let failuresBeforeLock = 5
    /// How long a locked account stays locked; signing in afterwards starts the count anew.
    public static let lockDuration: TimeInterval = 15 * 60
    /// A session unused this long ends.
    public static let idleTimeout: TimeInterval = 30 * 60
    /// A session ends this long after it began, however busy.
    public static let absoluteLifetime: TimeInterval = 12 * 3600
    /// An invitation link works this long.
    public static let invitationLifetime: TimeInterval = 72 * 3600

    /// The account's failures and lock after one more failed attempt at `now`.
    public static func afterFailure(failures: Int, now: Date) -> (failures: Int, lockedUntil: Date?) {
        let count = failures + 1
        guard count >= Self.failuresBeforeLock else { return (count, nil) }
        return (0, now.addingTimeInterval(Self.lockDuration))
    }

    public static func isLocked(lockedUntil: Date?, now: Date) -> Bool {
        guard let lockedUntil else { return false }
        return lockedUntil > now
    }

    /// Whether a session begun at `created` and last used at `lastSeen` is live at `now`.
    public static func isLive(created: Date, lastSeen: Date, now: Date) -> Bool {
        now < created.addingTimeInterval(Self.absoluteLifetime) && now < lastSeen.addingTimeInterval(Self.idleTimeout)
    }
}
