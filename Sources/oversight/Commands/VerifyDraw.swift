import ArgumentParser
import Domain
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `oversight verify-draw FILE|URL`: an independent check of a published draw record.
/// It needs no database and trusts nothing in the record but the algorithm: the seed
/// must match the commitment, the roster its hash, and a rerun the assignments.
struct VerifyDraw: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-draw",
        abstract: "Verify a published draw record (a file, or an http(s) URL of /public/{slug}/draws/{id})."
    )

    @Argument(help: "A record file, or its URL.") var source: String

    struct NotVerified: Error, CustomStringConvertible {
        var description: String
    }

    func run() async throws {
        let data = try await Self.load(self.source)
        let record: DrawRecord
        do {
            record = try JSONDecoder().decode(DrawRecord.self, from: data)
        } catch {
            throw NotVerified(description: "not a draw record: \(error)")
        }
        switch DrawVerifier.verify(record) {
        case .verified:
            print("verified")
        case .notYetDrawn:
            throw NotVerified(description: "not drawn yet: the roster hash checks out; there is no seed to verify")
        case .failed(let difference):
            throw NotVerified(description: "failed: \(difference)")
        }
    }

    static func load(_ source: String) async throws -> Data {
        guard source.hasPrefix("http://") || source.hasPrefix("https://") else {
            return try Data(contentsOf: URL(fileURLWithPath: source))
        }
        guard let url = URL(string: source) else { throw NotVerified(description: "not a URL: \(source)") }
        let (data, response) = try await URLSession.shared.data(from: url)
        if let http = response as? HTTPURLResponse, http.statusCode != 200 {
            throw NotVerified(description: "\(source) answered \(http.statusCode)")
        }
        return data
    }
}
