import Crypto
import Foundation

/// SHA-256, the hash the rules name (tokens, request fingerprints, draw commitments).
public enum SHA256Digest {
    public static func hash(_ data: Data) -> Data { Data(SHA256.hash(data: data)) }

    public static func hex(_ data: Data) -> String {
        Hex.encode(self.hash(data))
    }
}
