import Foundation
import Testing

@testable import API

/// The multipart reader is a pure state machine: every way of cutting a body into
/// pieces gives the same file.
@Suite("multipart/form-data: the file part, however the body is cut")
struct MultipartFileReaderTests {
    func body(_ file: [UInt8], boundary: String) -> [UInt8] {
        let text =
            "preamble to ignore\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nnot a file\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"照片 1.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
        return Array(text.utf8) + file + Array("\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ny\r\n--\(boundary)--\r\n".utf8)
    }

    func read(_ body: [UInt8], boundary: String, pieces: Int) throws -> (file: [UInt8], name: String?, type: String?) {
        var reader = try #require(MultipartFileReader(contentType: "multipart/form-data; boundary=\"\(boundary)\""))
        var out: [UInt8] = []
        var index = 0
        while index < body.count {
            let end = min(body.count, index + pieces)
            out += try reader.feed(body[index..<end])
            index = end
        }
        try reader.finish()
        return (out, reader.fileName, reader.contentType)
    }

    @Test("pieces of every size from one byte up give the file, its name and its type")
    func everyCut() throws {
        // The file holds the delimiter's prefix and CRLFs, which must not end it early.
        let boundary = "XyZ-123"
        let file = Array("\r\n--XyZ-12 almost\r\n-- a boundary\r\n".utf8) + (0..<3000).map { UInt8($0 % 251) }
        let body = self.body(file, boundary: boundary)
        for pieces in [1, 2, 3, 5, 7, 11, 64, 1000, body.count] {
            let read = try self.read(body, boundary: boundary, pieces: pieces)
            #expect(read.file == file, "cut into pieces of \(pieces)")
            #expect(read.name == "照片 1.jpg")
            #expect(read.type == "image/jpeg")
        }
    }

    @Test("a body without a file part, a truncated file, a bad content type")
    func failures() throws {
        var onlyFields = try #require(MultipartFileReader(contentType: "multipart/form-data; boundary=b"))
        _ = try? onlyFields.feed(Array("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--\r\n".utf8))
        #expect(throws: MultipartFileReader.Failure.noFile) { try onlyFields.finish() }

        var truncated = try #require(MultipartFileReader(contentType: "multipart/form-data; boundary=b"))
        _ = try truncated.feed(Array("--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n\r\nhalf a fi".utf8))
        #expect(throws: MultipartFileReader.Failure.self) { try truncated.finish() }

        #expect(MultipartFileReader(contentType: "multipart/form-data") == nil)
        #expect(MultipartFileReader(contentType: "application/json; boundary=b") == nil)
        #expect(MultipartFileReader(contentType: "multipart/form-data; boundary=" + String(repeating: "x", count: 71)) == nil)
    }
}
