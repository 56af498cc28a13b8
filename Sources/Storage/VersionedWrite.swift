import Domain
import Foundation
import Postgres

/// A table's columns, written once: the SELECT list, and the names rows are decoded by
/// (`row.decode("credit_code")`), so a column added in the middle cannot shift the others.
/// An entry is a column (`credit_code`; qualified, `i.credit_code`, it is still decoded as
/// `credit_code`) or, for a computed one, `expression AS name`, decoded by `name`.
struct ColumnList: Sendable {
    /// Column names and `expression AS name` entries, in SELECT order.
    let entries: [String]
    /// The list for a SELECT or RETURNING, as trusted SQL text (the entries are constants
    /// of the code), joined once: every read of the table uses it.
    let sql: SQLQuery

    init(_ entries: String...) {
        self.entries = entries
        self.sql = SQLQuery(unsafeSQL: entries.joined(separator: ", "))
    }
}

/// What every versioned change of a record does: write it only if the stored version is
/// still the one read (412 otherwise), and map a uniqueness violation to a 409 the client
/// can act on. (The audit row is the use case's: it knows the action and the actor.)
struct VersionedWrite: Sendable {
    /// The 409's text for a uniqueness violation.
    var conflict: Message

    /// Runs `update`, an `UPDATE … WHERE … AND version = <current> RETURNING id`.
    func update(_ transaction: TenantTransaction, _ update: SQLQuery, currentVersion: Int) async throws {
        let rows: SQLRows
        do {
            rows = try await transaction.query(update)
        } catch let error as LibpqError {
            throw error.domainError(conflict: self.conflict)
        }
        guard !rows.isEmpty else { throw DomainError.stale(currentVersion: currentVersion) }
    }

    /// Runs `insert`.
    func insert(_ transaction: TenantTransaction, _ insert: SQLQuery) async throws {
        do {
            try await transaction.query(insert)
        } catch let error as LibpqError {
            throw error.domainError(conflict: self.conflict)
        }
    }
}
