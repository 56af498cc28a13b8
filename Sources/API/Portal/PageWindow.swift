import Domain
import Hummingbird

/// One page (`?page=`, from 1) of a long table on a portal page: which rows it shows,
/// the "first–last" text, and the links to the neighbouring pages.
struct PageWindow {
    let number: Int
    let pages: Int
    /// The rows shown, as indices into the whole table.
    let range: Range<Int>

    init(_ request: Request, count: Int, size: Int) throws {
        self.pages = max(1, (count + size - 1) / size)
        if let text = request.uri.queryParameters.get("page") {
            guard let page = Int(text), page >= 1, page <= self.pages else {
                throw Problem.invalid([FieldError("page", "must be an integer from 1 to \(self.pages)")])
            }
            self.number = page
        } else {
            self.number = 1
        }
        self.range = min((self.number - 1) * size, count)..<min(self.number * size, count)
    }

    var rangeText: String { self.range.isEmpty ? "0" : "\(self.range.lowerBound + 1)–\(self.range.upperBound)" }

    /// Sets `previousPage` and `nextPage` where they exist, each carrying `query`
    /// (already encoded, starting with "&").
    func addLinks(to values: inout [String: Any], carrying query: String) {
        if self.number > 1 { values["previousPage"] = "?page=\(self.number - 1)\(query)" }
        if self.number < self.pages { values["nextPage"] = "?page=\(self.number + 1)\(query)" }
    }
}
