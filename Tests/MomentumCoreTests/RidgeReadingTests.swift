import Testing
@testable import MomentumCore

/// The linear reading the meaning rules blend with their neighbours' vote.
@Suite struct RidgeReadingTests {
    static let rows: [[Float]] = [[1, 0, 0], [0.9, 0.1, 0], [0.8, 0, 0.2], [0, 1, 0], [0.1, 0.9, 0], [0, 0.2, 0.8]]
    static let flagged = [true, true, true, false, false, false]

    @Test func readsFlagNearOneAndOkNearZero() throws {
        let reading = try #require(RidgeReading(rows: Self.rows, flagged: Self.flagged, ridge: 0.01))
        #expect(reading.score([1, 0, 0]) > 0.8)
        #expect(reading.score([0, 1, 0]) < 0.2)
    }

    /// `rules eval --leave-one-out` reads each phrasing without it: the shortcut must equal a refit
    /// (up to the single-precision sums XᵀX is built from).
    @Test(arguments: 0..<6)
    func readingWithoutARowEqualsRefittingWithoutIt(row: Int) throws {
        let reading = try #require(RidgeReading(rows: Self.rows, flagged: Self.flagged, ridge: 0.1))
        var rows = Self.rows, flagged = Self.flagged
        let left = rows.remove(at: row)
        let label = flagged.remove(at: row)
        let refit = try #require(RidgeReading(rows: rows, flagged: flagged, ridge: 0.1))
        for probe: [Float] in [left, [0.5, 0.5, 0], [0, 0, 1]] {
            #expect(abs(reading.score(probe, without: left, flagged: label) - refit.score(probe)) < 1e-6)
        }
    }

    @Test func refusesWhatCannotBeFitted() {
        #expect(RidgeReading(rows: [], flagged: [], ridge: 0.1) == nil)
        #expect(RidgeReading(rows: [[]], flagged: [true], ridge: 0.1) == nil)
        #expect(RidgeReading(rows: [[1, 0]], flagged: [true, false], ridge: 0.1) == nil)
    }

    @Test func aSingleRowStillReads() throws {
        let reading = try #require(RidgeReading(rows: [[1, 0]], flagged: [true], ridge: 0.1))
        #expect(reading.score([1, 0]) > 0.5)
    }
}
