import Domain
import Foundation
import Storage

/// The regulator's workbench: the to-do list (a count per queue) and a queue's items.
public struct WorkbenchUseCases: Sendable {
    let store = WorkbenchStore()
    /// Items a queue's page shows.
    public static let queueLimit = 100

    public init(_ dependencies: UseCaseDependencies) {}

    public func counts(_ caller: Caller) async throws -> [WorkQueue: Int] {
        try caller.decide { RegulatorAccess.decide($0, .openDashboard) }.require("resource")
        return try await self.store.counts(caller.finishing())
    }

    public func items(_ caller: Caller, _ queue: WorkQueue) async throws -> [WorkItem] {
        try caller.decide { RegulatorAccess.decide($0, .openDashboard) }.require("resource")
        return try await self.store.items(caller.finishing(), queue, limit: Self.queueLimit)
    }
}
