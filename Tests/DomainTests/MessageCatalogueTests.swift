import Domain
import Foundation
import Testing

/// The catalogue is complete: every message the code writes has its Chinese, every
/// Chinese entry is a message the code still writes, with the same placeholders, and every
/// enum value people read has its word.
@Suite("Message catalogue")
struct MessageCatalogueTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    /// Every message key of the sources, with the file it is in.
    static let keys: [String: String] = {
        var keys: [String: String] = [:]
        for module in ["Domain", "UseCases", "API", "Storage", "Workers", "oversight"] {
            let root = Self.sources.appendingPathComponent(module)
            guard let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { continue }
            for case let file as URL in files where file.pathExtension == "swift" {
                guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
                for key in MessageScanner.keys(in: text) { keys[key] = file.lastPathComponent }
            }
        }
        return keys
    }()

    @Test("the scanner finds messages where the code writes them")
    func scannerFindsMessages() {
        let source = """
            validator.check(x > 0, "beds", "must not be negative")
            throw DomainError.notFound("institution")
            FieldError("name", "must be at most \\(max) characters")
            let field = FieldError("sha256", ok ? "is fine" : "is \\(size) bytes")
            func reason() -> Message { "the draw is \\(state)" }
            let notAMessage = "plain text"
            print("also not")
            """
        #expect(
            MessageScanner.keys(in: source).sorted() == [
                "institution", "is fine", "is {0} bytes", "must be at most {0} characters", "must not be negative", "the draw is {0}",
            ]
        )
        #expect(Self.keys.count > 150, "the scanner found only \(Self.keys.count) messages in Sources")
    }

    @Test("every message of the code has its Chinese")
    func everyMessageTranslated() {
        let missing = Self.keys.filter { key, _ in key.contains(where: \.isLetter) && MessageCatalogue.chinese[key] == nil }
        #expect(missing.isEmpty, "no Chinese for: \(missing.sorted(by: { $0.key < $1.key }).map { "\($0.value): \($0.key)" })")
    }

    @Test("every entry is a message the code still writes, with the same placeholders, in Chinese")
    func entriesAreUsedAndWellFormed() {
        let terms = Set(Labels.all.flatMap { type in type.allLabels.map(\.key) })
        for (key, chinese) in MessageCatalogue.chinese {
            #expect(Self.keys[key] != nil || terms.contains(key) || MessageCatalogue.runtimeKeys.contains(key), "unused entry: \(key)")
            #expect(Self.placeholders(key) == Self.placeholders(chinese), "placeholders differ: \(key) → \(chinese)")
            #expect(chinese.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "not Chinese: \(key) → \(chinese)")
        }
    }

    @Test("every enum value people read has a Chinese word")
    func everyTermTranslated() {
        for type in Labels.all {
            for label in type.allLabels {
                #expect(MessageCatalogue.chinese[label.key] != nil, "no Chinese word for \(label.key)")
                #expect(label.text(in: .english) == label.english)
            }
        }
    }

    @Test("a message renders in both languages, values in place, dates local")
    func rendering() throws {
        let max = 200
        let message: Message = "must be at most \(max) characters"
        #expect(message.key == "must be at most {0} characters")
        #expect(message.text(in: .english) == "must be at most 200 characters")
        #expect(message.text(in: .chinese) == "最多 200 个字符")
        let state = Hazard.State.rectifying
        let nested: Message = "the hazard is \(state.label)"
        #expect(nested.text(in: .english) == "the hazard is rectifying")
        #expect(nested.text(in: .chinese) == "隐患当前为整改中")
        // 2026-12-11T13:52:29Z is 21:52 in Beijing.
        let until = Date(timeIntervalSince1970: 1_796_997_149)
        let dated: Message = "the objection window is open until \(until)"
        #expect(dated.text(in: .chinese) == "异议期至 2026-12-11 21:52 止")
        #expect(dated.text(in: .english, timeZone: .gmt) == "the objection window is open until 2026-12-11 13:52")
        #expect(FieldError("name", "must not be blank").text(in: .chinese) == "名称不能为空")
        #expect(FieldError("results[2].note", "must not be blank").text(in: .chinese) == "备注不能为空")
        #expect(FieldError("name", "must not be blank").text(in: .english) == "must not be blank")
        // A whole sentence is not led by the label.
        #expect(FieldError("major", "a general hazard is not major").text(in: .chinese) == "一般隐患不能标为重大隐患")
        #expect(FieldError("sample", "give exactly one of sample and ratio").text(in: .chinese) == "sample 与 ratio 须且只能给出一个")
    }

    @Test("the language comes from ?lang, then Accept-Language, Chinese by default")
    func language() {
        #expect(Language(query: nil, acceptLanguage: nil) == .chinese)
        #expect(Language(query: "en", acceptLanguage: "zh-CN") == .english)
        #expect(Language(query: "zh", acceptLanguage: "en") == .chinese)
        #expect(Language(query: nil, acceptLanguage: "en-US,en;q=0.9") == .english)
        #expect(Language(query: nil, acceptLanguage: "fr, zh-CN;q=0.8, en;q=0.5") == .chinese)
        #expect(Language(query: nil, acceptLanguage: "de") == .chinese)
    }

    static func placeholders(_ text: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            found.append(String(rest[open...close]))
            rest = rest[rest.index(after: close)...]
        }
        return found.sorted()
    }
}

extension Labelled {
    static var allLabels: [Message] { Self.allCases.map(\.label) }
}

