import Domain
import Foundation
import Testing

@Suite("Institution register rules")
struct InstitutionTests {
    func fields() -> InstitutionFields {
        var fields = InstitutionFields()
        fields.name = "沈河区颐养中心"
        fields.creditCode = "91350100M000100Y43"
        fields.operatorType = .publicBuiltPrivateRun
        fields.district = "沈河区"
        fields.status = .operating
        fields.beds = 100
        fields.nursingBeds = 60
        return fields
    }

    @Test("a complete input makes version 1 with defaults for optional figures")
    func create() throws {
        let institution = try self.fields().makeInstitution(id: UUIDv7.make(), at: Date())
        #expect(institution.version == 1)
        #expect(institution.residents == 0)
        #expect(institution.address == "")
    }

    @Test("missing required fields are each named")
    func missing() {
        var fields = self.fields()
        fields.name = nil
        fields.district = nil
        #expect(throws: DomainError.invalid([FieldError("name", "is required"), FieldError("district", "is required")])) {
            try fields.makeInstitution(id: UUID(), at: Date())
        }
    }

    @Test("nursing beds may not exceed beds, and figures may not be negative")
    func beds() throws {
        var fields = self.fields()
        fields.nursingBeds = 101
        fields.staff = -1
        do {
            _ = try fields.makeInstitution(id: UUID(), at: Date())
            Issue.record("expected a validation error")
        } catch DomainError.invalid(let errors, _) {
            #expect(errors.map(\.field).sorted() == ["nursing_beds", "staff"])
        }
    }

    @Test("a bad credit code names the field with the reason")
    func creditCode() {
        var fields = self.fields()
        fields.creditCode = "91350100M000100Y44"
        #expect(throws: DomainError.invalid([FieldError("credit_code", "check character does not match (expected 3)")])) {
            try fields.makeInstitution(id: UUID(), at: Date())
        }
    }

    @Test("applying a patch bumps the version and keeps untouched fields")
    func patch() throws {
        let current = try self.fields().makeInstitution(id: UUID(), at: Date(timeIntervalSince1970: 0))
        var patch = InstitutionFields()
        patch.residents = 55
        let next = try patch.apply(to: current, at: Date(timeIntervalSince1970: 10))
        #expect(next.version == 2)
        #expect(next.residents == 55)
        #expect(next.name == current.name)
        #expect(next.updatedAt == Date(timeIntervalSince1970: 10))
        #expect(patch.presentKeys == ["residents"])
    }

    @Test("a patch that breaks a rule is refused")
    func badPatch() throws {
        let current = try self.fields().makeInstitution(id: UUID(), at: Date())
        var patch = InstitutionFields()
        patch.beds = 10
        #expect(throws: DomainError.self) { try patch.apply(to: current, at: Date()) }
    }

    @Test("control characters and overlong text are refused")
    func text() {
        var fields = self.fields()
        fields.name = "bad\u{0007}name"
        fields.address = String(repeating: "街", count: 301)
        do {
            _ = try fields.makeInstitution(id: UUID(), at: Date())
            Issue.record("expected a validation error")
        } catch DomainError.invalid(let errors, _) {
            #expect(errors.map(\.field).sorted() == ["address", "name"])
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
