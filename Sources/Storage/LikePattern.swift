import Foundation

/// `ILIKE` patterns built from a person's search text, its wildcards taken literally.
enum LikePattern {
    /// "contains `text`": `%text%`, with `\\`, `%` and `_` escaped.
    static func contains(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
        return "%" + escaped + "%"
    }
}