/// Finds the message literals of Swift source: string literals passed where the code
/// takes a `Message` (the message argument of `FieldError`, `check`, the domain errors,
/// `Problem` (and its `self.init`), labelled `what:`/`detail:`/`title:`/`conflict:` arguments, `Message(…)`)
/// and those a function or property returning `Message` yields. An interpolation becomes
/// `{n}`, as `Message` numbers them.
enum MessageScanner {
    /// Argument positions (by index or label) that take a message, by the called name.
    static let positions: [String: Set<String>] = [
        "FieldError": ["1"], "check": ["2"], "notFound": ["0"], "conflict": ["0", "conflict"], "tooLarge": ["0"],
        "unsupportedType": ["0"], "forbidden": ["0"], "require": ["0"], "refused": ["title", "detail"],
        "Problem": ["2", "detail"], "init": ["2", "detail"], "invalid": ["detail"], "Message": ["0"],
    ]
    static let labels: Set<String> = ["what", "detail", "title", "message", "conflict"]

    struct Frame {
        var name: String
        var isParen: Bool
        var argument = 0
        var label: String?
        /// A brace block whose value is a message (`-> Message { … }`).
        var yieldsMessage = false
    }

    static func keys(in source: String) -> [String] {
        let text = Array(source.unicodeScalars)
        var keys: [String] = []
        var stack: [Frame] = []
        var i = 0
        func at(_ j: Int, _ literal: String) -> Bool {
            let scalars = Array(literal.unicodeScalars)
            return j + scalars.count <= text.count && Array(text[j..<j + scalars.count]) == scalars
        }
        func identifier(before j: Int) -> String {
            var k = j - 1
            while k >= 0, text[k] == " " || text[k] == "\n" || text[k] == "\t" { k -= 1 }
            var name = ""
            while k >= 0, text[k].properties.isAlphabetic || text[k] == "_" || ("0"..."9").contains(text[k]) {
                name = String(text[k]) + name
                k -= 1
            }
            return name
        }
        func label(after j: Int) -> String? {
            var k = j
            while k < text.count, text[k] == " " || text[k] == "\n" || text[k] == "\t" { k += 1 }
            var name = ""
            while k < text.count, text[k].properties.isAlphabetic || text[k] == "_" {
                name.unicodeScalars.append(text[k])
                k += 1
            }
            guard !name.isEmpty, k < text.count, text[k] == ":", k + 1 >= text.count || text[k + 1] != ":" else { return nil }
            return name
        }
        func returnsMessage(before j: Int) -> Bool {
            let start = max(0, j - 40)
            let head = String(String.UnicodeScalarView(text[start..<j])).trimmingCharacters(in: .whitespacesAndNewlines)
            return head.hasSuffix("-> Message") || head.hasSuffix("-> Message?") || head.hasSuffix(": Message")
        }
        func isMessagePosition() -> Bool {
            guard let frame = stack.last else { return false }
            if frame.isParen {
                if let label = frame.label, Self.labels.contains(label) { return true }
                let allowed = Self.positions[frame.name] ?? []
                return allowed.contains(String(frame.argument)) || frame.label.map(allowed.contains) == true
            }
            // In braces: inside a block that yields a message, not inside a call of it.
            return stack.reversed().prefix(while: { !$0.isParen }).contains(where: \.yieldsMessage)
        }
        while i < text.count {
            let c = text[i]
            if at(i, "//") {
                while i < text.count, text[i] != "\n" { i += 1 }
                continue
            }
            if at(i, "/*") {
                i += 2
                while i < text.count, !at(i, "*/") { i += 1 }
                i += 2
                continue
            }
            if at(i, "\"\"\"") {
                i += 3
                while i < text.count, !at(i, "\"\"\"") { i += 1 }
                i += 3
                continue
            }
            if c == "#", at(i + 1, "\"") {
                i += 2
                while i < text.count, !at(i, "\"#") { i += 1 }
                i += 2
                continue
            }
            if c == "\"" {
                var j = i + 1
                var key = ""
                var count = 0
                while j < text.count, text[j] != "\"" {
                    if text[j] == "\\" {
                        if at(j + 1, "(") {
                            var depth = 1
                            j += 2
                            while j < text.count, depth > 0 {
                                if text[j] == "(" {
                                    depth += 1
                                } else if text[j] == ")" {
                                    depth -= 1
                                } else if text[j] == "\"" {
                                    j += 1
                                    while j < text.count, text[j] != "\"" { j += text[j] == "\\" ? 2 : 1 }
                                }
                                j += 1
                            }
                            key += "{\(count)}"
                            count += 1
                            continue
                        }
                        let escaped = text[j + 1]
                        key += escaped == "n" ? "\n" : escaped == "t" ? "\t" : String(escaped)
                        j += 2
                        continue
                    }
                    key.unicodeScalars.append(text[j])
                    j += 1
                }
                if isMessagePosition() { keys.append(key) }
                i = j + 1
                continue
            }
            switch c {
            case "(", "[":
                stack.append(Frame(name: c == "(" ? identifier(before: i) : "[", isParen: true, label: c == "(" ? label(after: i + 1) : nil))
            case "{":
                stack.append(Frame(name: "{", isParen: false, yieldsMessage: returnsMessage(before: i)))
            case ")", "]", "}":
                if !stack.isEmpty { stack.removeLast() }
            case ",":
                if let last = stack.indices.last, stack[last].isParen {
                    stack[last].argument += 1
                    stack[last].label = label(after: i + 1)
                }
            default: break
            }
            i += 1
        }
        return keys
    }
}
