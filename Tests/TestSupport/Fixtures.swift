import Domain
import Foundation

/// Valid institution inputs with unique credit codes.
public enum Fixtures {
    /// A valid unified social credit code, different on every call.
    public static func creditCode() -> String {
        let digits = String(UInt64.random(in: 0..<10_000_000)).leftPadded(to: 7)
        return CreditCode.complete("52210102MJ" + digits)!
    }

    public static func institutionJSON(
        name: String = "和平区社会福利院",
        creditCode: String = Fixtures.creditCode(),
        district: String = "和平区",
        beds: Int = 100,
        nursingBeds: Int = 40
    ) -> [String: Any] {
        [
            "name": name, "credit_code": creditCode, "operator_type": "public", "district": district,
            "address": "南京南街 25 号", "status": "operating", "beds": beds, "nursing_beds": nursingBeds,
            "residents": 80, "staff": 30, "legal_representative": "王建国", "contact_phone": "024-8100-2000",
        ]
    }
}

extension String {
    func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - self.count)) + self
    }
}
