import Crypto
import Foundation
import _CryptoExtras

/// A password stored as scrypt (memory-hard) with its parameters and a random salt, in
/// one text: `scrypt$<log2 N>$<r>$<p>$<salt>$<key>` (base64url). N = 2^15, r = 8, p = 3 is
/// one of OWASP's equivalent settings (32 MiB of memory per hash); parameters stored
/// with each hash let a later, costlier setting apply to new passwords while old ones
/// keep verifying.
public struct PasswordHash: Sendable, Equatable {
    public var logRounds: Int
    public var blockSize: Int
    public var parallelism: Int
    public var salt: Data
    public var key: Data

    static let keyLength = 32

    /// scrypt's parameters for new hashes.
    public struct Cost: Sendable, Equatable {
        public var logRounds: Int
        public var blockSize: Int
        public var parallelism: Int

        /// The service's: N = 2^15, r = 8, p = 3.
        public static let standard = Cost(logRounds: 15, blockSize: 8, parallelism: 3)
        /// The test suite's (N = 2^10, r = 8, p = 1): its hundreds of sign-ins run in a
        /// debug build, where scrypt takes over a second at the standard cost. The
        /// parameters are stored with each hash, so verifying is the same code either way.
        public static let testing = Cost(logRounds: 10, blockSize: 8, parallelism: 1)
    }

    /// Hashes `password` with a new random salt.
    public static func make(_ password: String, cost: Cost = .standard) throws -> PasswordHash {
        try Self.derive(password, salt: SecureRandom.bytes(16), logRounds: cost.logRounds, blockSize: cost.blockSize, parallelism: cost.parallelism)
    }

    static func derive(_ password: String, salt: Data, logRounds: Int, blockSize: Int, parallelism: Int) throws -> PasswordHash {
        let key = try KDF.Scrypt.deriveKey(
            from: Data(password.utf8),
            salt: salt,
            outputByteCount: Self.keyLength,
            rounds: 1 << logRounds,
            blockSize: blockSize,
            parallelism: parallelism,
            maxMemory: 256 * 1024 * 1024
        )
        return PasswordHash(
            logRounds: logRounds,
            blockSize: blockSize,
            parallelism: parallelism,
            salt: salt,
            key: key.withUnsafeBytes { Data($0) }
        )
    }

    /// Whether `password` is the one hashed; in constant time over the key.
    public func verifies(_ password: String) -> Bool {
        guard
            let again = try? Self.derive(
                password,
                salt: self.salt,
                logRounds: self.logRounds,
                blockSize: self.blockSize,
                parallelism: self.parallelism
            )
        else { return false }
        return ConstantTime.equal(again.key, self.key)
    }

    public var stored: String {
        "scrypt$\(self.logRounds)$\(self.blockSize)$\(self.parallelism)$\(Base64URL.encode(self.salt))$\(Base64URL.encode(self.key))"
    }

    /// `nil` for a text that is not a stored hash with sane parameters.
    public init?(stored: String) {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "scrypt", let logRounds = Int(parts[1]), (10...20).contains(logRounds),
            let blockSize = Int(parts[2]), (1...32).contains(blockSize), let parallelism = Int(parts[3]), (1...16).contains(parallelism),
            let salt = Base64URL.decode(String(parts[4])), salt.count >= 16, let key = Base64URL.decode(String(parts[5])),
            key.count == Self.keyLength
        else { return nil }
        self.init(logRounds: logRounds, blockSize: blockSize, parallelism: parallelism, salt: salt, key: key)
    }

    public init(logRounds: Int, blockSize: Int, parallelism: Int, salt: Data, key: Data) {
        self.logRounds = logRounds
        self.blockSize = blockSize
        self.parallelism = parallelism
        self.salt = salt
        self.key = key
    }

    /// Checked against an unknown login, so that a wrong login takes as long as a wrong
    /// password and the time of an answer does not tell which logins exist.
    public static func decoy(_ cost: Cost = .standard) -> PasswordHash {
        PasswordHash(
            logRounds: cost.logRounds,
            blockSize: cost.blockSize,
            parallelism: cost.parallelism,
            salt: Data(repeating: 7, count: 16),
            key: Data(repeating: 0, count: Self.keyLength)
        )
    }
}

/// Comparison that takes the same time wherever the first difference is.
public enum ConstantTime {
    public static func equal(_ left: Data, _ right: Data) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(left, right) { difference |= a ^ b }
        return difference == 0
    }
}
