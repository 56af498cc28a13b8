import Domain
import Foundation
import Postgres

extension RecordStep {
    /// The columns a history table's rows are read with (`hazard_steps`, `case_steps`).
    static var columns: SQLQuery { "action, from_state, to_state, text, actor_role, actor_subject_id, at" }

    /// A row of `columns`; a state the code no longer knows reads as `unknown`.
    static func decode(_ row: SQLRow, unknown: State) throws -> RecordStep {
        RecordStep(
            action: try row.decode("action"),
            from: State(rawValue: try row.decode("from_state")) ?? unknown,
            to: State(rawValue: try row.decode("to_state")) ?? unknown,
            text: try row.decode("text"),
            actorRole: try row.decode("actor_role"),
            actorSubjectID: try row.decode("actor_subject_id"),
            at: try row.decode("at")
        )
    }
}
