/// Comparison whose running time does not depend on where two byte strings differ.
public enum ConstantTime {
    /// Whether `lhs` and `rhs` hold the same bytes, examining every byte of both.
    ///
    /// Lengths are not secret here (digests and keys have fixed sizes), so unequal lengths
    /// return false at once.
    public static func equals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices {
            difference |= lhs[index] ^ rhs[index]
        }
        return difference == 0
    }
}
