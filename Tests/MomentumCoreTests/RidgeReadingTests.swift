import Testing
@testable import MomentumCore

/// The linear reading the meaning rules blend with their neighbours' vote.
@Suite struct RidgeReadingTests {
    static let rows: [[Float]] = [[1, 0, 0], [0.9, 0.1, 0], [0.8, 0, 0.2], [0, 1, 0], [0.1, 0.9, 0], [0, 0.2, 0.8]]
    static let texts = ["Instagram followers", "Number of likes", "Page views", "Share of trials that upgrade",
                        "Monthly churn rate", "Signed contracts per month"]
    static let flagged = [true, true, true, false, false, false]

    static func similarities(_ vector: [Float], to rows: [[Float]]) -> [Float] {
        rows.map { row in zip(row, vector).reduce(0) { $0 + $1.0 * $1.1 } }
    }

    @Test func readsFlagNearOneAndOkNearZero() throws {
        let reading = try #require(RidgeReading(rows: Self.rows, texts: Self.texts, flagged: Self.flagged, ridge: 0.01))
        #expect(reading.score(similarities: Self.similarities([1, 0, 0], to: Self.rows), text: "followers") > 0.8)
        #expect(reading.score(similarities: Self.similarities([0, 1, 0], to: Self.rows), text: "upgrade rate") < 0.2)
    }

    /// The words are features too: two phrasings whose vectors are the same are told apart by the
    /// word pairs they share with labelled ones.
    @Test func wordsTellApartWhatVectorsDoNot() throws {
        let rows: [[Float]] = Array(repeating: [1, 0], count: 4)
        let texts = ["Number of followers", "Number of page views", "Share of followers who buy", "Share of visitors who buy"]
        let reading = try #require(RidgeReading(rows: rows, texts: texts, flagged: [true, true, false, false], ridge: 0.1))
        let same = Self.similarities([1, 0], to: rows)
        #expect(reading.score(similarities: same, text: "Number of newsletter followers")
                > reading.score(similarities: same, text: "Share of newsletter readers who buy") + 0.3)
    }

    /// `rules eval --leave-one-out` reads each phrasing without it: the shortcut must equal a refit.
    @Test(arguments: 0..<6)
    func readingWithoutARowEqualsRefittingWithoutIt(row: Int) throws {
        let reading = try #require(RidgeReading(rows: Self.rows, texts: Self.texts, flagged: Self.flagged, ridge: 0.1))
        var rows = Self.rows, texts = Self.texts, flagged = Self.flagged
        let left = rows.remove(at: row)
        let leftText = texts.remove(at: row)
        flagged.remove(at: row)
        let refit = try #require(RidgeReading(rows: rows, texts: texts, flagged: flagged, ridge: 0.1))
        for (probe, text): ([Float], String) in [(left, leftText), ([0.5, 0.5, 0], "Number of signed trials"), ([0, 0, 1], "")] {
            let without = reading.score(similarities: Self.similarities(probe, to: Self.rows), text: text, without: row)
            #expect(abs(without - refit.score(similarities: Self.similarities(probe, to: rows), text: text)) < 1e-6)
        }
    }

    /// A win or `moves` answer is read beside its goal: with the same vector and words, the one
    /// sharing its goal's wording reads less like the flagged ones, as the labelled ones that did.
    @Test func goalOverlapTellsApartWhatTextAloneDoesNot() throws {
        let rows: [[Float]] = Array(repeating: [1, 0], count: 4)
        let texts = ["Sent the draft", "Sent the draft", "Sent the draft", "Sent the draft"]
        let reading = try #require(RidgeReading(rows: rows, texts: texts, flagged: [false, false, true, true], ridge: 0.1,
                                                goalOverlaps: [0.6, 0.5, 0, nil]))
        let same = Self.similarities([1, 0], to: rows)
        #expect(reading.score(similarities: same, text: "Sent the draft", goalOverlap: 0.55)
                < reading.score(similarities: same, text: "Sent the draft", goalOverlap: 0) - 0.2)
        #expect(RidgeReading(rows: rows, texts: texts, flagged: [false, false, true, true], ridge: 0.1, goalOverlaps: [0.5]) == nil)
    }

    /// Leaving out a phrasing without a goal leaves the other overlaps' mean as it was, so the
    /// shortcut equals a refit exactly, goal overlaps included. (Leaving out one with a goal moves
    /// that mean a little: `--leave-one-out` keeps the full set's, a hair from an exact refit.)
    @Test func readingWithoutAGoallessRowEqualsRefittingWithoutIt() throws {
        let rows: [[Float]] = [[1, 0], [0.8, 0.2], [0.1, 0.9], [0, 1], [0.5, 0.5]]
        let texts = ["Sent the draft to Dana", "Had a meeting", "Cleaned my desk", "Chapter 3 published", "Met the editor"]
        let flagged = [false, true, true, false, true]
        let overlaps: [Double?] = [0.5, 0.1, 0, 0.4, nil]
        let reading = try #require(RidgeReading(rows: rows, texts: texts, flagged: flagged, ridge: 0.1, goalOverlaps: overlaps))
        let refit = try #require(RidgeReading(rows: Array(rows.prefix(4)), texts: Array(texts.prefix(4)),
                                              flagged: Array(flagged.prefix(4)), ridge: 0.1, goalOverlaps: Array(overlaps.prefix(4))))
        for (probe, text, overlap): ([Float], String, Double?) in [([0.5, 0.5], "Met the editor", nil), ([1, 0], "Sent chapter 3", 0.6),
                                                                   ([0, 1], "Desk tidy", 0)] {
            let without = reading.score(similarities: Self.similarities(probe, to: rows), text: text, goalOverlap: overlap, without: 4)
            let refitted = refit.score(similarities: Self.similarities(probe, to: Array(rows.prefix(4))), text: text, goalOverlap: overlap)
            #expect(abs(without - refitted) < 1e-6)
        }
    }

    @Test func goalOverlapIsTheCosineOfStemSets() throws {
        #expect(GoalOverlap.of("Shipped the billing page", goal: "") == nil)
        #expect(GoalOverlap.of("🙂", goal: "Ship the billing page") == 0)
        let overlap = try #require(GoalOverlap.of("billing page live", goal: "Ship the billing page"))
        #expect(overlap > 0.4 && overlap < 1)
    }

    @Test func refusesWhatCannotBeFitted() {
        #expect(RidgeReading(rows: [], texts: [], flagged: [], ridge: 0.1) == nil)
        #expect(RidgeReading(rows: [[]], texts: [""], flagged: [true], ridge: 0.1) == nil)
        #expect(RidgeReading(rows: [[1, 0]], texts: ["a"], flagged: [true, false], ridge: 0.1) == nil)
        #expect(RidgeReading(rows: [[1, 0], [1]], texts: ["a", "b"], flagged: [true, false], ridge: 0.1) == nil)
    }

    @Test func aSingleRowStillReads() throws {
        let reading = try #require(RidgeReading(rows: [[1, 0]], texts: ["Likes"], flagged: [true], ridge: 0.1))
        #expect(reading.score(similarities: [1], text: "Likes") > 0.5)
    }

    @Test func featuresAreStemsAndNeighbouringPairsWithoutRepeats() {
        #expect(WordFeatures.features(of: "Number of meetings, number of meetings") ==
                ["number", "of", "number of", "meet", "of meet", "meet number"])
        #expect(WordFeatures.features(of: "🙂").isEmpty)
    }
}
