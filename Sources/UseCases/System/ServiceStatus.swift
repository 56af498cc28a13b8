import Domain
import Foundation
import Storage

/// Whether the service can serve: the database answers and its schema is current.
public struct ServiceStatus: Sendable {
    public enum Readiness: Sendable, Equatable {
        case ready, migrationsPending, databaseUnavailable
    }

    let database: Database
    let schemaIsCurrent: (@Sendable () async throws -> Bool)?

    public init(_ dependencies: UseCaseDependencies) {
        self.database = dependencies.database
        self.schemaIsCurrent = dependencies.schemaIsCurrent
    }

    public func readiness() async -> Readiness {
        guard await self.database.answers() else { return .databaseUnavailable }
        guard let schemaIsCurrent else { return .ready }
        do {
            return try await schemaIsCurrent() ? .ready : .migrationsPending
        } catch {
            return .databaseUnavailable
        }
    }

    /// Whether an error means the database cannot be reached right now (503, retry).
    public static func isUnavailable(_ error: any Error) -> Bool { Database.isUnavailable(error) }

    /// An error's full text for the log; never for a client.
    public static func logDescription(_ error: any Error) -> String { Database.logDescription(error) }
}
