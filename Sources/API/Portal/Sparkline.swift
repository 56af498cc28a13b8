/// The `points` of an SVG polyline for a series of values, oldest first, drawn in the
/// box `x`…`x + width`, `y`…`y + height` (SVG's y grows downwards). Missing values
/// (days without a snapshot) are left out: the line joins the ones around them.
struct Sparkline {
    var x: Int
    var y: Int
    var width: Int
    var height: Int

    /// `values[i]` sits at slot i of `values.count`; `maximum` is the top of the box.
    func points(_ values: [Double?], maximum: Double) -> String {
        guard values.count > 0, maximum > 0 else { return "" }
        let step = values.count > 1 ? Double(self.width) / Double(values.count - 1) : 0
        return values.enumerated().compactMap { index, value -> String? in
            guard let value else { return nil }
            let share = min(max(value / maximum, 0), 1)
            let px = Double(self.x) + step * Double(index)
            let py = Double(self.y + self.height) - share * Double(self.height)
            return Self.format(px) + "," + Self.format(py)
        }.joined(separator: " ")
    }

    /// One decimal, no exponent: SVG coordinates.
    static func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        return sign + String(abs(tenths) / 10) + "." + String(abs(tenths) % 10)
    }
}
