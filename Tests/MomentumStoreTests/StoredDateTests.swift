import Foundation
import GRDB
import Testing
@testable import MomentumStore

/// The store's own date text must be GRDB's to the character: rows written before and after it
/// are compared and sorted as text in SQL (`wins --since`).
@Suite struct StoredDateTests {
    static let edges: [Double] = [
        0, -0.0005, 0.0005, 1.2345, 0.0009, 0.9999, -1, 59.999, 86_399.9995, 86_400, 951_782_400 /* 2000-02-29 */,
        4_107_542_400 /* 2100-02-28 */, 4_107_628_800, 1_763_900_000.123_456, -12_219_292_800 /* 1582-10-15 */,
        -11_676_096_000 /* 1600-01-01 */, 253_402_300_799.999 /* 9999-12-31 23:59:59.999 */,
    ]

    @Test(arguments: edges)
    func edgeDatesReadAsGRDBWritesThem(seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(StoredDate.value(date) == date.databaseValue)
    }

    @Test func manyDatesReadAsGRDBWritesThem() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let date = Date(timeIntervalSince1970: Double.random(in: -12_300_000_000...253_402_400_000, using: &generator))
            #expect(StoredDate.value(date) == date.databaseValue, "\(date.timeIntervalSince1970)")
        }
    }

    @Test func noDateIsNull() {
        #expect(StoredDate.value(nil) == .null)
    }
}
