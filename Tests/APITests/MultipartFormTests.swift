import Foundation
import Testing

@testable import API

/// The pages' whole-body multipart reader: fields and files, an empty file input left
/// out, a body that is not the boundary's refused.
@Suite("multipart/form-data of the pages' forms: fields and files")
struct MultipartFormTests {
    let type = "multipart/form-data; boundary=XyZ"

    func part(_ name: String, _ value: String) -> String { "--XyZ\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n" }

    @Test("fields, a file with its bytes (CRLF inside kept), and an empty file input")
    func reads() throws {
        let bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x2D, 0x2D, 0x58]
        var body = Array((self.part("csrf", "t0k") + self.part("note", "三楼\r\n东侧")).utf8)
        body += Array("--XyZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"出口.png\"\r\nContent-Type: image/png\r\n\r\n".utf8)
        body += bytes + Array("\r\n--XyZ\r\nContent-Disposition: form-data; name=\"signature\"; filename=\"\"\r\n\r\n\r\n--XyZ--\r\n".utf8)
        let form = try #require(MultipartForm.parse(body, contentType: self.type))
        #expect(form.fields == ["csrf": "t0k", "note": "三楼\r\n东侧"])
        #expect(form.files["photo"] == MultipartForm.File(fileName: "出口.png", contentType: "image/png", bytes: bytes))
        #expect(form.files["signature"] == nil)
    }

    @Test("another boundary, no closing boundary, a part without its blank line, or not multipart: nil")
    func refuses() {
        #expect(MultipartForm.parse(Array(self.part("a", "b").utf8), contentType: "multipart/form-data; boundary=Other") == nil)
        #expect(MultipartForm.parse(Array(self.part("a", "b").utf8), contentType: self.type) == nil)
        #expect(MultipartForm.parse(Array("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n--XyZ--\r\n".utf8), contentType: self.type) == nil)
        #expect(MultipartForm.parse(Array("a=b".utf8), contentType: "application/x-www-form-urlencoded") == nil)
        #expect(MultipartForm.parse(Array((self.part("a", "b") + "--XyZ--\r\n").utf8), contentType: self.type)?.fields == ["a": "b"])
    }
}
