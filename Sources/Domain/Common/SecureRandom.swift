import Foundation

/// Secret random bytes from the system's CSPRNG (`SystemRandomNumberGenerator`:
/// getrandom(2) on Linux), for salts, keys, tokens and codes.
public enum SecureRandom {
    public static func bytes(_ count: Int) -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }
}
